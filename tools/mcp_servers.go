package tools

import (
	"context"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func mcpServersToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("mcp_servers", "The engine's own MCP servers and their tokens").
		AddReadTools(ListMcpServers(c), GetMcpServer(c)).
		AddWriteTools(CreateMcpServer(c), DeleteMcpServer(c), RotateMcpToken(c))
}

const findMcpServers = "list_mcp_servers lists MCP server ids (newer engines may not have this API)"

type mcpServerOut struct {
	ID        string `json:"id" jsonschema_description:"MCP server id"`
	Name      string `json:"name,omitempty"`
	Status    string `json:"status,omitempty"`
	ProjectID string `json:"projectId,omitempty"`
	Tools     int    `json:"tools" jsonschema_description:"Number of tools it exposes"`
	Token     string `json:"token,omitempty" jsonschema_description:"Access token (create, rotate, get with detail=full)"`
	Updated   string `json:"updated,omitempty"`
}

func mcpServerOf(m *workflows.McpServer, withToken bool) mcpServerOut {
	out := mcpServerOut{ID: m.ID, Name: m.Name, Status: m.Status, ProjectID: m.ProjectID, Updated: m.Updated}
	var tools []json.RawMessage
	if json.Unmarshal(m.Tools, &tools) == nil {
		out.Tools = len(tools)
	}
	if withToken {
		out.Token = m.Token
	}
	return out
}

type listMcpServersInput struct {
	projectArg
	pageArgs
}

type listMcpServersOutput struct {
	Servers []mcpServerOut `json:"servers"`
	pageInfo
}

// ListMcpServers lists a project's MCP servers, without tokens (SDK listMcpServers).
func ListMcpServers(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_mcp_servers", Title: "List MCP servers", Hints: toolkit.ReadHints, FindIDs: findMcpServers, Narrow: "use a smaller limit",
		Description: "List a project's MCP servers (tokens not shown)."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listMcpServersInput) (*listMcpServersOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		page, err := c.ListMcpServers(ctx, projectID, in.page())
		if err != nil {
			return nil, err
		}
		out := &listMcpServersOutput{Servers: []mcpServerOut{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Servers = append(out.Servers, mcpServerOf(&page.Data[i], false))
		}
		return out, nil
	})
}

type mcpServerIDInput struct {
	McpServerID string `json:"mcpServerId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"MCP server id"`
}

type getMcpServerInput struct {
	mcpServerIDInput
	detailArg
}

// GetMcpServer returns an MCP server; detail=full includes its token (SDK getMcpServer).
func GetMcpServer(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_mcp_server", Title: "Get MCP server", Hints: toolkit.ReadHints, FindIDs: findMcpServers,
		Description: "Get an MCP server; detail=full includes its access token."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getMcpServerInput) (*mcpServerOut, error) {
		m, err := c.GetMcpServer(ctx, in.McpServerID)
		if err != nil {
			return nil, err
		}
		out := mcpServerOf(m, in.full())
		return &out, nil
	})
}

type createMcpServerInput struct {
	projectArg
	Name string `json:"name,omitempty" jsonschema:"maxLength=255" jsonschema_description:"Server name"`
}

// CreateMcpServer creates an MCP server and returns its token (SDK createMcpServer).
func CreateMcpServer(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "create_mcp_server", Title: "Create MCP server", Hints: toolkit.CreateHints, FindIDs: findMcpServers,
		Description: "Create an MCP server in a project; the result holds its access token."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *createMcpServerInput) (*mcpServerOut, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		m, err := c.CreateMcpServer(ctx, client.CreateMcpServerRequest{ProjectID: projectID, Name: in.Name})
		if err != nil {
			return nil, err
		}
		out := mcpServerOf(m, true)
		return &out, nil
	})
}

// DeleteMcpServer deletes an MCP server (SDK deleteMcpServer).
func DeleteMcpServer(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_mcp_server", Title: "Delete MCP server", Hints: toolkit.DeleteHints, FindIDs: findMcpServers,
		Description: "Delete an MCP server; its token stops working."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *mcpServerIDInput) (*deleted, error) {
		if err := c.DeleteMcpServer(ctx, in.McpServerID); err != nil {
			return nil, err
		}
		return &deleted{Deleted: true, ID: in.McpServerID}, nil
	})
}

// RotateMcpToken replaces an MCP server's token (SDK rotateMcpToken).
func RotateMcpToken(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "rotate_mcp_token", Title: "Rotate MCP token", Hints: toolkit.EditHints, FindIDs: findMcpServers,
		Description: "Replace an MCP server's access token; the old one stops working. The result holds the new token."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *mcpServerIDInput) (*mcpServerOut, error) {
		m, err := c.RotateMcpToken(ctx, in.McpServerID)
		if err != nil {
			return nil, err
		}
		out := mcpServerOf(m, true)
		return &out, nil
	})
}
