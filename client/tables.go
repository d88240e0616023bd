package client

import "context"

// ListTables lists a project's tables.
func (c *Client) ListTables(ctx context.Context, projectID string, p Page) (*SeekPage[Table], error) {
	return get[SeekPage[Table]](ctx, c, "/v1/tables", p.query().set("projectId", projectID).values())
}

// GetTable returns a table (newer servers include its fields).
func (c *Client) GetTable(ctx context.Context, tableID string) (*Table, error) {
	return get[Table](ctx, c, pathOf("v1", "tables", tableID), nil)
}

// ListRecords lists a table's records with their cells.
func (c *Client) ListRecords(ctx context.Context, tableID string, p Page) (*SeekPage[Record], error) {
	return get[SeekPage[Record]](ctx, c, "/v1/records", p.query().set("tableId", tableID).values())
}
