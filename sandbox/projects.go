package sandbox

import (
	"context"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// project is a sandbox project as GET /v1/projects lists it.
type project struct {
	workflows.Base
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
	if _, err := findDoc[project](ctx, q, kindProject, id); err != nil {
		return "", err
	}
	return id, nil
}

func (e *Engine) listProjects(w http.ResponseWriter, r *http.Request) error {
	page, aerr := parsePage(r.URL.Query())
	if aerr != nil {
		return aerr
	}
	projects, err := listPage[project](r.Context(), e.store.db, kindProject, scope{}, page)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, projects)
	return nil
}

func (e *Engine) getProject(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[project](e, w, r, kindProject)
}
