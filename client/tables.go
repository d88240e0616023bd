package client

import (
	"context"

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
