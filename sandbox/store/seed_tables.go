package store

import (
	"context"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// SampleTableName is the table every new store is seeded with, so that the
// tables tools and the tables piece have something to work on from the start.
const SampleTableName = "Customers"

// SampleTableExternalID is the seeded table's external id, which the tables
// piece's table_id names it by.
const SampleTableExternalID = "customers"

// sampleField is a column of the seeded table.
type sampleField struct {
	name      string
	fieldType workflows.FieldType
	options   []string // for a STATIC_DROPDOWN
}

var sampleFields = []sampleField{
	{name: "Name", fieldType: workflows.FieldText},
	{name: "Email", fieldType: workflows.FieldText},
	{name: "Plan", fieldType: workflows.FieldStaticDropdown, options: []string{"Free", "Pro", "Enterprise"}},
	{name: "Seats", fieldType: workflows.FieldNumber},
	{name: "Signed up", fieldType: workflows.FieldDate},
}

// sampleRecords are the seeded table's rows, one value per sampleFields entry.
var sampleRecords = [][]string{
	{"Ada Lovelace", "ada@example.com", "Enterprise", "25", "2024-01-15T00:00:00.000Z"},
	{"Grace Hopper", "grace@example.com", "Pro", "5", "2024-03-02T00:00:00.000Z"},
	{"Alan Turing", "alan@example.com", "Free", "1", "2024-06-20T00:00:00.000Z"},
}

// seedSampleTable stores the Customers table, its fields and its records in
// the project.
func seedSampleTable(ctx context.Context, q Querier, projectID string, now time.Time) error {
	ts := ISOTime(now)
	table := workflows.Table{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, Name: SampleTableName,
		ProjectID: projectID, ExternalID: SampleTableExternalID}
	if err := PutDoc(ctx, q, DocRef{Kind: KindTable, ID: table.ID, ProjectID: projectID, Created: ts}, table); err != nil {
		return err
	}
	fields := make([]workflows.Field, len(sampleFields))
	for i, sf := range sampleFields {
		f := workflows.Field{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, Name: sf.name, Type: sf.fieldType,
			TableID: table.ID, ProjectID: projectID}
		f.ExternalID = f.ID
		if sf.options != nil {
			options := make([]map[string]string, len(sf.options))
			for j, o := range sf.options {
				options[j] = map[string]string{"value": o}
			}
			f.Data = jsonRaw(map[string]any{"options": options})
		}
		ref := DocRef{Kind: KindField, ID: f.ID, ProjectID: projectID, ParentID: table.ID, Created: ts}
		if err := PutDoc(ctx, q, ref, f); err != nil {
			return err
		}
		fields[i] = f
	}
	for _, row := range sampleRecords {
		rec := workflows.Record{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, TableID: table.ID, ProjectID: projectID}
		cells := map[string]string{}
		for i, value := range row {
			cells[fields[i].ID] = value
		}
		if err := setCells(&rec, cells, fields, ts); err != nil {
			return err
		}
		if err := PutDoc(ctx, q, RecordRef(&rec), &rec); err != nil {
			return err
		}
	}
	return nil
}
