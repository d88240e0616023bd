package sandbox

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
)

// scopeToKey limits an authenticated request to the project its API key is
// bound to (WithKeyProjects): the store then reads and deletes only that
// project's documents, and a list or create that names no project gets the
// key's. A request with an unbound key, or on a sandbox without bindings, is
// left whole. Two keys bound to different projects in one request are refused.
func (e *Engine) scopeToKey(r *http.Request) (*http.Request, *apierr.Error) {
	if len(e.keyProjects) == 0 {
		return r, nil
	}
	project := ""
	for _, given := range presentedKeys(r) {
		for key, p := range e.keyProjects {
			if subtle.ConstantTimeCompare([]byte(given), []byte(key)) != 1 {
				continue
			}
			if project != "" && project != p {
				return nil, apierr.New(http.StatusUnauthorized, "AUTHENTICATION", "the request carries keys of two projects: send one")
			}
			project = p
		}
	}
	if project == "" {
		return r, nil
	}
	project = store.ProjectIDFor(project)
	r = r.WithContext(store.WithProjectScope(r.Context(), project))
	if q := r.URL.Query(); q.Get("projectId") == "" {
		// Lists read their project from the query: default it to the key's,
		// as creates do through requireProject.
		q.Set("projectId", project)
		u := *r.URL
		u.RawQuery = q.Encode()
		r.URL = &u
	}
	return r, nil
}

// presentedKeys lists the credentials a request carries, in the forms the
// engine accepts: Authorization: Bearer, x-api-key and x-access-token.
func presentedKeys(r *http.Request) []string {
	var given []string
	if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		given = append(given, strings.TrimSpace(token))
	}
	for _, h := range []string{"x-api-key", "x-access-token"} {
		if v := r.Header.Get(h); v != "" {
			given = append(given, v)
		}
	}
	return given
}
