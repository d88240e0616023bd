package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// countingTransport counts the requests that reach the engine, so a test can
// prove that a bad call sent nothing upstream.
type countingTransport struct {
	next   http.RoundTripper
	n      atomic.Int64
	writes atomic.Int64 // requests other than GET
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	if r.Method != http.MethodGet {
		t.writes.Add(1)
	}
	return t.next.RoundTrip(r)
}

// harness is an MCP client talking in-process to a server whose tools call a
// sandbox engine in-process.
type harness struct {
	t       *testing.T
	engine  *sandbox.Engine
	sent    *countingTransport
	client  *client.Client
	mcp     *mcpclient.Client
	mu      sync.Mutex
	notices []mcp.JSONRPCNotification
}

type harnessConfig struct {
	engineOpts []sandbox.Option
	cfg        client.Config // backend, credentials; URL and HTTP client are set by the harness
	opts       Options
	// fail, when set, answers a request in the engine's place when it returns
	// a status (a fault to inject); 0 lets the request through.
	fail func(r *http.Request, body []byte) int
}

// faultTransport answers some requests with a failure instead of the engine.
type faultTransport struct {
	next http.RoundTripper
	fail func(r *http.Request, body []byte) int
}

func (f *faultTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if status := f.fail(r, body); status != 0 {
		body := `{"message":"injected failure"}`
		if status == http.StatusBadRequest {
			body = `{"code":"FLOW_OPERATION_INVALID","params":{"message":"injected failure"}}`
		}
		return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
	return f.next.RoundTrip(r)
}

func newHarness(t *testing.T, hc harnessConfig) *harness {
	t.Helper()
	e, err := sandbox.Open(":memory:", hc.engineOpts...)
	if err != nil {
		t.Fatalf("sandbox.Open: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return newHarnessOn(t, e, hc)
}

// newHarnessOn serves tools over an engine that is already open (and closed by its owner).
func newHarnessOn(t *testing.T, e *sandbox.Engine, hc harnessConfig) *harness {
	t.Helper()
	var next http.RoundTripper = e.HTTPClient().Transport
	if hc.fail != nil {
		next = &faultTransport{next: next, fail: hc.fail}
	}
	sent := &countingTransport{next: next}
	cfg := hc.cfg
	cfg.HTTPClient = &http.Client{Transport: sent}
	if cfg.Layout == client.LayoutActivepieces {
		cfg.ActivepiecesURL = sandbox.InProcessBaseURL + "/api"
	} else {
		cfg.GatewayURL = sandbox.InProcessBaseURL
	}
	cfg.MaxRetries = -1
	c, err := client.New(cfg)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	s := server.NewMCPServer("mcp-bridge-test", "0", server.WithToolCapabilities(false), server.WithOutputSchemaValidation())
	if _, err := Register(s, c, hc.opts); err != nil {
		t.Fatalf("Register: %v", err)
	}
	mc, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, engine: e, sent: sent, client: c, mcp: mc}
	mc.OnNotification(func(n mcp.JSONRPCNotification) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.notices = append(h.notices, n)
	})
	ctx := context.Background()
	if err := mc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "0"}
	if _, err := mc.Initialize(ctx, init); err != nil {
		t.Fatalf("Initialize: %v", err)
	}
	t.Cleanup(func() { mc.Close() })
	return h
}

// call calls a tool with args given as JSON, optionally asking for progress.
func (h *harness) call(name, args string, progressToken any) *mcp.CallToolResult {
	h.t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	if args != "" {
		var v any
		if err := json.Unmarshal([]byte(args), &v); err != nil {
			h.t.Fatalf("test args %s: %v", args, err)
		}
		req.Params.Arguments = v
	}
	if progressToken != nil {
		req.Params.Meta = &mcp.Meta{ProgressToken: progressToken}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := h.mcp.CallTool(ctx, req)
	if err != nil {
		h.t.Fatalf("%s(%s): protocol error %v", name, args, err)
	}
	return res
}

// ok calls a tool that must succeed and decodes its structured result into out;
// it also checks that the text content is the same compact JSON.
func (h *harness) ok(name, args string, out any) {
	h.t.Helper()
	res := h.call(name, args, nil)
	h.decode(name, res, out)
}

func (h *harness) decode(name string, res *mcp.CallToolResult, out any) {
	h.t.Helper()
	text := resultText(res)
	if res.IsError {
		h.t.Fatalf("%s: unexpected tool error: %s", name, text)
	}
	markOK(name)
	data, err := json.Marshal(res.StructuredContent)
	if err != nil {
		h.t.Fatal(err)
	}
	if !jsonEqual(data, []byte(text)) {
		h.t.Errorf("%s: text content differs from structuredContent:\n text %s\n data %s", name, text, data)
	}
	if strings.Contains(text, "\n  ") {
		h.t.Errorf("%s: result text is not compact JSON", name)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			h.t.Fatalf("%s: decoding %s: %v", name, data, err)
		}
	}
}

// fails calls a tool that must end in a tool error containing every want, and
// returns the error text.
func (h *harness) fails(name, args string, want ...string) string {
	h.t.Helper()
	res := h.call(name, args, nil)
	text := resultText(res)
	if !res.IsError {
		h.t.Fatalf("%s(%s): want a tool error, got %s", name, args, text)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			h.t.Errorf("%s(%s): error %q does not contain %q", name, args, text, w)
		}
	}
	return text
}

// rejects checks that a call with bad arguments is refused with exactly want and
// that nothing reached the engine.
func (h *harness) rejects(name, args, want string) {
	h.t.Helper()
	before := h.sent.n.Load()
	exact := h.refusedWith(name, args, want)
	if n := h.sent.n.Load() - before; n != 0 {
		h.t.Errorf("%s(%s): %d request(s) reached the engine; want none", name, args, n)
	} else if exact {
		markRejected(name)
	}
}

// refusedWith calls the tool and checks that it ends in exactly the tool error
// want; it reports whether it did.
func (h *harness) refusedWith(name, args, want string) bool {
	h.t.Helper()
	res := h.call(name, args, nil)
	text := resultText(res)
	if !res.IsError {
		h.t.Fatalf("%s(%s): want a tool error, got %s", name, args, text)
	}
	if text != want {
		h.t.Errorf("%s(%s):\n got %q\nwant %q", name, args, text, want)
		return false
	}
	return true
}

func (h *harness) progressNotices(token string) []map[string]any {
	return h.progressNoticesAny(token)
}

// progressNoticesAny returns the progress notifications for token (a string or,
// decoded from JSON, a float64).
func (h *harness) progressNoticesAny(token any) []map[string]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []map[string]any
	for _, n := range h.notices {
		if n.Method != "notifications/progress" {
			continue
		}
		if n.Params.AdditionalFields["progressToken"] == token {
			out = append(out, n.Params.AdditionalFields)
		}
	}
	return out
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func jsonEqual(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	ja, _ := json.Marshal(va)
	jb, _ := json.Marshal(vb)
	return string(ja) == string(jb)
}

// echoFlowID returns the id of the sandbox's seeded echo flow.
func (h *harness) echoFlowID() string {
	h.t.Helper()
	var out listFlowsOutput
	h.ok("list_flows", `{"name":"`+sandbox.EchoFlowName+`"}`, &out)
	if len(out.Flows) != 1 {
		h.t.Fatalf("want the seeded echo flow, got %+v", out.Flows)
	}
	return out.Flows[0].ID
}

// unknownID is well-formed but names nothing.
const unknownID = "AAAAAAAAAAAAAAAAAAAAA"

// seed posts body to an engine route (gateway layout) that has no tool, such as
// creating a table, and decodes the answer.
func (h *harness) seed(path, body string) map[string]any {
	h.t.Helper()
	var out map[string]any
	h.seedInto(path, body, &out)
	return out
}

func (h *harness) seedInto(path, body string, out any) {
	h.t.Helper()
	resp, err := h.engine.HTTPClient().Post(sandbox.InProcessBaseURL+"/activepieces"+path, "application/json", strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil || resp.StatusCode >= 300 {
		h.t.Fatalf("POST %s: %d %v", path, resp.StatusCode, err)
	}
}

// flowCount is how many flows the project holds, to show that a refused call created none.
func (h *harness) flowCount() int {
	h.t.Helper()
	var out listFlowsOutput
	h.ok("list_flows", `{"limit":100}`, &out)
	return len(out.Flows)
}

// refuses checks that a call ends in exactly the tool error want and that the
// project holds as many flows afterwards as before. Unlike rejects, the call
// may read from the engine (pieces, the flow edited) to find the problem.
func (h *harness) refuses(name, args, want string) {
	h.t.Helper()
	before := h.flowCount()
	h.refusedWith(name, args, want)
	if after := h.flowCount(); after != before {
		h.t.Errorf("%s(%s): %d flows before, %d after: a refused call created something", name, args, before, after)
	}
}

// refusesUnwritten checks that a call ends in exactly the tool error want
// having only read from the engine: nothing was changed.
func (h *harness) refusesUnwritten(name, args, want string) {
	h.t.Helper()
	before := h.sent.writes.Load()
	h.refusedWith(name, args, want)
	if n := h.sent.writes.Load() - before; n != 0 {
		h.t.Errorf("%s(%s): %d write(s) reached the engine; want none", name, args, n)
	}
}
