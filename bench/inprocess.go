package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

// Fixture is the bridge and the raw client over one in-process sandbox engine,
// the two sides of the overhead comparison: both reach the same engine through
// the same client, so what differs is only the MCP layer and the tool's work.
type Fixture struct {
	Engine     *sandbox.Engine
	Client     *client.Client
	Server     *server.MCPServer
	ProjectID  string
	EchoFlowID string // the sandbox's seeded flow that answers its sync webhook with the request body
}

// NewFixture opens a fresh in-memory sandbox with every tool registered the
// way the binary registers them (recovery on, request logs discarded).
func NewFixture(ctx context.Context) (*Fixture, error) {
	e, err := sandbox.Open(":memory:")
	if err != nil {
		return nil, err
	}
	f := &Fixture{Engine: e}
	f.Client, err = client.New(client.Config{
		GatewayURL: sandbox.InProcessBaseURL,
		HTTPClient: &http.Client{Transport: e.HTTPClient().Transport},
		MaxRetries: -1,
	})
	if err != nil {
		e.Close()
		return nil, err
	}
	f.Server = server.NewMCPServer("mcp-bridge", "bench",
		server.WithToolCapabilities(false),
		server.WithRecovery(),
		server.WithLogger(slog.New(slog.DiscardHandler)),
	)
	if _, err := tools.Register(f.Server, f.Client, tools.Options{}); err != nil {
		e.Close()
		return nil, err
	}
	if f.ProjectID, err = f.Client.ResolveProjectID(ctx, ""); err != nil {
		e.Close()
		return nil, err
	}
	page, err := f.Client.ListFlows(ctx, client.ListFlowsParams{ProjectID: f.ProjectID, Name: sandbox.EchoFlowName})
	if err != nil {
		e.Close()
		return nil, err
	}
	if len(page.Data) != 1 {
		e.Close()
		return nil, fmt.Errorf("want the seeded %q flow, found %d flows by that name", sandbox.EchoFlowName, len(page.Data))
	}
	f.EchoFlowID = page.Data[0].ID
	return f, nil
}

// Close closes the engine.
func (f *Fixture) Close() error { return f.Engine.Close() }

// ToolCallLine returns the JSON-RPC line a client sends to call tool with args.
func ToolCallLine(tool string, args map[string]any) ([]byte, error) {
	return json.Marshal(rpcRequest{JSONRPC: "2.0", ID: new(int64), Method: "tools/call",
		Params: map[string]any{"name": tool, "arguments": args}})
}

// HandleLine does what the stdio transport does with one request line: the
// server handles it and the answer is encoded. It fails on a JSON-RPC error or
// a tool error.
func (f *Fixture) HandleLine(ctx context.Context, line []byte) ([]byte, error) {
	answer := f.Server.HandleMessage(ctx, line)
	data, err := json.Marshal(answer)
	if err != nil {
		return nil, err
	}
	switch a := answer.(type) {
	case mcp.JSONRPCResponse:
		if res, ok := a.Result.(*mcp.CallToolResult); ok && res.IsError {
			return nil, fmt.Errorf("tool error: %s", data)
		}
		return data, nil
	case *mcp.JSONRPCResponse:
		if res, ok := a.Result.(*mcp.CallToolResult); ok && res.IsError {
			return nil, fmt.Errorf("tool error: %s", data)
		}
		return data, nil
	}
	return nil, fmt.Errorf("not a result: %s", data)
}

// echoPayload is what the trigger benchmarks send to the echo flow.
var echoPayload = json.RawMessage(`{"hello":"bench"}`)

// checkEcho fails unless a sync answer is the echo flow's reply to echoPayload.
func checkEcho(res *client.SyncResult) error {
	if res.Outcome != client.SyncResponded || res.Status != http.StatusOK || !strings.Contains(string(res.JSON), `"hello":"bench"`) {
		return fmt.Errorf("the echo flow answered %s %d %s, want 200 with the payload", res.Outcome, res.Status, res.JSON)
	}
	return nil
}
