package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListMcpServers lists a project's MCP servers; the server requires projectID.
func (c *Client) ListMcpServers(ctx context.Context, projectID string, p Page) (*workflows.SeekPage[workflows.McpServer], error) {
	if projectID == "" {
		return nil, argumentError("projectId is required to list MCP servers")
	}
	out, err := get[workflows.SeekPage[workflows.McpServer]](ctx, c, "/v1/mcp-servers", p.query().set("projectId", projectID).values())
	return out, explainMcpRoute(err)
}

// GetMcpServer returns an MCP server.
func (c *Client) GetMcpServer(ctx context.Context, serverID string) (*workflows.McpServer, error) {
	path, err := idPath("mcpServerId", serverID, "v1", "mcp-servers")
	if err != nil {
		return nil, err
	}
	out, err := get[workflows.McpServer](ctx, c, path, nil)
	return out, explainMcpRoute(err)
}

// CreateMcpServerRequest is the body of CreateMcpServer.
type CreateMcpServerRequest struct {
	ProjectID string `json:"projectId"`
	Name      string `json:"name,omitempty"`
}

// CreateMcpServer creates an MCP server; the answer carries its token.
func (c *Client) CreateMcpServer(ctx context.Context, r CreateMcpServerRequest) (*workflows.McpServer, error) {
	if r.ProjectID == "" {
		return nil, argumentError("projectId is required to create an MCP server")
	}
	out, err := post[workflows.McpServer](ctx, c, "/v1/mcp-servers", r)
	return out, explainMcpRoute(err)
}

// DeleteMcpServer deletes an MCP server.
func (c *Client) DeleteMcpServer(ctx context.Context, serverID string) error {
	path, err := idPath("mcpServerId", serverID, "v1", "mcp-servers")
	if err != nil {
		return err
	}
	return explainMcpRoute(c.del(ctx, path))
}

// RotateMcpToken replaces an MCP server's token; the answer carries the new one.
func (c *Client) RotateMcpToken(ctx context.Context, serverID string) (*workflows.McpServer, error) {
	path, err := idPath("mcpServerId", serverID, "v1", "mcp-servers")
	if err != nil {
		return nil, err
	}
	var out workflows.McpServer
	if err := c.call(ctx, request{method: http.MethodPost, path: path + "/rotate"}, &out); err != nil {
		return nil, explainMcpRoute(err)
	}
	return &out, nil
}

// mcpRouteGone explains a 404 for the route itself (not for one server):
// Activepieces replaced this API twice, and newer servers do not have it.
const mcpRouteGone = "this server has no /v1/mcp-servers API (newer Activepieces versions replaced it)"

func explainMcpRoute(err error) error {
	var apiErr *APIError
	if err != nil && routeMissing(err) && errors.As(err, &apiErr) {
		explained := *apiErr
		explained.Message = mcpRouteGone
		return &explained
	}
	return err
}
