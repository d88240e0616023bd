// Package tools is the bridge's MCP tool catalogue: one constructor per tool, grouped
// in toolsets (one file each), each tool's handler reading and checking its
// arguments, calling the workflows client, and shaping a compact result. The
// framework the tools are built with is package toolkit.
package tools

import (
	"fmt"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// Options selects tools (see toolkit.Options); the alias spares callers an import.
type Options = toolkit.Options

// Catalogue builds every toolset with handlers that call c (nil for definitions
// only). Building it panics when a tool's hints disagree with its read or write
// list: Register builds it as the server starts, so such a mistake stops the
// program then, not when a client first lists the tools.
func Catalogue(c *client.Client) []*toolkit.Toolset {
	return []*toolkit.Toolset{
		flowsToolset(c),
		runsToolset(c),
		foldersToolset(c),
		connectionsToolset(c),
		piecesToolset(c),
		triggersToolset(c),
		tablesToolset(c),
		mcpServersToolset(c),
		invitationsToolset(c),
		channelsToolset(c),
	}
}

// definitionsOnly is the catalogue without a client, built on first use and
// kept: `mcp-bridge tools` asks ToolsetOf about every tool, and rebuilding the
// catalogue each time would cost more than the listing itself. Nothing is built
// before it is asked for, so serving (which builds its own with a client) never pays for it.
var definitionsOnly = sync.OnceValue(func() []*toolkit.Toolset { return Catalogue(nil) })

// ToolsetNames returns the toolset names in sorted order.
func ToolsetNames() []string {
	return toolkit.ToolsetNames(definitionsOnly())
}

// Definitions returns the selected tool definitions sorted by name, without a
// client: for listing the catalogue, docs and manifests.
func Definitions(opts Options) ([]mcp.Tool, error) {
	return toolkit.Definitions(definitionsOnly(), opts)
}

// Register adds the selected tools to s in sorted, stable order, each handler
// calling c. It returns the registered names, or an error that names the unknown
// toolset or tool and lists the valid names.
func Register(s *server.MCPServer, c *client.Client, opts Options) ([]string, error) {
	if c == nil {
		return nil, fmt.Errorf("tools: Register needs a client")
	}
	return toolkit.Register(s, Catalogue(c), opts)
}

// ToolsetOf returns the toolset a tool belongs to, or "" for an unknown tool.
func ToolsetOf(tool string) string {
	return toolkit.ToolsetOf(definitionsOnly(), tool)
}
