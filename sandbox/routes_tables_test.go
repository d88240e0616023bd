package sandbox

import (
	"fmt"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestTablesFieldsRecords(t *testing.T) {
	_, srv := testEngine(t)
	table := decode[workflows.Table](t, call(t, srv, "POST", gw+"/v1/tables", map[string]any{"name": "Leads"}).expect(t, 201))
	if !store.ValidID(table.ID) || table.Name != "Leads" || table.ProjectID != defaultProject(t, srv) {
		t.Fatalf("table %+v", table)
	}
	tables := decode[workflows.SeekPage[workflows.Table]](t, call(t, srv, "GET", gw+"/v1/tables", nil).expect(t, 200))
	// The seeded Customers table comes first.
	if len(tables.Data) != 2 || tables.Data[0].Name != store.SampleTableName || tables.Data[1].ID != table.ID {
		t.Fatalf("tables %+v", tables.Data)
	}

	name := decode[workflows.Field](t, call(t, srv, "POST", gw+"/v1/fields", map[string]any{"name": "Name", "type": "TEXT", "tableId": table.ID}).expect(t, 201))
	score := decode[workflows.Field](t, call(t, srv, "POST", gw+"/v1/fields", map[string]any{"name": "Score", "type": "NUMBER", "tableId": table.ID}).expect(t, 201))
	call(t, srv, "POST", gw+"/v1/fields", map[string]any{"name": "Stage", "type": "STATIC_DROPDOWN", "tableId": table.ID,
		"data": map[string]any{"options": []any{map[string]any{"value": "new"}}}}).expect(t, 201)
	fieldErrors := []struct {
		name string
		body map[string]any
		code string
		msg  string
	}{
		{"bad type", map[string]any{"name": "x", "type": "BLOB", "tableId": table.ID}, "FST_ERR_VALIDATION",
			"body/type must be equal to one of the allowed values: TEXT, NUMBER, DATE, STATIC_DROPDOWN"},
		{"dropdown without options", map[string]any{"name": "x", "type": "STATIC_DROPDOWN", "tableId": table.ID}, "FST_ERR_VALIDATION",
			"body/data is required: must be object"},
		{"empty dropdown", map[string]any{"name": "x", "type": "STATIC_DROPDOWN", "tableId": table.ID, "data": map[string]any{"options": []any{}}},
			"FST_ERR_VALIDATION", "body/data/options must be a non-empty array of {value: string}"},
		{"no table", map[string]any{"name": "x", "type": "TEXT"}, "FST_ERR_VALIDATION", "body/tableId is required: must be string"},
	}
	for _, tc := range fieldErrors {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "POST", gw+"/v1/fields", tc.body).expectError(t, 400, tc.code, tc.msg)
		})
	}
	call(t, srv, "POST", gw+"/v1/fields", map[string]any{"name": "x", "type": "TEXT", "tableId": missingID}).expectError(t, 404, "ENTITY_NOT_FOUND", "")

	fields := decode[[]workflows.Field](t, call(t, srv, "GET", gw+"/v1/fields?tableId="+table.ID, nil).expect(t, 200))
	if len(fields) != 3 || fields[0].ID != name.ID {
		t.Fatalf("fields %+v", fields)
	}
	call(t, srv, "GET", gw+"/v1/fields", nil).expectError(t, 400, "FST_ERR_VALIDATION", "querystring/tableId is required: must be string")
	withFields := decode[workflows.Table](t, call(t, srv, "GET", gw+"/v1/tables/"+table.ID, nil).expect(t, 200))
	if len(withFields.Fields) != 3 {
		t.Fatalf("table has %d fields, want 3", len(withFields.Fields))
	}

	rows := []any{}
	for i := range 27 {
		rows = append(rows, []any{map[string]any{"fieldId": name.ID, "value": fmt.Sprintf("lead %02d", i)}, map[string]any{"fieldId": score.ID, "value": i}})
	}
	created := decode[[]workflows.Record](t, call(t, srv, "POST", gw+"/v1/records", map[string]any{"tableId": table.ID, "records": rows}).expect(t, 201))
	if len(created) != 27 || created[5].Cells[score.ID].Value != "5" || created[5].Cells[name.ID].FieldName != "Name" {
		t.Fatalf("created records %+v", created[5])
	}
	recordErrors := []struct {
		name string
		body map[string]any
		msg  string
	}{
		{"too many rows", map[string]any{"tableId": table.ID, "records": make([]any, 51)}, "body/records must NOT have more than 50 items"},
		{"unknown field", map[string]any{"tableId": table.ID, "records": []any{[]any{map[string]any{"fieldId": missingID, "value": "x"}}}},
			"body/records/0/0/fieldId must be the id of a field of table " + table.ID},
		{"cell without value", map[string]any{"tableId": table.ID, "records": []any{[]any{map[string]any{"fieldId": name.ID}}}},
			"body/records/0/0/value is required"},
		{"records not an array", map[string]any{"tableId": table.ID, "records": "x"},
			"body/records is required: must be array of rows, each an array of {fieldId, value}"},
	}
	for _, tc := range recordErrors {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "POST", gw+"/v1/records", tc.body).expectError(t, 400, "FST_ERR_VALIDATION", tc.msg)
		})
	}

	var names []string
	cursor := ""
	for {
		q := "?tableId=" + table.ID + "&limit=10"
		if cursor != "" {
			q += "&cursor=" + cursor
		}
		page := decode[workflows.SeekPage[workflows.Record]](t, call(t, srv, "GET", gw+"/v1/records"+q, nil).expect(t, 200))
		for _, r := range page.Data {
			names = append(names, r.Cells[name.ID].Value.(string))
		}
		if page.Next == nil {
			break
		}
		cursor = *page.Next
	}
	if len(names) != 27 || names[0] != "lead 00" || names[26] != "lead 26" {
		t.Fatalf("paged records %v", names)
	}
	call(t, srv, "GET", gw+"/v1/records", nil).expectError(t, 400, "FST_ERR_VALIDATION", "querystring/tableId is required: must be string")

	rec := created[0]
	updated := decode[workflows.Record](t, call(t, srv, "POST", gw+"/v1/records/"+rec.ID, map[string]any{"tableId": table.ID,
		"cells": []any{map[string]any{"fieldId": score.ID, "value": 99.5}}}).expect(t, 200))
	if updated.Cells[score.ID].Value != "99.5" || updated.Cells[name.ID].Value != "lead 00" {
		t.Fatalf("updated cells %+v", updated.Cells)
	}
	renamedField := decode[workflows.Field](t, call(t, srv, "POST", gw+"/v1/fields/"+score.ID, map[string]any{"name": "Rating"}).expect(t, 200))
	if renamedField.Name != "Rating" {
		t.Fatalf("field rename %+v", renamedField)
	}
	got := decode[workflows.Record](t, call(t, srv, "GET", gw+"/v1/records/"+rec.ID, nil).expect(t, 200))
	if got.Cells[score.ID].FieldName != "Rating" {
		t.Fatalf("cell field name %q after the rename", got.Cells[score.ID].FieldName)
	}
	call(t, srv, "DELETE", gw+"/v1/fields/"+score.ID, nil).expect(t, 204)
	call(t, srv, "GET", gw+"/v1/fields/"+score.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
	got = decode[workflows.Record](t, call(t, srv, "GET", gw+"/v1/records/"+rec.ID, nil).expect(t, 200))
	if _, ok := got.Cells[score.ID]; ok || len(got.Cells) != 1 {
		t.Fatalf("cells after deleting the field: %+v", got.Cells)
	}

	deleted := decode[[]workflows.Record](t, call(t, srv, "DELETE", gw+"/v1/records", map[string]any{"tableId": table.ID,
		"ids": []string{created[0].ID, created[1].ID, missingID}}).expect(t, 200))
	if len(deleted) != 2 {
		t.Fatalf("deleted %d records, want 2", len(deleted))
	}
	none := call(t, srv, "DELETE", gw+"/v1/records", map[string]any{"tableId": table.ID, "ids": []string{created[0].ID}}).expect(t, 200)
	if string(none.Body) != "[]" {
		t.Fatalf("deleting nothing answered %s, want []", none.Body)
	}
	call(t, srv, "GET", gw+"/v1/records/"+created[0].ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")

	call(t, srv, "DELETE", gw+"/v1/tables/"+table.ID, nil).expect(t, 204)
	call(t, srv, "GET", gw+"/v1/records/"+created[2].ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}
