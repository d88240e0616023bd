package sandbox

import (
	"context"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
)

// projectOf returns the given project id, or the default project when it is empty.
func (e *Engine) projectOf(given string) string {
	if given == "" {
		return e.projectID
	}
	return given
}

// requireProject returns the given project id (or the default) when that project exists.
func (e *Engine) requireProject(ctx context.Context, q store.Querier, given string) (string, error) {
	id := e.projectOf(given)
	if scoped := store.ProjectScope(ctx); given == "" && scoped != "" {
		id = scoped // a key bound to a project creates there
	}
	if _, err := store.FindDoc[store.Project](ctx, q, store.KindProject, id); err != nil {
		return "", err
	}
	return id, nil
}

func (e *Engine) listProjects(w http.ResponseWriter, r *http.Request) error {
	page, aerr := parsePage(r.URL.Query())
	if aerr != nil {
		return aerr
	}
	projects, err := listPage[store.Project](r.Context(), e.store.DB, store.KindProject, store.Scope{}, page)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, projects)
	return nil
}

func (e *Engine) getProject(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[store.Project](e, w, r, store.KindProject)
}

// currentProject answers GET /v1/users/projects/current, Activepieces' "the
// project I work in": the project of the caller's key when the key is bound
// to one, else the default project. iMBRACE's newest SDK asks it before
// creating an MCP server.
func (e *Engine) currentProject(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := store.ProjectScope(ctx)
	if id == "" {
		id = e.projectID
	}
	project, err := store.FindDoc[store.Project](ctx, e.store.DB, store.KindProject, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, project)
	return nil
}
