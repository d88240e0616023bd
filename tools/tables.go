package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func tablesToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("tables", "Data tables and their records").
		AddReadTools(ListTables(c), GetTable(c), ListRecords(c)).
		AddWriteTools(CreateTable(c), InsertRecords(c), UpdateRecord(c), DeleteRecords(c))
}

const findTables = "list_tables lists table ids"

type tableOut struct {
	ID       string     `json:"id" jsonschema_description:"Table id"`
	Name     string     `json:"name"`
	FolderID string     `json:"folderId,omitempty"`
	Updated  string     `json:"updated,omitempty"`
	Fields   []fieldOut `json:"fields,omitempty" jsonschema_description:"Columns (get_table, on servers that send them)"`
}

type fieldOut struct {
	ID   string `json:"id" jsonschema_description:"Field id"`
	Name string `json:"name"`
	Type string `json:"type" jsonschema_description:"TEXT, NUMBER, DATE or STATIC_DROPDOWN"`
}

type listTablesInput struct {
	projectArg
	pageArgs
}

type listTablesOutput struct {
	Tables []tableOut `json:"tables"`
	pageInfo
}

// ListTables lists a project's tables (SDK listTables).
func ListTables(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_tables", Title: "List tables", Hints: toolkit.ReadHints, Narrow: "use a smaller limit",
		Description: "List a project's data tables."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listTablesInput) (*listTablesOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		page, err := c.ListTables(ctx, projectID, in.page())
		if err != nil {
			return nil, err
		}
		out := &listTablesOutput{Tables: []tableOut{}, pageInfo: pageOf(page.Next)}
		for _, t := range page.Data {
			out.Tables = append(out.Tables, tableOut{ID: t.ID, Name: t.Name, FolderID: deref(t.FolderID), Updated: t.Updated})
		}
		return out, nil
	})
}

type getTableInput struct {
	TableID string `json:"tableId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Table id"`
	detailArg
}

type tableDetail struct {
	tableOut
	ProjectID string `json:"projectId,omitempty" jsonschema_description:"detail=full"`
	Status    string `json:"status,omitempty" jsonschema_description:"detail=full"`
	Created   string `json:"created,omitempty" jsonschema_description:"detail=full"`
}

// GetTable returns a table with its fields (SDK getTable).
func GetTable(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_table", Title: "Get table", Hints: toolkit.ReadHints, FindIDs: findTables,
		Description: "Get a table and its fields (columns); detail=full adds project, status and creation time."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getTableInput) (*tableDetail, error) {
		t, err := c.GetTable(ctx, in.TableID)
		if err != nil {
			return nil, err
		}
		d := &tableDetail{tableOut: tableOut{ID: t.ID, Name: t.Name, FolderID: deref(t.FolderID), Updated: t.Updated}}
		for _, f := range t.Fields {
			d.Fields = append(d.Fields, fieldOut{ID: f.ID, Name: f.Name, Type: string(f.Type)})
		}
		if in.full() {
			d.ProjectID, d.Status, d.Created = t.ProjectID, deref(t.Status), t.Created
		}
		return d, nil
	})
}

type listRecordsInput struct {
	TableID string `json:"tableId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Table id"`
	pageArgs
}

type recordOut struct {
	ID      string         `json:"id" jsonschema_description:"Record id"`
	Cells   map[string]any `json:"cells" jsonschema_description:"Values by field name"`
	Updated string         `json:"updated,omitempty"`
}

type listRecordsOutput struct {
	Records []recordOut `json:"records"`
	pageInfo
}

// ListRecords lists a table's records (SDK listRecords).
func ListRecords(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_records", Title: "List records", Hints: toolkit.ReadHints, FindIDs: findTables, Narrow: "use a smaller limit",
		Description: "List a table's records, each as {field name: value}."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listRecordsInput) (*listRecordsOutput, error) {
		page, err := c.ListRecords(ctx, in.TableID, in.page())
		if err != nil {
			return nil, err
		}
		out := &listRecordsOutput{Records: []recordOut{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Records = append(out.Records, recordOf(&page.Data[i]))
		}
		return out, nil
	})
}

// recordOf shows a record's cells by field name (by field id when a name is
// missing or shared by two fields).
func recordOf(r *workflows.Record) recordOut {
	ro := recordOut{ID: r.ID, Cells: map[string]any{}, Updated: r.Updated}
	for _, fieldID := range sortedKeys(r.Cells) {
		cell := r.Cells[fieldID]
		key := cell.FieldName
		if _, taken := ro.Cells[key]; key == "" || taken {
			key = fieldID
		}
		ro.Cells[key] = cell.Value
	}
	return ro
}
