package mcpextra

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

// fastWatch polls often, so the tests wait for runs, not for the backoff.
var fastWatch = WatchLimits{First: 50 * time.Millisecond, Longest: 200 * time.Millisecond}

// harness is an MCP client talking in-process to a server with the tools and
// the extras, over an in-process sandbox.
type harness struct {
	t       *testing.T
	engine  *sandbox.Engine
	client  *client.Client
	server  *server.MCPServer
	extra   *Extras
	mcp     *mcpclient.Client
	mu      sync.Mutex
	notices []mcp.JSONRPCNotification
}

type harnessConfig struct {
	watch   WatchLimits
	toolOpt tools.Options
}

func newHarness(t *testing.T, hc harnessConfig) *harness {
	t.Helper()
	e, err := sandbox.Open(":memory:")
	if err != nil {
		t.Fatalf("sandbox.Open: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	c, err := client.New(client.Config{GatewayURL: sandbox.InProcessBaseURL, HTTPClient: &http.Client{Transport: e.HTTPClient().Transport}, MaxRetries: -1})
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	h := &harness{t: t, engine: e, client: c}
	h.extra = New(Options{Client: Fixed(c), Watch: hc.watch})
	t.Cleanup(h.extra.Close)
	opts := append([]server.ServerOption{server.WithToolCapabilities(false)}, h.extra.ServerOptions()...)
	h.server = server.NewMCPServer("mcp-bridge-test", "0", opts...)
	names, err := tools.Register(h.server, c, hc.toolOpt)
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	h.extra.Register(h.server, names)
	h.mcp = h.connect()
	return h
}

// connect opens another in-process session.
func (h *harness) connect() *mcpclient.Client {
	h.t.Helper()
	mc, err := mcpclient.NewInProcessClient(h.server)
	if err != nil {
		h.t.Fatal(err)
	}
	mc.OnNotification(func(n mcp.JSONRPCNotification) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.notices = append(h.notices, n)
	})
	ctx := context.Background()
	if err := mc.Start(ctx); err != nil {
		h.t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = "2025-06-18"
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "0"}
	if _, err := mc.Initialize(ctx, init); err != nil {
		h.t.Fatalf("Initialize: %v", err)
	}
	h.t.Cleanup(func() { mc.Close() })
	return mc
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// call calls a tool that must succeed and returns its structured result.
func (h *harness) call(name string, args map[string]any) map[string]any {
	h.t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	res, err := h.mcp.CallTool(testCtx(h.t), req)
	if err != nil {
		h.t.Fatalf("%s: %v", name, err)
	}
	if res.IsError {
		h.t.Fatalf("%s %v: %s", name, args, resultText(res))
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(resultText(res)), &out); err != nil {
		h.t.Fatalf("%s: result is not JSON: %s", name, resultText(res))
	}
	return out
}

// read reads a resource that must exist and returns its one text content.
func (h *harness) read(uri string) mcp.TextResourceContents {
	h.t.Helper()
	req := mcp.ReadResourceRequest{}
	req.Params.URI = uri
	res, err := h.mcp.ReadResource(testCtx(h.t), req)
	if err != nil {
		h.t.Fatalf("read %s: %v", uri, err)
	}
	if len(res.Contents) != 1 {
		h.t.Fatalf("read %s: %d contents", uri, len(res.Contents))
	}
	tc, ok := res.Contents[0].(mcp.TextResourceContents)
	if !ok {
		h.t.Fatalf("read %s: %T, want text", uri, res.Contents[0])
	}
	return tc
}

// readErr reads a resource that must fail and returns the error text.
func (h *harness) readErr(uri string) string {
	h.t.Helper()
	req := mcp.ReadResourceRequest{}
	req.Params.URI = uri
	res, err := h.mcp.ReadResource(testCtx(h.t), req)
	if err == nil {
		h.t.Fatalf("read %s succeeded: %+v", uri, res)
	}
	return err.Error()
}

// updates returns the URIs of the resources/updated notifications so far.
func (h *harness) updates() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var uris []string
	for _, n := range h.notices {
		if n.Method == string(mcp.MethodNotificationResourceUpdated) {
			uri, _ := n.Params.AdditionalFields["uri"].(string)
			uris = append(uris, uri)
		}
	}
	return uris
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// echoFlow builds and publishes a webhook flow that waits delay seconds and
// answers {"echo": message}; it returns the flow id.
func (h *harness) echoFlow(delay float64) string {
	h.t.Helper()
	steps := []any{}
	if delay > 0 {
		steps = append(steps, map[string]any{"name": "wait", "type": "PIECE", "pieceName": "@activepieces/piece-delay", "actionName": "delayFor",
			"input": map[string]any{"delayFor": delay, "unit": "seconds"}})
	}
	steps = append(steps, map[string]any{"name": "reply", "type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
		"input": map[string]any{"responseType": "json", "fields": map[string]any{"status": 200, "body": map[string]any{"echo": "{{trigger.body.message}}"}}}})
	f := h.call("build_flow", map[string]any{"displayName": "Echo " + strings.Repeat("x", int(delay)), "steps": steps, "publish": true})
	return f["id"].(string)
}

// seed creates something the tools cannot (a table) straight on the sandbox
// and returns its id.
func (h *harness) seed(path, body string) string {
	h.t.Helper()
	resp, err := h.engine.HTTPClient().Post(sandbox.InProcessBaseURL+"/activepieces"+path, "application/json", strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode >= 300 || out.ID == "" {
		h.t.Fatalf("POST %s: %d %v", path, resp.StatusCode, err)
	}
	return out.ID
}

// startRun triggers flowID without waiting and returns the run id.
func (h *harness) startRun(flowID string) string {
	h.t.Helper()
	out := h.call("trigger_flow", map[string]any{"flowId": flowID, "payload": map[string]any{"message": "hi"}})
	runID, _ := out["runId"].(string)
	if runID == "" {
		h.t.Fatalf("trigger_flow found no run: %v", out)
	}
	return runID
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
