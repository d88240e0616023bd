package sandbox

import (
	"database/sql"
	"net/http"
	"net/mail"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func (e *Engine) listInvitations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("type") == "" {
		return apierr.BadField("querystring", "type", "is required: must be PLATFORM or PROJECT")
	}
	types, aerr := queryEnum(q, "type", string(workflows.InvitePlatform), string(workflows.InviteProject))
	if aerr != nil {
		return aerr
	}
	statuses, aerr := queryEnum(q, "status", string(workflows.InvitePending), string(workflows.InviteAccepted))
	if aerr != nil {
		return aerr
	}
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	projectID := q.Get("projectId")
	all, err := store.ListDocs[workflows.UserInvitation](r.Context(), e.store.DB, store.KindInvitation, store.Scope{})
	if err != nil {
		return err
	}
	invitations := filterItems(all, func(inv workflows.UserInvitation) bool {
		switch {
		case string(inv.Type) != types[0]:
			return false
		case len(statuses) > 0 && string(inv.Status) != statuses[0]:
			return false
		case projectID != "" && (inv.ProjectID == nil || *inv.ProjectID != projectID):
			return false
		}
		return true
	})
	writeJSON(w, http.StatusOK, seekPage(invitations, page, byCreated[workflows.UserInvitation](true)))
	return nil
}

func (e *Engine) createInvitation(w http.ResponseWriter, r *http.Request) error {
	var email, projectID, projectRole string
	body, aerr := readObject(w, r, requiredStr("email", &email))
	if aerr != nil {
		return aerr
	}
	if _, err := mail.ParseAddress(email); err != nil {
		return body.bad("email", `must match format "email"`)
	}
	invType, aerr := body.enum("type", true, string(workflows.InvitePlatform), string(workflows.InviteProject))
	if aerr != nil {
		return aerr
	}
	platformRole, aerr := body.enum("platformRole", false, "ADMIN", "MEMBER", "OPERATOR")
	if aerr != nil {
		return aerr
	}
	if aerr := body.strs(optionalStr("projectId", &projectID), optionalStr("projectRole", &projectRole)); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	var inv *workflows.UserInvitation
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		ts := store.ISOTime(time.Now())
		inv = &workflows.UserInvitation{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, Email: email,
			Status: workflows.InvitePending, Type: workflows.InvitationType(invType), PlatformID: store.PlatformID}
		if invType == string(workflows.InviteProject) {
			project, err := e.requireProject(ctx, tx, projectID)
			if err != nil {
				return err
			}
			inv.ProjectID = &project
			if projectRole == "" {
				projectRole = "Editor"
			}
			inv.ProjectRoleID = new(projectRole)
		} else {
			if platformRole == "" {
				platformRole = "MEMBER"
			}
			inv.PlatformRole = &platformRole
		}
		return store.PutDoc(ctx, tx, store.DocRef{Kind: store.KindInvitation, ID: inv.ID, Created: ts}, inv)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (e *Engine) deleteInvitation(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindInvitation)
}
