package apps

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// uiCaps is a host's declaration of the extension, as initialize carries it.
var uiCaps = map[string]any{"extensions": map[string]any{ExtensionID: map[string]any{"mimeTypes": []string{MIMEType}}}}

// testServer serves stand-ins for two linked tools and one unlinked one, with
// the views of names registered.
func testServer(names ...string) *server.MCPServer {
	hooks := &server.Hooks{}
	s := server.NewMCPServer("t", "1", server.WithHooks(hooks), server.WithToolCapabilities(false))
	for _, name := range []string{"get_flow", "get_run", "list_flows"} {
		tool := mcp.NewTool(name, mcp.WithDescription(name))
		if name == "get_run" {
			// A tool's own _meta must survive the link, and stay as it is for others.
			tool.Meta = &mcp.Meta{AdditionalFields: map[string]any{"x": 1}}
		}
		s.AddTool(tool, func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			return mcp.NewToolResultText("ok"), nil
		})
	}
	Register(s, hooks, names)
	return s
}

var sessions atomic.Int64

// rawClient speaks JSON-RPC to a server in process and returns the answers as
// the transports would write them.
type rawClient struct {
	t   *testing.T
	s   *server.MCPServer
	ctx context.Context
	id  int
	// modern, when set, is the client capabilities every request carries in its
	// _meta (protocol 2026-07-28, no initialize).
	modern map[string]any
}

// legacyClient initializes a session with caps as the client's capabilities and
// returns the client and the initialize result.
func legacyClient(t *testing.T, s *server.MCPServer, caps map[string]any) (*rawClient, json.RawMessage) {
	t.Helper()
	sess := server.NewInProcessSession(fmt.Sprintf("s%d", sessions.Add(1)), nil)
	if err := s.RegisterSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	c := &rawClient{t: t, s: s, ctx: s.WithContext(context.Background(), sess)}
	init := c.call("initialize", map[string]any{"protocolVersion": mcp.LATEST_LEGACY_PROTOCOL_VERSION,
		"clientInfo": map[string]any{"name": "t", "version": "1"}, "capabilities": caps})
	return c, init
}

func modernClient(t *testing.T, s *server.MCPServer, caps map[string]any) *rawClient {
	return &rawClient{t: t, s: s, ctx: context.Background(), modern: caps}
}

func (c *rawClient) call(method string, params map[string]any) json.RawMessage {
	c.t.Helper()
	c.id++
	if c.modern != nil {
		params["_meta"] = map[string]any{mcp.MetaKeyProtocolVersion: mcp.LATEST_PROTOCOL_VERSION,
			mcp.MetaKeyClientCapabilities: c.modern, mcp.MetaKeyClientInfo: map[string]any{"name": "t", "version": "1"}}
	}
	msg, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": c.id, "method": method, "params": params})
	if err != nil {
		c.t.Fatal(err)
	}
	out, err := json.Marshal(c.s.HandleMessage(c.ctx, msg))
	if err != nil {
		c.t.Fatal(err)
	}
	var resp struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(out, &resp); err != nil || resp.Error != nil {
		c.t.Fatalf("%s: %s (%v)", method, out, err)
	}
	return resp.Result
}

func decode[T any](t *testing.T, raw json.RawMessage) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

type listedTool struct {
	Name string         `json:"name"`
	Meta map[string]any `json:"_meta"`
}

func links(t *testing.T, c *rawClient) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, tool := range decode[struct{ Tools []listedTool }](t, c.call("tools/list", map[string]any{})).Tools {
		if ui, ok := tool.Meta["ui"].(map[string]any); ok {
			got[tool.Name], _ = ui["resourceUri"].(string)
		}
	}
	return got
}

func listedURIs(t *testing.T, c *rawClient) []string {
	t.Helper()
	var uris []string
	for _, r := range decode[struct{ Resources []mcp.Resource }](t, c.call("resources/list", map[string]any{})).Resources {
		uris = append(uris, r.URI)
	}
	return uris
}

// TestNegotiation checks the views and links are offered exactly to clients
// that declare the extension, in both protocol eras.
func TestNegotiation(t *testing.T) {
	s := testServer("get_flow", "get_run", "list_flows")
	declared := []map[string]any{uiCaps, {"extensions": map[string]any{ExtensionID: map[string]any{"mimeTypes": []any{"Text/HTML; profile=mcp-app"}}}}}
	undeclared := []map[string]any{
		{},
		{"extensions": map[string]any{ExtensionID: map[string]any{}}},                                       // mimeTypes is required
		{"extensions": map[string]any{ExtensionID: map[string]any{"mimeTypes": []string{"text/html"}}}},     // not an MCP App
		{"extensions": map[string]any{"io.example/other": map[string]any{"mimeTypes": []string{MIMEType}}}}, // another extension
		{"experimental": map[string]any{ExtensionID: map[string]any{"mimeTypes": []string{MIMEType}}}},      // not where extensions go
	}
	want := map[string]string{"get_flow": FlowViewURI, "get_run": RunViewURI}
	for i, caps := range append(declared, undeclared...) {
		on := i < len(declared)
		legacy, init := legacyClient(t, s, caps)
		modern := modernClient(t, s, caps)
		discover := modern.call("server/discover", map[string]any{})
		for era, c := range map[string]*rawClient{"initialize": legacy, "2026-07-28": modern} {
			name := fmt.Sprintf("%s %v", era, caps)
			if got := links(t, c); on != (len(got) > 0) || on && fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: links %v, want them: %v", name, got, on)
			}
			if got := listedURIs(t, c); on != (len(got) == 2) || !on && len(got) != 0 {
				t.Errorf("%s: resources %v, want the views listed: %v", name, got, on)
			}
		}
		for era, res := range map[string]json.RawMessage{"initialize": init, "discover": discover} {
			caps := decode[struct {
				Capabilities struct{ Extensions map[string]any }
			}](t, res).Capabilities
			if _, ok := caps.Extensions[ExtensionID]; ok != on {
				t.Errorf("%s %v: extension advertised %v, want %v: %s", era, caps, ok, on, res)
			}
		}
	}
}

// TestUndeclaredClientSeesToolsAsRegistered checks a client without the
// extension gets the tool definitions as registered, _meta included, and one
// with it gets them plus the link only.
func TestUndeclaredClientSeesToolsAsRegistered(t *testing.T) {
	s := testServer("get_flow", "get_run")
	plain, _ := legacyClient(t, s, map[string]any{})
	ui, _ := legacyClient(t, s, uiCaps)
	before := string(plain.call("tools/list", map[string]any{}))
	withUI := string(ui.call("tools/list", map[string]any{}))
	if after := string(plain.call("tools/list", map[string]any{})); after != before {
		t.Errorf("a linking client changed another's tool list:\n%s\n%s", before, after)
	}
	if strings.Contains(before, "ui://") || !strings.Contains(before, `"_meta":{"x":1}`) {
		t.Errorf("tool list without the extension: %s", before)
	}
	for _, link := range []string{`"_meta":{"ui":{"resourceUri":"` + FlowViewURI + `"}}`, `"_meta":{"ui":{"resourceUri":"` + RunViewURI + `"},"x":1}`} {
		if !strings.Contains(withUI, link) {
			t.Errorf("tool list with the extension lacks %s: %s", link, withUI)
		}
	}
	// The calls themselves answer alike.
	a := plain.call("tools/call", map[string]any{"name": "get_flow", "arguments": map[string]any{}})
	b := ui.call("tools/call", map[string]any{"name": "get_flow", "arguments": map[string]any{}})
	if string(a) != string(b) {
		t.Errorf("results differ: %s vs %s", a, b)
	}
}

// TestServedHTMLIsTheCommittedBuild reads each view as a host does and checks
// it is the committed build output, with its MIME type and CSP metadata.
func TestServedHTMLIsTheCommittedBuild(t *testing.T) {
	s := testServer("get_flow", "get_run")
	c, _ := legacyClient(t, s, uiCaps)
	for _, v := range Views {
		committed, err := os.ReadFile(v.File)
		if err != nil {
			t.Fatal(err)
		}
		res := decode[struct {
			Contents []struct {
				URI, MIMEType, Text string
				Meta                map[string]any `json:"_meta"`
			}
		}](t, c.call("resources/read", map[string]any{"uri": v.URI}))
		if len(res.Contents) != 1 {
			t.Fatalf("%s: %d contents", v.URI, len(res.Contents))
		}
		got := res.Contents[0]
		if got.Text != string(committed) {
			t.Errorf("%s serves %d bytes that are not %s (%d bytes): rebuild with apps/web/build.mjs", v.URI, len(got.Text), v.File, len(committed))
		}
		if got.URI != v.URI || got.MIMEType != MIMEType {
			t.Errorf("%s: uri %q, MIME type %q", v.URI, got.URI, got.MIMEType)
		}
		if meta, _ := json.Marshal(got.Meta); string(meta) != `{"ui":{"csp":{"connectDomains":[],"resourceDomains":[]},"prefersBorder":true}}` {
			t.Errorf("%s: _meta %s", v.URI, meta)
		}
		// Self-contained: one inline script and one inline style, nothing the markup
		// loads. What the script could fetch, the browser test and the CSP rule out.
		html := strings.ToLower(got.Text)
		if strings.Count(html, "<script>") != 1 || strings.Count(html, "<script") != 1 || strings.Count(html, "<style>") != 1 ||
			strings.Contains(html, "<link") || strings.Contains(html, "@import") || strings.Contains(html, "url(http") {
			t.Errorf("%s is not one self-contained page", v.URI)
		}
	}
	list := string(c.call("resources/list", map[string]any{}))
	for _, want := range []string{`"mimeType":"` + MIMEType + `"`, `"csp":{"connectDomains":[],"resourceDomains":[]}`, `"uri":"` + FlowViewURI + `"`, `"uri":"` + RunViewURI + `"`} {
		if !strings.Contains(list, want) {
			t.Errorf("resources/list lacks %s: %s", want, list)
		}
	}
}

// TestViewsFollowTheirTools checks a view is offered only with a tool it shows.
func TestViewsFollowTheirTools(t *testing.T) {
	s := testServer("get_flow", "list_flows")
	c, _ := legacyClient(t, s, uiCaps)
	if got := listedURIs(t, c); len(got) != 1 || got[0] != FlowViewURI {
		t.Errorf("resources %v, want only the flow view", got)
	}
	if got := links(t, c); len(got) != 1 || got["get_flow"] != FlowViewURI {
		t.Errorf("links %v", got)
	}
	none := testServer("list_flows")
	c, init := legacyClient(t, none, uiCaps)
	if strings.Contains(string(init), ExtensionID) || len(links(t, c)) != 0 {
		t.Errorf("no view registered, yet the extension is offered: %s", init)
	}
}
