package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// fieldTypes are the column types of a table.
var fieldTypes = []string{"TEXT", "NUMBER", "DATE", "STATIC_DROPDOWN"}

func fieldRef(f *workflows.Field) store.DocRef {
	return store.DocRef{Kind: store.KindField, ID: f.ID, ProjectID: f.ProjectID, ParentID: f.TableID, Created: f.Created}
}

func (e *Engine) listFields(w http.ResponseWriter, r *http.Request) error {
	tableID, aerr := requiredQuery(r.URL.Query(), "tableId")
	if aerr != nil {
		return aerr
	}
	fields, err := tableFields(r.Context(), e.store.DB, tableID)
	if err != nil {
		return err
	}
	// Activepieces answers this route with a plain array; limit and cursor are ignored.
	writeJSON(w, http.StatusOK, fields)
	return nil
}

func (e *Engine) createField(w http.ResponseWriter, r *http.Request) error {
	var name, tableID string
	body, aerr := readObject(w, r, requiredStr("name", &name))
	if aerr != nil {
		return aerr
	}
	fieldType, aerr := body.enum("type", true, fieldTypes...)
	if aerr != nil {
		return aerr
	}
	if aerr := body.strs(requiredStr("tableId", &tableID)); aerr != nil {
		return aerr
	}
	data, aerr := body.obj("data", fieldType == "STATIC_DROPDOWN")
	if aerr != nil {
		return aerr
	}
	if fieldType == "STATIC_DROPDOWN" {
		var options []struct {
			Value string `json:"value"`
		}
		if err := json.Unmarshal(data.members["options"], &options); err != nil || len(options) == 0 {
			return data.bad("options", "must be a non-empty array of {value: string}")
		}
	}
	ctx := r.Context()
	var field *workflows.Field
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		table, err := store.FindDoc[workflows.Table](ctx, tx, store.KindTable, tableID)
		if err != nil {
			return err
		}
		ts := store.ISOTime(time.Now())
		field = &workflows.Field{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, Name: name,
			TableID: table.ID, ProjectID: table.ProjectID, Data: body.raw("data")}
		setString(&field.Type, fieldType)
		field.ExternalID = field.ID
		return store.PutDoc(ctx, tx, fieldRef(field), field)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, field)
	return nil
}

func (e *Engine) getField(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[workflows.Field](e, w, r, store.KindField)
}

func (e *Engine) updateField(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	var name string
	if _, aerr := readObject(w, r, requiredStr("name", &name)); aerr != nil {
		return aerr
	}
	field, err := store.UpdateDoc(r.Context(), e.store, store.KindField, id, fieldRef, func(_ *sql.Tx, field *workflows.Field) error {
		field.Name, field.Updated = name, store.ISOTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, field)
	return nil
}

func (e *Engine) deleteField(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		field, err := store.FindDoc[workflows.Field](ctx, tx, store.KindField, id)
		if err != nil {
			return err
		}
		if _, err := store.DeleteDoc(ctx, tx, store.KindField, id); err != nil {
			return err
		}
		// The field's cells go with it.
		records, err := store.ListDocs[workflows.Record](ctx, tx, store.KindRecord, store.Scope{ParentID: field.TableID})
		if err != nil {
			return err
		}
		for _, it := range records {
			if rec := it.Value; rec.Cells != nil {
				if _, ok := rec.Cells[id]; ok {
					delete(rec.Cells, id)
					if err := store.PutDoc(ctx, tx, recordRef(&rec), &rec); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeNoContent(w)
	return nil
}

// setString stores s in a string-typed field, whatever its named type.
func setString[T ~string](dst *T, s string) { *dst = T(s) }
