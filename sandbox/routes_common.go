package sandbox

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The helpers below serve what most entity routes share: a document by its path
// id, its deletion, and a page of a list.

// docByPathID returns the document of kind named by the path's id: a 400 when
// the id is malformed, the 404 when there is no such document.
func docByPathID[T any](r *http.Request, q store.Querier, kind string) (*T, error) {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return nil, aerr
	}
	return store.FindDoc[T](r.Context(), q, kind, id)
}

// serveDoc answers GET /v1/<entities>/{id} with the document as stored.
func serveDoc[T any](e *Engine, w http.ResponseWriter, r *http.Request, kind string) error {
	doc, err := docByPathID[T](r, e.store.DB, kind)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, doc)
	return nil
}

// deleteByPathID answers DELETE /v1/<entities>/{id}: it deletes the document
// of kind and its children of childKinds in one transaction, and answers 204,
// or the 404 when there is no such document.
func (e *Engine) deleteByPathID(w http.ResponseWriter, r *http.Request, kind string, childKinds ...string) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	if err := e.store.Update(ctx, func(tx *sql.Tx) error { return store.RemoveDoc(ctx, tx, kind, id, childKinds...) }); err != nil {
		return err
	}
	writeNoContent(w)
	return nil
}

// listPage returns one page of the documents of kind within sc, oldest first
// by creation time.
func listPage[T any](ctx context.Context, q store.Querier, kind string, sc store.Scope, p pageRequest) (workflows.SeekPage[T], error) {
	items, err := store.ListDocs[T](ctx, q, kind, sc)
	if err != nil {
		return workflows.SeekPage[T]{}, err
	}
	return seekPage(items, p, byCreated[T](false)), nil
}
