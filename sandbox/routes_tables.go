package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func tableRef(t *workflows.Table) store.DocRef {
	return store.DocRef{Kind: store.KindTable, ID: t.ID, ProjectID: t.ProjectID, Created: t.Created}
}

// tableFields lists a table's fields, oldest first.
func tableFields(ctx context.Context, q store.Querier, tableID string) ([]workflows.Field, error) {
	items, err := store.ListDocs[workflows.Field](ctx, q, store.KindField, store.Scope{ParentID: tableID})
	if err != nil {
		return nil, err
	}
	out := make([]workflows.Field, 0, len(items))
	for _, it := range items {
		out = append(out, it.Value)
	}
	return out, nil
}

func (e *Engine) createTable(w http.ResponseWriter, r *http.Request) error {
	var name, projectID, externalID string
	if _, aerr := readObject(w, r, requiredStr("name", &name), optionalStr("projectId", &projectID),
		optionalStr("externalId", &externalID)); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	var table *workflows.Table
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		ts := store.ISOTime(time.Now())
		table = &workflows.Table{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, Name: name, ProjectID: project, ExternalID: externalID}
		if table.ExternalID == "" {
			table.ExternalID = table.ID
		}
		return store.PutDoc(ctx, tx, tableRef(table), table)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, table)
	return nil
}

func (e *Engine) listTables(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	tables, err := listPage[workflows.Table](r.Context(), e.store.DB, store.KindTable, store.Scope{ProjectID: e.projectOf(q.Get("projectId"))}, page)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, tables)
	return nil
}

func (e *Engine) getTable(w http.ResponseWriter, r *http.Request) error {
	t, err := docByPathID[workflows.Table](r, e.store.DB, store.KindTable)
	if err != nil {
		return err
	}
	if t.Fields, err = tableFields(r.Context(), e.store.DB, t.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// deleteTable deletes a table with its fields and records.
func (e *Engine) deleteTable(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindTable, store.KindField, store.KindRecord)
}
