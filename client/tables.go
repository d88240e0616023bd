package client

import (
	"context"
	"errors"
)

// ListTables lists a project's tables.
func (c *Client) ListTables(ctx context.Context, projectID string, p Page) (*SeekPage[Table], error) {
	return get[SeekPage[Table]](ctx, c, "/v1/tables", p.query().set("projectId", projectID).values())
}

// GetTable returns a table (newer servers include its fields).
func (c *Client) GetTable(ctx context.Context, tableID string) (*Table, error) {
	path, err := idPath("tableId", tableID, "v1", "tables")
	if err != nil {
		return nil, err
	}
	return get[Table](ctx, c, path, nil)
}

// ListRecords lists a table's records with their cells.
func (c *Client) ListRecords(ctx context.Context, tableID string, p Page) (*SeekPage[Record], error) {
	if tableID == "" {
		return nil, errors.New("tableId is required to list records")
	}
	return get[SeekPage[Record]](ctx, c, "/v1/records", p.query().set("tableId", tableID).values())
}
