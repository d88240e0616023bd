package store

import (
	"slices"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// PutCell writes one cell of rec, stamped ts, and reports false when fieldID is
// not one of the table's fields. Both the records routes and the tables piece
// write cells through it; each words the refusal its own way.
func PutCell(rec *workflows.Record, fields []workflows.Field, fieldID string, value any, ts string) bool {
	i := slices.IndexFunc(fields, func(f workflows.Field) bool { return f.ID == fieldID })
	if i < 0 {
		return false
	}
	if rec.Cells == nil {
		rec.Cells = map[string]workflows.Cell{}
	}
	cell, ok := rec.Cells[fieldID]
	if !ok {
		cell.Created = ts
	}
	cell.Value, cell.FieldName, cell.Updated = value, fields[i].Name, ts
	rec.Cells[fieldID] = cell
	return true
}

// WithFieldNames refreshes each cell's field name and drops cells of deleted fields.
func WithFieldNames(rec *workflows.Record, fields []workflows.Field) {
	for id, cell := range rec.Cells {
		i := slices.IndexFunc(fields, func(f workflows.Field) bool { return f.ID == id })
		if i < 0 {
			delete(rec.Cells, id)
			continue
		}
		cell.FieldName = fields[i].Name
		rec.Cells[id] = cell
	}
	if rec.Cells == nil {
		rec.Cells = map[string]workflows.Cell{}
	}
}
