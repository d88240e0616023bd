package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// maxRecordsPerCall is Activepieces' bound on rows created by one call.
const maxRecordsPerCall = 50

func recordRef(rec *workflows.Record) store.DocRef {
	return store.DocRef{Kind: store.KindRecord, ID: rec.ID, ProjectID: rec.ProjectID, ParentID: rec.TableID, Created: rec.Created}
}

// cellText turns a JSON cell value into the string it is stored as.
func cellText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// cellInput is one {fieldId, value} of a records body.
type cellInput struct {
	FieldID string
	Value   string
}

// readCells checks an array of {fieldId, value} at path (e.g. "records/0") in the body.
func readCells(raw json.RawMessage, path string) ([]cellInput, *apierr.Error) {
	var cells []json.RawMessage
	if err := json.Unmarshal(raw, &cells); err != nil {
		return nil, apierr.BadField("body", path, "must be array of {fieldId, value}")
	}
	out := make([]cellInput, 0, len(cells))
	for i, c := range cells {
		o := object{where: fmt.Sprintf("body/%s/%d", path, i), members: map[string]json.RawMessage{}}
		if json.Unmarshal(c, &o.members) != nil {
			return nil, apierr.BadField("body", fmt.Sprintf("%s/%d", path, i), "must be object")
		}
		fieldID, aerr := o.str("fieldId", true)
		if aerr != nil {
			return nil, aerr
		}
		if !o.has("value") {
			return nil, o.bad("value", "is required")
		}
		out = append(out, cellInput{FieldID: fieldID, Value: cellText(o.members["value"])})
	}
	return out, nil
}

// setCells writes cells into rec, refusing fields that are not the table's.
func setCells(rec *workflows.Record, cells []cellInput, fields []workflows.Field, path, ts string) *apierr.Error {
	if rec.Cells == nil {
		rec.Cells = map[string]workflows.Cell{}
	}
	for i, c := range cells {
		if !store.PutCell(rec, fields, c.FieldID, c.Value, ts) {
			return apierr.BadField("body", fmt.Sprintf("%s/%d/fieldId", path, i), "must be the id of a field of table "+rec.TableID)
		}
	}
	return nil
}

func (e *Engine) createRecords(w http.ResponseWriter, r *http.Request) error {
	var tableID string
	body, aerr := readObject(w, r, requiredStr("tableId", &tableID))
	if aerr != nil {
		return aerr
	}
	var rows []json.RawMessage
	if err := json.Unmarshal(body.raw("records"), &rows); err != nil || rows == nil {
		return apierr.BadField("body", "records", "is required: must be array of rows, each an array of {fieldId, value}")
	}
	if len(rows) > maxRecordsPerCall {
		return apierr.BadField("body", "records", fmt.Sprintf("must NOT have more than %d items", maxRecordsPerCall))
	}
	inputs := make([][]cellInput, len(rows))
	for i, row := range rows {
		if inputs[i], aerr = readCells(row, fmt.Sprintf("records/%d", i)); aerr != nil {
			return aerr
		}
	}
	ctx := r.Context()
	created := make([]workflows.Record, 0, len(rows))
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		table, err := store.FindDoc[workflows.Table](ctx, tx, store.KindTable, tableID)
		if err != nil {
			return err
		}
		fields, err := tableFields(ctx, tx, tableID)
		if err != nil {
			return err
		}
		ts := store.ISOTime(time.Now())
		for i, cells := range inputs {
			rec := workflows.Record{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, TableID: table.ID, ProjectID: table.ProjectID}
			if aerr := setCells(&rec, cells, fields, fmt.Sprintf("records/%d", i), ts); aerr != nil {
				return aerr
			}
			if err := store.PutDoc(ctx, tx, recordRef(&rec), &rec); err != nil {
				return err
			}
			created = append(created, rec)
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}

func (e *Engine) listRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	tableID, aerr := requiredQuery(q, "tableId")
	if aerr != nil {
		return aerr
	}
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	// Activepieces looks the table up first: a missing one is its 404, not an empty page.
	if _, err := store.FindDoc[workflows.Table](ctx, e.store.DB, store.KindTable, tableID); err != nil {
		return err
	}
	records, err := listPage[workflows.Record](ctx, e.store.DB, store.KindRecord, store.Scope{ParentID: tableID}, page)
	if err != nil {
		return err
	}
	fields, err := tableFields(ctx, e.store.DB, tableID)
	if err != nil {
		return err
	}
	for i := range records.Data {
		store.WithFieldNames(&records.Data[i], fields)
	}
	writeJSON(w, http.StatusOK, records)
	return nil
}

// loadRecord returns a record with fresh field names, or a 404.
func loadRecord(ctx context.Context, q store.Querier, id string) (*workflows.Record, []workflows.Field, error) {
	rec, err := store.FindDoc[workflows.Record](ctx, q, store.KindRecord, id)
	if err != nil {
		return nil, nil, err
	}
	fields, err := tableFields(ctx, q, rec.TableID)
	if err != nil {
		return nil, nil, err
	}
	store.WithFieldNames(rec, fields)
	return rec, fields, nil
}

func (e *Engine) getRecord(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	rec, _, err := loadRecord(r.Context(), e.store.DB, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (e *Engine) updateRecord(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	var tableID string
	body, aerr := readObject(w, r, requiredStr("tableId", &tableID))
	if aerr != nil {
		return aerr
	}
	var cells []cellInput
	if raw := body.raw("cells"); raw != nil {
		if cells, aerr = readCells(raw, "cells"); aerr != nil {
			return aerr
		}
	}
	ctx := r.Context()
	var rec *workflows.Record
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		var fields []workflows.Field
		var err error
		if rec, fields, err = loadRecord(ctx, tx, id); err != nil {
			return err
		}
		if rec.TableID != tableID {
			return apierr.NotFound("record", id)
		}
		ts := store.ISOTime(time.Now())
		if aerr := setCells(rec, cells, fields, "cells", ts); aerr != nil {
			return aerr
		}
		rec.Updated = ts
		return store.PutDoc(ctx, tx, recordRef(rec), rec)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (e *Engine) deleteRecords(w http.ResponseWriter, r *http.Request) error {
	var tableID string
	body, aerr := readObject(w, r, requiredStr("tableId", &tableID))
	if aerr != nil {
		return aerr
	}
	var ids []string
	if err := json.Unmarshal(body.raw("ids"), &ids); err != nil || ids == nil {
		return apierr.BadField("body", "ids", "is required: must be array of record ids")
	}
	ctx := r.Context()
	deleted := []workflows.Record{}
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			rec, _, err := loadRecord(ctx, tx, id)
			if err != nil {
				if _, missing := err.(*apierr.Error); missing {
					continue
				}
				return err
			}
			if rec.TableID != tableID {
				continue
			}
			if _, err := store.DeleteDoc(ctx, tx, store.KindRecord, id); err != nil {
				return err
			}
			deleted = append(deleted, *rec)
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, deleted)
	return nil
}
