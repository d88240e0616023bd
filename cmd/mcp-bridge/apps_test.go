package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/apps"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

// session is one in-process client of s, speaking raw JSON-RPC so answers are
// compared as the transports write them.
type session struct {
	t   *testing.T
	s   *server.MCPServer
	ctx context.Context
	id  int
}

func newSession(t *testing.T, s *server.MCPServer, name string, caps map[string]any) *session {
	t.Helper()
	sess := server.NewInProcessSession(name, nil)
	if err := s.RegisterSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	c := &session{t: t, s: s, ctx: s.WithContext(context.Background(), sess)}
	c.call("initialize", map[string]any{"protocolVersion": mcp.LATEST_LEGACY_PROTOCOL_VERSION,
		"clientInfo": map[string]any{"name": name, "version": "1"}, "capabilities": caps})
	return c
}

func (c *session) call(method string, params map[string]any) json.RawMessage {
	c.t.Helper()
	c.id++
	msg, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": c.id, "method": method, "params": params})
	out, err := json.Marshal(c.s.HandleMessage(c.ctx, msg))
	if err != nil {
		c.t.Fatal(err)
	}
	var resp struct{ Result, Error json.RawMessage }
	if err := json.Unmarshal(out, &resp); err != nil || resp.Error != nil {
		c.t.Fatalf("%s: %s", method, out)
	}
	return resp.Result
}

func (c *session) tool(name string, args map[string]any) json.RawMessage {
	return c.call("tools/call", map[string]any{"name": name, "arguments": args})
}

// TestAppsChangeNothingForOtherHosts checks the MCP App views are invisible to
// a host that does not declare the extension: its tool list is the registered
// definitions byte for byte, and results are what the tools' handlers return.
// A host that declares it gets the same definitions plus the _meta link only.
func TestAppsChangeNothingForOtherHosts(t *testing.T) {
	cfg, err := config.Load([]string{"--sandbox-data", ":memory:"}, env())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := openBackend(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s, _, err := newMCPServer(cfg, eng, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := newSession(t, s, "plain", map[string]any{"roots": map[string]any{}})
	ui := newSession(t, s, "ui", map[string]any{"extensions": map[string]any{apps.ExtensionID: map[string]any{"mimeTypes": []string{apps.MIMEType}}}})

	defs, err := tools.Definitions(toolOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(mcp.ListToolsResult{Tools: defs})
	got := plain.call("tools/list", map[string]any{})
	if string(got) != string(want) {
		t.Fatalf("tools/list without the extension differs from the registered tools:\n%s\nwant\n%s", got, want)
	}

	// With the extension: the same tools, six of them with one _meta link each.
	var plainTools, uiTools struct{ Tools []json.RawMessage }
	_ = json.Unmarshal(got, &plainTools)
	_ = json.Unmarshal(ui.call("tools/list", map[string]any{}), &uiTools)
	linked := map[string]string{}
	for _, v := range apps.Views {
		for _, name := range v.Tools {
			linked[name] = v.URI
		}
	}
	growth := 0
	for i, raw := range uiTools.Tools {
		var tool map[string]json.RawMessage
		_ = json.Unmarshal(raw, &tool)
		var name string
		_ = json.Unmarshal(tool["name"], &name)
		uri, isLinked := linked[name]
		meta := string(tool["_meta"])
		delete(tool, "_meta")
		var base map[string]json.RawMessage
		_ = json.Unmarshal(plainTools.Tools[i], &base)
		a, _ := json.Marshal(tool)
		b, _ := json.Marshal(base)
		if string(a) != string(b) {
			t.Errorf("%s: with the extension the definition changes beyond _meta", name)
		}
		wantMeta := ""
		if isLinked {
			wantMeta = fmt.Sprintf(`{"ui":{"resourceUri":%q}}`, uri)
			growth += len(`"_meta":`+wantMeta) + 1 // and its comma
		}
		if meta != wantMeta {
			t.Errorf("%s: _meta %s, want %q", name, meta, wantMeta)
		}
	}
	if len(linked) != 6 || len(raw(uiTools.Tools))-len(raw(plainTools.Tools)) != growth {
		t.Errorf("the tool list grew by %d bytes, want %d (the six links)", len(raw(uiTools.Tools))-len(raw(plainTools.Tools)), growth)
	}

	// Results: the same for both hosts, and what the handler itself returns.
	built := plain.tool("build_flow", map[string]any{"displayName": "apps", "publish": true, "steps": []any{
		map[string]any{"type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
			"input": map[string]any{"fields": map[string]any{"status": 200, "body": map[string]any{"ok": true}}}}}})
	var flow struct{ StructuredContent struct{ ID string } }
	_ = json.Unmarshal(built, &flow)
	var sync struct{ StructuredContent struct{ RunID string } }
	_ = json.Unmarshal(plain.tool("trigger_flow_sync", map[string]any{"flowId": flow.StructuredContent.ID}), &sync)
	if flow.StructuredContent.ID == "" || sync.StructuredContent.RunID == "" {
		t.Fatalf("no flow or run to read: %s", built)
	}
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_flow", map[string]any{"flowId": flow.StructuredContent.ID, "detail": "full"}},
		{"get_run", map[string]any{"runId": sync.StructuredContent.RunID, "detail": "full"}},
		{"wait_for_run", map[string]any{"runId": sync.StructuredContent.RunID}},
		{"list_flows", map[string]any{}},
	} {
		a, b := plain.tool(c.tool, c.args), ui.tool(c.tool, c.args)
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = c.tool, c.args
		direct, err := s.GetTool(c.tool).Handler(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := json.Marshal(direct)
		if string(a) != string(d) || string(b) != string(d) {
			t.Errorf("%s: results differ:\nplain %s\nui    %s\nhandler %s", c.tool, a, b, d)
		}
	}
}

func raw(list []json.RawMessage) string {
	b, _ := json.Marshal(list)
	return string(b)
}
