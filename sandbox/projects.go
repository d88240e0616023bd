package sandbox

import (
	"context"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// project is a sandbox project as GET /v1/projects lists it.
type project struct {
	client.Base
	DisplayName string `json:"displayName"`
	OwnerID     string `json:"ownerId"`
	PlatformID  string `json:"platformId"`
	ExternalID  string `json:"externalId,omitempty"`
}

// projectOf returns the given project id, or the default project when it is empty.
func (e *Engine) projectOf(given string) string {
	if given == "" {
		return e.projectID
	}
	return given
}

// requireProject returns the given project id (or the default) when that project exists.
func (e *Engine) requireProject(ctx context.Context, q querier, given string) (string, error) {
	id := e.projectOf(given)
	p, err := getDoc[project](ctx, q, kindProject, id)
	if err != nil {
		return "", err
	}
	if p == nil {
		return "", notFound("project", id)
	}
	return id, nil
}

func (e *Engine) listProjects(w http.ResponseWriter, r *http.Request) error {
	page, aerr := parsePage(r.URL.Query())
	if aerr != nil {
		return aerr
	}
	projects, err := listDocs[project](r.Context(), e.store.db, kindProject, scope{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, seekPage(projects, page, false))
	return nil
}

func (e *Engine) getProject(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	p, err := getDoc[project](r.Context(), e.store.db, kindProject, id)
	if err != nil {
		return err
	}
	if p == nil {
		return notFound("project", id)
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
