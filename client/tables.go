package client

import (
	"context"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListTables lists a project's tables.
func (c *Client) ListTables(ctx context.Context, projectID string, p Page) (*workflows.SeekPage[workflows.Table], error) {
	return get[workflows.SeekPage[workflows.Table]](ctx, c, "/v1/tables", p.query().set("projectId", projectID).values())
}

// GetTable returns a table (newer servers include its fields).
func (c *Client) GetTable(ctx context.Context, tableID string) (*workflows.Table, error) {
	path, err := idPath("tableId", tableID, "v1", "tables")
	if err != nil {
		return nil, err
	}
	return get[workflows.Table](ctx, c, path, nil)
}

// ListRecords lists a table's records with their cells.
func (c *Client) ListRecords(ctx context.Context, tableID string, p Page) (*workflows.SeekPage[workflows.Record], error) {
	if tableID == "" {
		return nil, argumentError("tableId is required to list records")
	}
	return get[workflows.SeekPage[workflows.Record]](ctx, c, "/v1/records", p.query().set("tableId", tableID).values())
}

// MaxRecordsPerCall is Activepieces' bound on the records one call creates.
const MaxRecordsPerCall = 50

// CreateTable creates an empty table in a project; add columns with CreateField.
func (c *Client) CreateTable(ctx context.Context, projectID, name string) (*workflows.Table, error) {
	switch {
	case projectID == "":
		return nil, argumentError("projectId is required to create a table")
	case name == "":
		return nil, argumentError("name is required to create a table")
	}
	return post[workflows.Table](ctx, c, "/v1/tables", workflows.CreateTableRequest{ProjectID: projectID, Name: name})
}

// DeleteTable deletes a table with its fields and records.
func (c *Client) DeleteTable(ctx context.Context, tableID string) error {
	path, err := idPath("tableId", tableID, "v1", "tables")
	if err != nil {
		return err
	}
	return c.del(ctx, path)
}

// ListFields lists a table's fields (columns), oldest first. Activepieces
// answers with a plain array, not a page.
func (c *Client) ListFields(ctx context.Context, tableID string) ([]workflows.Field, error) {
	if tableID == "" {
		return nil, argumentError("tableId is required to list fields")
	}
	out, err := get[[]workflows.Field](ctx, c, "/v1/fields", query{}.set("tableId", tableID).values())
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// CreateField adds a column to a table.
func (c *Client) CreateField(ctx context.Context, req workflows.CreateFieldRequest) (*workflows.Field, error) {
	switch {
	case req.TableID == "":
		return nil, argumentError("tableId is required to create a field")
	case req.Name == "":
		return nil, argumentError("name is required to create a field")
	case req.Type == workflows.FieldStaticDropdown && (req.Data == nil || len(req.Data.Options) == 0):
		return nil, argumentError("a STATIC_DROPDOWN field needs at least one option")
	}
	return post[workflows.Field](ctx, c, "/v1/fields", req)
}

// CreateRecords adds rows to a table, at most MaxRecordsPerCall at a time, and
// returns them with their ids.
func (c *Client) CreateRecords(ctx context.Context, req workflows.CreateRecordsRequest) ([]workflows.Record, error) {
	switch {
	case req.TableID == "":
		return nil, argumentError("tableId is required to create records")
	case len(req.Records) == 0:
		return nil, argumentError("records must hold at least one record")
	case len(req.Records) > MaxRecordsPerCall:
		return nil, argumentError("at most %d records can be created in one call, got %d", MaxRecordsPerCall, len(req.Records))
	}
	out, err := post[[]workflows.Record](ctx, c, "/v1/records", req)
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// UpdateRecord sets some cells of a record and returns the record.
func (c *Client) UpdateRecord(ctx context.Context, recordID string, req workflows.UpdateRecordRequest) (*workflows.Record, error) {
	path, err := idPath("recordId", recordID, "v1", "records")
	if err != nil {
		return nil, err
	}
	if req.TableID == "" {
		return nil, argumentError("tableId is required to update a record")
	}
	return post[workflows.Record](ctx, c, path, req)
}

// DeleteRecords deletes records by id and returns those deleted; ids that name
// no record (of that table) are skipped. Being idempotent, it may be retried.
func (c *Client) DeleteRecords(ctx context.Context, req workflows.DeleteRecordsRequest) ([]workflows.Record, error) {
	if len(req.IDs) == 0 {
		return nil, argumentError("ids must name at least one record")
	}
	var out []workflows.Record
	if err := c.call(ctx, request{method: http.MethodDelete, path: "/v1/records", body: req}, &out); err != nil {
		return nil, err
	}
	return out, nil
}
