package client

import "context"

// ListMcpServers lists a project's MCP servers.
func (c *Client) ListMcpServers(ctx context.Context, projectID string, p Page) (*SeekPage[McpServer], error) {
	return get[SeekPage[McpServer]](ctx, c, "/v1/mcp-servers", p.query().set("projectId", projectID).values())
}

// GetMcpServer returns an MCP server.
func (c *Client) GetMcpServer(ctx context.Context, serverID string) (*McpServer, error) {
	return get[McpServer](ctx, c, pathOf("v1", "mcp-servers", serverID), nil)
}

// CreateMcpServerRequest is the body of CreateMcpServer.
type CreateMcpServerRequest struct {
	ProjectID string `json:"projectId"`
	Name      string `json:"name,omitempty"`
}

// CreateMcpServer creates an MCP server; the answer carries its token.
func (c *Client) CreateMcpServer(ctx context.Context, r CreateMcpServerRequest) (*McpServer, error) {
	return post[McpServer](ctx, c, "/v1/mcp-servers", r)
}

// DeleteMcpServer deletes an MCP server.
func (c *Client) DeleteMcpServer(ctx context.Context, serverID string) error {
	return c.del(ctx, pathOf("v1", "mcp-servers", serverID))
}

// RotateMcpToken replaces an MCP server's token; the answer carries the new one.
func (c *Client) RotateMcpToken(ctx context.Context, serverID string) (*McpServer, error) {
	var out McpServer
	err := c.call(ctx, request{method: "POST", path: pathOf("v1", "mcp-servers", serverID, "rotate")}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
