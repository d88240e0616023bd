package pieces

import (
	"encoding/json"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The tables piece (@activepieces/piece-tables): record actions on the
// project's own tables, the ones the tables routes serve. Activepieces
// bundles this piece with its server rather than publishing it, so its
// metadata follows the piece's source; its triggers are left out, since the
// sandbox starts runs only from webhooks. The actions reach the tables
// through Run.Tables, which the HTTP side backs with the store.
const (
	TablesName          = "@activepieces/piece-tables"
	TablesCreateRecords = "tables-create-records"
	TablesFindRecords   = "tables-find-records"
	TablesUpdateRecord  = "tables-update-record"
	TablesDeleteRecord  = "tables-delete-record"
	TablesGetRecord     = "tables-get-record"
	TablesClearTable    = "tables-clear-table"
)

var tables = Piece{
	Name:     TablesName,
	Versions: []string{"0.2.16"},
	Metadata: tablesMetadata,
	Actions: map[string]Action{
		TablesCreateRecords: tablesCreateRecords, TablesFindRecords: tablesFindRecords,
		TablesUpdateRecord: tablesUpdateRecord, TablesDeleteRecord: tablesDeleteRecord,
		TablesGetRecord: tablesGetRecord, TablesClearTable: tablesClearTable,
	},
}

func tablesMetadata(version string) *workflows.Piece {
	tableID := workflows.PieceProperty{DisplayName: "Table Name", Type: "DROPDOWN", Required: true,
		Extra: workflows.Extra{"refreshers": metadataJSON([]string{}), "refreshOnSearch": metadataJSON(true)}}
	recordID := func(description string) workflows.PieceProperty {
		return workflows.PieceProperty{DisplayName: "Record ID", Description: description, Type: "SHORT_TEXT", Required: true}
	}
	action := func(name, displayName, description string, props map[string]workflows.PieceProperty) workflows.PieceComponent {
		props["table_id"] = tableID
		return workflows.PieceComponent{Name: name, DisplayName: displayName, Description: description, Extra: actionExtra(), Props: props}
	}
	return &workflows.Piece{
		Name:        TablesName,
		DisplayName: "Tables",
		LogoURL:     "https://cdn.activepieces.com/pieces/tables_piece.svg",
		Version:     version,
		Authors:     []string{"amrdb"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.71.5"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{
			TablesCreateRecords: action(TablesCreateRecords, "Create Record(s)", "Insert one or more new records to a table.",
				map[string]workflows.PieceProperty{"values": dynamicProp("Records",
					"The records to create: values, a list of records, each an object of field (externalId) to value.", true, "table_id")}),
			TablesFindRecords: action(TablesFindRecords, "Find Records", "Find records in a table with filters.", map[string]workflows.PieceProperty{
				"limit": {DisplayName: "Limit", Description: "Maximum number of records to return (default no limit).", Type: "NUMBER"},
				"filters": dynamicProp("Filters", "Filter conditions to apply: filters, a list of {field: {id, type, name}, "+
					"operator (eq, neq, gt, gte, lt, lte, co), value}.", false, "table_id"),
			}),
			TablesUpdateRecord: action(TablesUpdateRecord, "Update Record", "Update values in an existing record", map[string]workflows.PieceProperty{
				"record_id": recordID("The ID of the record to do the action on."),
				"values": dynamicProp("Values", "The values to update, an object of field (externalId) to value. "+
					"Leave empty to keep current value.", true, "table_id", "record_id"),
			}),
			TablesDeleteRecord: action(TablesDeleteRecord, "Delete Record(s)", "Delete record(s) from a table", map[string]workflows.PieceProperty{
				"records_ids": arrayProp("Records IDs", "The IDs of the records to delete", true),
			}),
			TablesGetRecord: action(TablesGetRecord, "Get Record", "Get single record by its id.",
				map[string]workflows.PieceProperty{"record_id": recordID("The ID of the record to get.")}),
			TablesClearTable: action(TablesClearTable, "Clear Table", "Delete all records from a table", map[string]workflows.PieceProperty{}),
		},
	}
}

// findTable finds the table table_id names (its externalId, as the piece's
// dropdown gives it, or its id), failing with the piece's message.
func findTable(run Run, props map[string]any) (*workflows.Table, error) {
	ref := jsonvalue.Text(props["table_id"])
	table, err := run.Tables().Table(run.Context(), ref)
	if err != nil {
		return nil, err
	}
	if table == nil {
		return nil, upstreamError("Table with externalId %s not found is null or undefined", ref)
	}
	return table, nil
}

// cellsByID turns {field externalId: value} into {field id: text}, leaving
// out empty values and names that are no field of the table, as the piece
// does, after checking numbers and dates as its validation does.
func cellsByID(values map[string]any, fields []workflows.Field) (map[string]string, error) {
	cells := map[string]string{}
	for key, value := range values {
		if value == nil || value == "" {
			continue
		}
		field, ok := fieldByRef(fields, key)
		if !ok {
			continue
		}
		if err := checkCell(field, value); err != nil {
			return nil, err
		}
		cells[field.ID] = jsonvalue.Text(value)
	}
	return cells, nil
}

func fieldByRef(fields []workflows.Field, ref string) (workflows.Field, bool) {
	for _, f := range fields {
		if f.ExternalID == ref || f.ID == ref {
			return f, true
		}
	}
	return workflows.Field{}, false
}

// checkCell refuses a value a NUMBER or DATE field cannot hold, with the
// piece's message.
func checkCell(field workflows.Field, value any) error {
	switch field.Type {
	case workflows.FieldNumber:
		if _, ok := jsonvalue.Number(value); !ok {
			return zodError(field.ID, fmt.Sprintf("Invalid number for field %q", field.Name))
		}
	case workflows.FieldDate:
		if _, ok := jsonvalue.Date(value); !ok {
			return zodError(field.ID, fmt.Sprintf("Invalid date for field %q", field.Name))
		}
	}
	return nil
}

// formatRecord is the piece's formatRecord: id, created, updated and cells.
func formatRecord(rec workflows.Record) map[string]any {
	cells := map[string]any{}
	for id, c := range rec.Cells {
		cells[id] = map[string]any{"fieldName": c.FieldName, "updated": c.Updated, "created": c.Created, "value": c.Value}
	}
	return map[string]any{"id": rec.ID, "created": rec.Created, "updated": rec.Updated, "cells": cells}
}

func formatRecords(recs []workflows.Record) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = formatRecord(r)
	}
	return out
}

// tablesCreateRecords creates values.values, a list of records.
func tablesCreateRecords(run Run, props map[string]any) (Result, error) {
	table, err := findTable(run, props)
	if err != nil {
		return Result{}, err
	}
	list, ok := jsonvalue.List(objectProp(props["values"])["values"])
	if !ok {
		return Result{}, fmt.Errorf("values.values must be a list of records, each an object of field to value, not %s",
			jsonvalue.Kind(objectProp(props["values"])["values"]))
	}
	rows := make([]map[string]string, 0, len(list))
	for i, item := range list {
		record, ok := item.(map[string]any)
		if !ok {
			return Result{}, fmt.Errorf("values.values[%d] must be an object of field to value, not %s", i, jsonvalue.Kind(item))
		}
		cells, err := cellsByID(record, table.Fields)
		if err != nil {
			return Result{}, err
		}
		rows = append(rows, cells)
	}
	created, err := run.Tables().CreateRecords(run.Context(), table.ID, rows)
	if err != nil {
		return Result{}, err
	}
	return Result{Output: formatRecords(created)}, nil
}

// tablesUpdateRecord sets the non-empty values of a record.
func tablesUpdateRecord(run Run, props map[string]any) (Result, error) {
	table, err := findTable(run, props)
	if err != nil {
		return Result{}, err
	}
	values := objectProp(props["values"])
	cells, err := cellsByID(values, table.Fields)
	if err != nil {
		return Result{}, err
	}
	id := jsonvalue.Text(props["record_id"])
	rec, err := run.Tables().UpdateRecord(run.Context(), table.ID, id, cells)
	if err != nil {
		return Result{}, err
	}
	if rec == nil {
		return Result{}, recordNotFound(id)
	}
	return Result{Output: formatRecord(*rec)}, nil
}

// recordNotFound is the server's 404 as the piece's HTTP client reports it.
func recordNotFound(id string) error {
	data, _ := json.Marshal(map[string]any{
		"response": map[string]any{"status": 404, "body": map[string]any{"code": "ENTITY_NOT_FOUND",
			"params": map[string]any{"entityType": "record", "entityId": id, "message": "record " + id + " not found"}}},
		"request": map[string]any{},
	})
	return fmt.Errorf("%s", data)
}

// tablesDeleteRecord deletes records_ids; ids of no record are passed over.
func tablesDeleteRecord(run Run, props map[string]any) (Result, error) {
	list, ok := jsonvalue.List(props["records_ids"])
	if !ok {
		return Result{}, fmt.Errorf("records_ids must be a list of record ids, not %s", jsonvalue.Kind(props["records_ids"]))
	}
	ids := make([]string, len(list))
	for i, v := range list {
		ids[i] = jsonvalue.Text(v)
	}
	if _, err := run.Tables().DeleteRecords(run.Context(), ids); err != nil {
		return Result{}, err
	}
	return Result{Output: map[string]any{"success": true}}, nil
}

// tablesGetRecord answers a record as the records route does.
func tablesGetRecord(run Run, props map[string]any) (Result, error) {
	id := jsonvalue.Text(props["record_id"])
	rec, err := run.Tables().Record(run.Context(), id)
	if err != nil {
		return Result{}, err
	}
	if rec == nil {
		return Result{}, recordNotFound(id)
	}
	return Result{Output: rec}, nil
}

// tablesClearTable deletes every record of the table.
func tablesClearTable(run Run, props map[string]any) (Result, error) {
	table, err := findTable(run, props)
	if err != nil {
		return Result{}, err
	}
	n, err := run.Tables().ClearTable(run.Context(), table.ID)
	if err != nil {
		return Result{}, err
	}
	return Result{Output: map[string]any{"success": true, "deletedCount": n}}, nil
}
