// Command floor is the peer benchmark's floor: an MCP server on mcp-go, the
// library mcp-bridge is built on, with one tool and nothing else. It serves stdio
// by default, or Streamable HTTP on -http ADDR (at /mcp, -stateless for no
// sessions), so whatever mcp-bridge costs beyond it is the bridge's own.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func main() {
	addr := flag.String("http", "", "serve Streamable HTTP on this host:port instead of stdio")
	stateless := flag.Bool("stateless", false, "with -http: no sessions")
	flag.Parse()
	s := newServer()
	var err error
	if *addr == "" {
		err = server.ServeStdio(s)
	} else {
		err = server.NewStreamableHTTPServer(s, server.WithStateLess(*stateless)).Start(*addr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// newServer is an MCP server with one tool, echo, which returns its text.
func newServer() *server.MCPServer {
	s := server.NewMCPServer("floor", "0", server.WithToolCapabilities(false))
	echo := mcp.NewTool("echo", mcp.WithDescription("Return the text given."),
		mcp.WithString("text", mcp.Description("Text to return")))
	s.AddTool(echo, func(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText(req.GetString("text", "")), nil
	})
	return s
}
