package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

type fieldSpec struct {
	Name    string   `json:"name" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Column name"`
	Type    string   `json:"type,omitempty" jsonschema:"enum=TEXT,enum=NUMBER,enum=DATE,enum=STATIC_DROPDOWN" jsonschema_description:"Default TEXT"`
	Options []string `json:"options,omitempty" jsonschema_description:"STATIC_DROPDOWN choices"`
}

type createTableInput struct {
	Name string `json:"name" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Table name"`
	projectArg
	// At most 50 columns: each is one call.
	Fields []fieldSpec `json:"fields,omitempty" jsonschema:"maxItems=50" jsonschema_description:"Columns, in order"`
}

// Check refuses two columns of one name (records are written by column name)
// and options on a column that is not a dropdown, or a dropdown without them.
func (in *createTableInput) Check() error {
	var problems []*schema.FieldError
	seen := map[string]bool{}
	for i, f := range in.Fields {
		at := fmt.Sprintf("fields[%d]", i)
		if seen[strings.ToLower(f.Name)] {
			problems = append(problems, toolkit.FieldErr(at+".name", "a name no other column has (any case)", f.Name))
		}
		seen[strings.ToLower(f.Name)] = true
		switch dropdown := f.Type == string(workflows.FieldStaticDropdown); {
		case dropdown && len(f.Options) == 0:
			problems = append(problems, toolkit.MissingErr(at+".options", "the choices of a STATIC_DROPDOWN column"))
		case !dropdown && len(f.Options) > 0:
			problems = append(problems, toolkit.FieldErr(at+".type", "STATIC_DROPDOWN when options are given", f.Type))
		}
	}
	return problemsErr(problems)
}

// CreateTable creates a table with its columns (SDK createTable).
func CreateTable(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "create_table", Title: "Create table", Hints: toolkit.CreateHints,
		Description: "Create a data table with its columns; returns the table and its field ids. insert_records adds rows."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *createTableInput) (*tableDetail, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		t, err := c.CreateTable(ctx, projectID, in.Name)
		if err != nil {
			return nil, err
		}
		d := &tableDetail{tableOut: tableOut{ID: t.ID, Name: t.Name, FolderID: deref(t.FolderID), Updated: t.Updated, Fields: []fieldOut{}}, ProjectID: t.ProjectID}
		for i, f := range in.Fields {
			req := workflows.CreateFieldRequest{TableID: t.ID, Name: f.Name, Type: workflows.FieldType(f.Type)}
			if req.Type == "" {
				req.Type = workflows.FieldText
			}
			for _, o := range f.Options {
				if req.Data == nil {
					req.Data = &workflows.FieldData{}
				}
				req.Data.Options = append(req.Data.Options, workflows.FieldOption{Value: o})
			}
			field, err := c.CreateField(ctx, req)
			if err != nil {
				return nil, abandonTable(ctx, c, sp, t.ID, fmt.Sprintf("creating fields[%d] (%s)", i, f.Name), err)
			}
			d.Fields = append(d.Fields, fieldOut{ID: field.ID, Name: field.Name, Type: string(field.Type)})
		}
		return d, nil
	})
}

// abandonTable deletes a table whose columns could not all be made, so a call
// made again does not meet a half-made namesake; see abandonBuild.
func abandonTable(ctx context.Context, c *client.Client, sp toolkit.Spec, tableID, stage string, cause error) error {
	cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	msg := fmt.Sprintf("create_table failed while %s: %s", stage, toolkit.CauseText(cause))
	if err := c.DeleteTable(cleanup, tableID); err != nil {
		return toolkit.ToolErrorf("%s The half-made table %s could not be deleted (%s): it is still listed by list_tables.", msg, tableID, toolkit.CauseText(err))
	}
	return toolkit.ToolErrorf("%s The half-made table %s was deleted; fix the fields and call %s again.", msg, tableID, sp.Name)
}

// tableFieldIDs maps a table's column names (any case) and ids to field ids.
type tableFieldIDs struct {
	byKey map[string]string
	names []string
}

func loadFields(ctx context.Context, c *client.Client, tableID string) (*tableFieldIDs, error) {
	fields, err := c.ListFields(ctx, tableID)
	if err != nil {
		return nil, err
	}
	m := &tableFieldIDs{byKey: map[string]string{}}
	for _, f := range fields {
		m.byKey[f.ID] = f.ID
		m.byKey[strings.ToLower(f.Name)] = f.ID
		m.names = append(m.names, f.Name)
	}
	return m, nil
}

// cells turns {column: value} into cells, and every unknown column into a
// problem that lists the table's columns.
func (m *tableFieldIDs) cells(values map[string]any, path string, problems *[]*schema.FieldError) []workflows.CellInput {
	out := []workflows.CellInput{}
	for _, key := range sortedKeys(values) {
		id, ok := m.byKey[key]
		if !ok {
			id, ok = m.byKey[strings.ToLower(key)]
		}
		if !ok {
			valid := "a column of the table: " + strings.Join(m.names, ", ")
			if len(m.names) == 0 {
				valid = "a column, but the table has none (create_table makes tables with columns)"
			}
			*problems = append(*problems, toolkit.FieldErr(path+"."+key, valid, nil))
			continue
		}
		out = append(out, workflows.CellInput{FieldID: id, Value: values[key]})
	}
	return out
}

type insertRecordsInput struct {
	TableID string           `json:"tableId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Table id"`
	Records []map[string]any `json:"records" jsonschema:"minItems=1,maxItems=50" jsonschema_description:"Rows as {column name: value}"`
}

type recordsOutput struct {
	Records []recordOut `json:"records" jsonschema_description:"The records written"`
}

// InsertRecords adds rows to a table (SDK insertRecords).
func InsertRecords(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "insert_records", Title: "Insert records", Hints: toolkit.CreateHints, FindIDs: findTables,
		Description: "Add up to 50 rows to a table, each {column name: value}; returns them with their ids."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *insertRecordsInput) (*recordsOutput, error) {
		fields, err := loadFields(ctx, c, in.TableID)
		if err != nil {
			return nil, err
		}
		var problems []*schema.FieldError
		rows := make([][]workflows.CellInput, len(in.Records))
		for i, r := range in.Records {
			rows[i] = fields.cells(r, fmt.Sprintf("records[%d]", i), &problems)
		}
		if err := problemsErr(problems); err != nil {
			return nil, err
		}
		made, err := c.CreateRecords(ctx, workflows.CreateRecordsRequest{TableID: in.TableID, Records: rows})
		if err != nil {
			return nil, err
		}
		out := &recordsOutput{Records: []recordOut{}}
		for i := range made {
			out.Records = append(out.Records, recordOf(&made[i]))
		}
		return out, nil
	})
}

type updateRecordInput struct {
	TableID  string         `json:"tableId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Table id"`
	RecordID string         `json:"recordId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Record id"`
	Cells    map[string]any `json:"cells" jsonschema_description:"{column name: new value}; others are kept"`
}

// UpdateRecord sets some cells of a record (SDK updateRecord).
func UpdateRecord(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "update_record", Title: "Update record", Hints: toolkit.ReplaceHints, FindIDs: "list_records lists record ids",
		Description: "Set some cells of one record; the other cells keep their values."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *updateRecordInput) (*recordOut, error) {
		fields, err := loadFields(ctx, c, in.TableID)
		if err != nil {
			return nil, err
		}
		var problems []*schema.FieldError
		cells := fields.cells(in.Cells, "cells", &problems)
		if err := problemsErr(problems); err != nil {
			return nil, err
		}
		r, err := c.UpdateRecord(ctx, in.RecordID, workflows.UpdateRecordRequest{TableID: in.TableID, Cells: cells})
		if err != nil {
			return nil, err
		}
		out := recordOf(r)
		return &out, nil
	})
}

type deleteRecordsInput struct {
	TableID   string   `json:"tableId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Table id"`
	RecordIDs []string `json:"recordIds" jsonschema:"minItems=1,maxItems=100" jsonschema_description:"Records to delete"`
}

type deleteRecordsOutput struct {
	Deleted  []string `json:"deleted" jsonschema_description:"Ids deleted"`
	NotFound []string `json:"notFound,omitempty" jsonschema_description:"Ids that named no record of the table"`
}

// DeleteRecords deletes records of a table (SDK deleteRecords).
func DeleteRecords(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_records", Title: "Delete records", Hints: toolkit.DeleteHints, FindIDs: "list_records lists record ids",
		Description: "Delete records of a table by id. Cannot be undone."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *deleteRecordsInput) (*deleteRecordsOutput, error) {
		gone, err := c.DeleteRecords(ctx, workflows.DeleteRecordsRequest{TableID: in.TableID, IDs: in.RecordIDs})
		if err != nil {
			return nil, err
		}
		out := &deleteRecordsOutput{Deleted: []string{}}
		for _, r := range gone {
			out.Deleted = append(out.Deleted, r.ID)
		}
		for _, id := range in.RecordIDs {
			if !slices.Contains(out.Deleted, id) {
				out.NotFound = append(out.NotFound, id)
			}
		}
		return out, nil
	})
}

// problemsErr returns every problem at once, or nil when there is none.
func problemsErr(problems []*schema.FieldError) error {
	if len(problems) == 0 {
		return nil
	}
	return &schema.ValidationError{Fields: problems}
}
