package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// flowOperationTypes are the operation types POST /v1/flows/{id} accepts (upstream-api §4).
var flowOperationTypes = []string{
	"UPDATE_TRIGGER", "ADD_ACTION", "UPDATE_ACTION", "DELETE_ACTION", "DUPLICATE_ACTION", "MOVE_ACTION",
	"SET_SKIP_ACTION", "ADD_BRANCH", "DELETE_BRANCH", "DUPLICATE_BRANCH", "MOVE_BRANCH", "CHANGE_NAME",
	"CHANGE_FOLDER", "UPDATE_METADATA", "UPDATE_MINUTES_SAVED", "UPDATE_OWNER", "LOCK_AND_PUBLISH", "LOCK_FLOW",
	"USE_AS_DRAFT", "CHANGE_STATUS", "IMPORT_FLOW", "SAVE_SAMPLE_DATA", "UPDATE_SAMPLE_DATA_INFO",
	"ADD_NOTE", "UPDATE_NOTE", "DELETE_NOTE",
}

func (e *Engine) listFlows(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	statuses, aerr := queryEnum(q, "status", string(workflows.FlowEnabled), string(workflows.FlowDisabled))
	if aerr != nil {
		return aerr
	}
	folderID, name := q.Get("folderId"), strings.ToLower(q.Get("name"))
	ctx := r.Context()
	flows, err := store.ListDocs[workflows.Flow](ctx, e.store.DB, store.KindFlow, store.Scope{ProjectID: e.projectOf(q.Get("projectId"))})
	if err != nil {
		return err
	}
	for i := range flows {
		f := &flows[i].Value
		if f.Version, err = store.LatestChild[workflows.FlowVersion](ctx, e.store.DB, store.KindVersion, f.ID); err != nil {
			return err
		}
	}
	flows = filterItems(flows, func(f workflows.Flow) bool {
		switch {
		case folderID == "NULL" && f.FolderID != nil:
			return false
		case folderID != "" && folderID != "NULL" && (f.FolderID == nil || *f.FolderID != folderID):
			return false
		case len(statuses) > 0 && !slices.Contains(statuses, string(f.Status)):
			return false
		case name != "" && (f.Version == nil || !strings.Contains(strings.ToLower(f.Version.DisplayName), name)):
			return false
		}
		return true
	})
	out := seekPage(flows, page, flowOrder)
	for i := range out.Data {
		withNullMembers(&out.Data[i])
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// flowOrder is Activepieces' order of GET /v1/flows: the most recently
// updated first, so that a flow just edited tops the list.
var flowOrder = listOrder[workflows.Flow]{Field: "updated", Desc: true,
	Time: func(it store.Item[workflows.Flow]) string { return it.Value.Updated }}

func (e *Engine) getFlow(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	f, err := store.LoadFlow(ctx, e.store.DB, id)
	if err != nil {
		return err
	}
	if versionID := r.URL.Query().Get("versionId"); versionID != "" {
		if !store.ValidID(versionID) {
			return apierr.BadField("querystring", "versionId", "must be a 21-character id of letters and digits")
		}
		v, err := store.GetDoc[workflows.FlowVersion](ctx, e.store.DB, store.KindVersion, versionID)
		if err != nil {
			return err
		}
		if v == nil || v.FlowID != id {
			return apierr.NotFound("flow_version", versionID)
		}
		f.Version = v
	}
	withNullMembers(f)
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (e *Engine) createFlow(w http.ResponseWriter, r *http.Request) error {
	var displayName, projectID, folderID, folderName string
	body, aerr := readObject(w, r, requiredStr("displayName", &displayName), optionalStr("projectId", &projectID),
		optionalStr("folderId", &folderID), optionalStr("folderName", &folderName))
	if aerr != nil {
		return aerr
	}
	metadata := body.raw("metadata")
	if metadata != nil && !isJSONObject(metadata) {
		return body.bad("metadata", "must be object")
	}
	var flow *workflows.Flow
	ctx := r.Context()
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		var folder *string
		switch {
		case folderID != "":
			f, err := store.GetDoc[workflows.Folder](ctx, tx, store.KindFolder, folderID)
			if err != nil {
				return err
			}
			if f == nil || f.ProjectID != project {
				return apierr.NotFound("folder", folderID)
			}
			folder = &f.ID
		case strings.TrimSpace(folderName) != "":
			f, _, err := store.UpsertFolder(ctx, tx, project, folderName)
			if err != nil {
				return err
			}
			folder = &f.ID
		}
		flow = store.NewFlow(project, displayName, folder, metadata, time.Now())
		return store.SaveFlow(ctx, tx, flow)
	})
	if err != nil {
		return err
	}
	withNullMembers(flow)
	writeJSON(w, http.StatusCreated, flow)
	return nil
}

// deleteFlow deletes a flow with its versions, runs and trigger samples.
func (e *Engine) deleteFlow(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindFlow, store.KindVersion, store.KindRun, store.KindRunOwner, store.KindTriggerEvent)
}

func (e *Engine) applyFlowOperation(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	body, aerr := readObject(w, r)
	if aerr != nil {
		return aerr
	}
	opType, aerr := body.enum("type", true, flowOperationTypes...)
	if aerr != nil {
		return aerr
	}
	request := body.raw("request")
	if request == nil {
		request = json.RawMessage("{}")
	} else if !isJSONObject(request) {
		return body.bad("request", "must be object")
	}
	ctx := r.Context()
	var flow *workflows.Flow
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		var err error
		if flow, err = store.LoadFlow(ctx, tx, id); err != nil {
			return err
		}
		if err := engine.ApplyOperation(e.opEnv(ctx, tx, flow), flow, opType, request); err != nil {
			return err
		}
		if flow.Version == nil {
			return apierr.InvalidOperation("operation %s left the flow without a version", opType)
		}
		flow.Updated = store.ISOTime(time.Now())
		return store.SaveFlow(ctx, tx, flow)
	})
	if err != nil {
		return err
	}
	withNullMembers(flow)
	writeJSON(w, http.StatusOK, flow)
	return nil
}

// opEnv gives engine.ApplyOperation access to the store inside the operation's transaction.
func (e *Engine) opEnv(ctx context.Context, tx *sql.Tx, flow *workflows.Flow) engine.OpEnv {
	flowID, projectID := flow.ID, flow.ProjectID
	return engine.OpEnv{
		NewID:     store.NewID,
		Now:       time.Now,
		Catalogue: e.catalogue,
		Version: func(versionID string) (*workflows.FlowVersion, error) {
			v, err := store.GetDoc[workflows.FlowVersion](ctx, tx, store.KindVersion, versionID)
			if err != nil || v == nil || v.FlowID != flowID {
				return nil, err
			}
			return v, nil
		},
		FolderExists: func(folderID string) (bool, error) {
			f, err := store.GetDoc[workflows.Folder](ctx, tx, store.KindFolder, folderID)
			return f != nil && f.ProjectID == projectID, err
		},
	}
}

// flowNullMembers are the members of a flow that Activepieces keeps in
// nullable columns and so answers as null when unset, where the Go model
// leaves them out; versionNullMembers are those of its version.
var (
	flowNullMembers    = []string{"ownerId", "folderId", "publishedVersionId", "metadata", "timeSavedPerRun", "templateId"}
	versionNullMembers = []string{"updatedBy"}
)

// withNullMembers makes a flow answer its unset nullable members as null, as
// Activepieces does. The encoder writes an Extra member only when the field
// of that name is left out, so a member that is set is written as itself.
func withNullMembers(f *workflows.Flow) {
	f.Extra = nullMembers(f.Extra, flowNullMembers...)
	if f.Version != nil {
		f.Version.Extra = nullMembers(f.Version.Extra, versionNullMembers...)
	}
}

// nullMembers returns a copy of extra with each of names set to null unless
// extra already has it.
func nullMembers(extra workflows.Extra, names ...string) workflows.Extra {
	out := make(workflows.Extra, len(extra)+len(names))
	maps.Copy(out, extra)
	for _, name := range names {
		if _, ok := out[name]; !ok {
			out[name] = json.RawMessage("null")
		}
	}
	return out
}

// isJSONObject reports whether raw is a JSON object.
func isJSONObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}
