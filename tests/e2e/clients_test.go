package e2e

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// The two protocol eras: the initialize handshake, and the stateless core where
// every request carries its own version and capabilities in _meta.
const (
	legacyEra = "2025-06-18"
	modernEra = "2026-07-28"
)

// stdioTransport spawns the bridge on stdio with an in-memory sandbox.
func stdioTransport(t *testing.T, env []string, args ...string) (*transport.Stdio, *syncBuffer) {
	tr, stderr, _ := stdioTransportCmd(t, env, args...)
	return tr, stderr
}

// stdioTransportCmd is stdioTransport that also hands back the process, once the
// client has started it.
func stdioTransportCmd(t *testing.T, env []string, args ...string) (*transport.Stdio, *syncBuffer, **exec.Cmd) {
	stderr := &syncBuffer{}
	started := new(*exec.Cmd)
	args = append([]string{"serve", "--sandbox-data", ":memory:"}, args...)
	tr := transport.NewStdioWithOptions(bridge, nil, args,
		transport.WithCommandStderrWriter(stderr),
		transport.WithCommandFunc(func(ctx context.Context, command string, _ []string, args []string) (*exec.Cmd, error) {
			cmd := exec.CommandContext(ctx, command, args...)
			cmd.Env = env
			*started = cmd
			return cmd, nil
		}))
	return tr, stderr, started
}

func sseTransport(t *testing.T, url, token string) transport.Interface {
	var opts []transport.ClientOption
	if token != "" {
		opts = append(opts, transport.WithHeaders(map[string]string{"Authorization": "Bearer " + token}))
	}
	tr, err := transport.NewSSE(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func httpTransport(t *testing.T, url, token string) transport.Interface {
	var opts []transport.StreamableHTTPCOption
	if token != "" {
		opts = append(opts, transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer " + token}))
	}
	tr, err := transport.NewStreamableHTTP(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// connect starts a client on tr in the given protocol era and checks what the
// server announces.
func connect(t *testing.T, tr transport.Interface, era string) *mcpclient.Client {
	t.Helper()
	c, res, err := tryConnect(t, tr, era)
	if err != nil {
		t.Fatalf("connecting in the %s era: %v", era, err)
	}
	if got := c.ProtocolVersion(); got != era {
		t.Errorf("negotiated protocol %q, want %q", got, era)
	}
	if res.ServerInfo.Name != "mcp-bridge" {
		t.Errorf("serverInfo.name = %q", res.ServerInfo.Name)
	}
	if res.Capabilities.Tools == nil || res.Capabilities.Logging == nil {
		t.Errorf("capabilities = %+v, want tools and logging", res.Capabilities)
	}
	if !strings.HasPrefix(res.Instructions, "BACKEND: SANDBOX.") {
		t.Errorf("instructions do not say loudly that this is the sandbox: %q", res.Instructions)
	}
	return c
}

func tryConnect(t *testing.T, tr transport.Interface, era string) (*mcpclient.Client, *mcp.InitializeResult, error) {
	var opts []mcpclient.ClientOption
	if era == legacyEra {
		opts = append(opts, mcpclient.WithProtocolVersion(legacyEra))
	}
	c := mcpclient.NewClient(tr, opts...)
	t.Cleanup(func() { c.Close() })
	ctx := testContext(t)
	if err := c.Start(ctx); err != nil {
		return nil, nil, err
	}
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = era
	req.Params.ClientInfo = mcp.Implementation{Name: "mcp-bridge-e2e", Version: "1"}
	res, err := c.Initialize(ctx, req)
	return c, res, err
}

// call calls a tool that must succeed and returns its structured result.
func call(t *testing.T, c *mcpclient.Client, name string, args map[string]any) map[string]any {
	t.Helper()
	res := callRaw(t, c, name, args, nil)
	if res.IsError {
		t.Fatalf("%s %v failed: %s", name, args, text(res))
	}
	return structured(t, res)
}

// callError calls a tool that must report a tool error and returns its text.
func callError(t *testing.T, c *mcpclient.Client, name string, args map[string]any) string {
	t.Helper()
	res := callRaw(t, c, name, args, nil)
	if !res.IsError {
		t.Fatalf("%s %v succeeded, want a tool error: %s", name, args, text(res))
	}
	return text(res)
}

func callRaw(t *testing.T, c *mcpclient.Client, name string, args map[string]any, meta *mcp.Meta) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	req.Params.Meta = meta
	res, err := c.CallTool(testContext(t), req)
	if err != nil {
		t.Fatalf("%s: protocol error: %v", name, err)
	}
	return res
}

// structured returns the structured result, checking that the text content
// carries the same JSON.
func structured(t *testing.T, res *mcp.CallToolResult) map[string]any {
	t.Helper()
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil || out == nil {
		t.Fatalf("structuredContent is not an object: %s", raw)
	}
	var fromText map[string]any
	if err := json.Unmarshal([]byte(text(res)), &fromText); err != nil {
		t.Fatalf("text content is not the JSON result: %q", text(res))
	}
	a, _ := json.Marshal(out)
	b, _ := json.Marshal(fromText)
	if string(a) != string(b) {
		t.Errorf("text content differs from structuredContent:\n%s\n%s", b, a)
	}
	return out
}

func text(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// str reads a string at a dotted path in a decoded JSON object.
func str(m map[string]any, path string) string {
	v := at(m, path)
	s, _ := v.(string)
	return s
}

func at(m map[string]any, path string) any {
	var cur any = m
	for _, key := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[key]
	}
	return cur
}
