package sandbox

import (
	"net/http"
	"slices"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// listPieces answers GET /v1/pieces: every piece, filtered. Like
// Activepieces, it takes no limit (one given is ignored) and pages nothing.
func (e *Engine) listPieces(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	search := strings.ToLower(strings.TrimSpace(q.Get("searchQuery")))
	categories := q["categories"]
	out := []workflows.PieceSummary{}
	for _, p := range e.catalogue.Summaries() {
		if search != "" && !strings.Contains(strings.ToLower(p.Name+" "+p.DisplayName+" "+p.Description), search) {
			continue
		}
		if len(categories) > 0 && !slices.ContainsFunc(p.Categories, func(c string) bool { return slices.Contains(categories, c) }) {
			continue
		}
		out = append(out, p)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (e *Engine) getPiece(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if scopeName := r.PathValue("scope"); scopeName != "" {
		if !strings.HasPrefix(scopeName, "@") {
			return apierr.NotFound("piece", scopeName+"/"+name)
		}
		name = scopeName + "/" + name
	}
	p, err := e.catalogue.Metadata(name, r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
