package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// fault is one way the engine can fail a write.
type fault struct {
	name  string
	serve func(w http.ResponseWriter, r *http.Request)
}

func statusFault(status int, headers ...string) fault {
	return fault{fmt.Sprintf("%d", status), func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"statusCode":%d,"message":"injected fault"}`, status)
	}}
}

// faults are what a programmable upstream answers the write under test with.
var faults = []fault{
	statusFault(500), statusFault(502), statusFault(503), statusFault(504),
	statusFault(429, "Retry-After", "1"),
	statusFault(301), statusFault(302), statusFault(303), statusFault(307), statusFault(308),
	{"reset mid-body", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\":\"abc")
		buf.Flush()
		conn.Close()
	}},
	{"hang past the timeout", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}},
	{"HTML", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Bad gateway, try later</body></html>")
	}},
	{"truncated JSON", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"abc`)
	}},
	{"10 MB body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"`+strings.Repeat("x", 10<<20)+`"}`)
	}},
}

// faultyUpstream passes requests to a sandbox engine, except the first write
// (any method but GET) to a path with the armed prefix, which gets the fault.
// It records every write it receives.
type faultyUpstream struct {
	engine *sandbox.Engine
	srv    *httptest.Server
	mu     sync.Mutex
	prefix string
	fault  *fault
	writes []string // "METHOD path body"
}

func newFaultyUpstream(t *testing.T, e *sandbox.Engine) *faultyUpstream {
	u := &faultyUpstream{engine: e}
	u.srv = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.srv.Close)
	return u
}

func (u *faultyUpstream) arm(prefix string, f *fault) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.prefix, u.fault, u.writes = prefix, f, nil
}

func (u *faultyUpstream) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var f *fault
	if r.Method != http.MethodGet {
		u.mu.Lock()
		u.writes = append(u.writes, r.Method+" "+r.URL.Path+" "+string(body))
		if u.fault != nil && strings.HasPrefix(r.URL.Path, u.prefix) {
			f, u.fault = u.fault, nil
		}
		u.mu.Unlock()
	}
	if f != nil {
		f.serve(w, r)
		return
	}
	out, _ := http.NewRequestWithContext(r.Context(), r.Method, sandbox.InProcessBaseURL+r.URL.RequestURI(), bytes.NewReader(body))
	out.Header = r.Header.Clone()
	resp, err := u.engine.HTTPClient().Transport.RoundTrip(out)
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// recorded returns the writes received since the last arm.
func (u *faultyUpstream) recorded() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.writes...)
}

// writeCase is one write tool, its arguments and the path its write goes to,
// given the ids of fresh fixtures.
type writeCase struct {
	tool string
	of   func(fx fixtures) (args, path string)
}

// fixtures are what the write tools act on, made anew for every fault (a
// delete or a retried write may have changed the last ones).
type fixtures struct{ flow, version, folder, conn, mcpServer string }

func newFixtures(t *testing.T, h *harness, n int) fixtures {
	var flow, folder, conn, mcps struct {
		ID                 string `json:"id"`
		PublishedVersionID string `json:"publishedVersionId"`
	}
	h.ok("build_flow", `{"displayName":"Faulted","publish":true,"steps":[{"name":"reply","type":"PIECE","pieceName":"@activepieces/piece-webhook",
		"actionName":"return_response","input":{"responseType":"json","fields":{"status":200,"body":{"ok":true}}}}]}`, &flow)
	h.ok("get_flow", `{"flowId":"`+flow.ID+`"}`, &flow)
	h.ok("create_folder", fmt.Sprintf(`{"displayName":"Faulted %d"}`, n), &folder)
	h.ok("upsert_connection", fmt.Sprintf(`{"externalId":"faulted-%d","displayName":"F","pieceName":"@activepieces/piece-webhook","type":"SECRET_TEXT","value":{"secret_text":"s3cr3t-value"}}`, n), &conn)
	h.ok("create_mcp_server", `{"name":"faulted"}`, &mcps)
	return fixtures{flow: flow.ID, version: flow.PublishedVersionID, folder: folder.ID, conn: conn.ID, mcpServer: mcps.ID}
}

const engineAPI = "/activepieces/v1/"

// writeCases are every write and trigger tool.
var writeCases = []writeCase{
	{"create_flow", func(fixtures) (string, string) { return `{"displayName":"New"}`, engineAPI + "flows" }},
	{"build_flow", func(fixtures) (string, string) { return `{"displayName":"Built","steps":[]}`, engineAPI + "flows" }},
	{"apply_flow_operation", func(fx fixtures) (string, string) {
		return `{"flowId":"` + fx.flow + `","type":"CHANGE_NAME","displayName":"Renamed"}`, engineAPI + "flows/" + fx.flow
	}},
	{"delete_flow", func(fx fixtures) (string, string) {
		return `{"flowId":"` + fx.flow + `"}`, engineAPI + "flows/" + fx.flow
	}},
	{"create_folder", func(fixtures) (string, string) { return `{"displayName":"Another"}`, engineAPI + "folders" }},
	{"update_folder", func(fx fixtures) (string, string) {
		return `{"folderId":"` + fx.folder + `","displayName":"Renamed"}`, engineAPI + "folders/" + fx.folder
	}},
	{"delete_folder", func(fx fixtures) (string, string) {
		return `{"folderId":"` + fx.folder + `"}`, engineAPI + "folders/" + fx.folder
	}},
	{"upsert_connection", func(fixtures) (string, string) {
		return `{"externalId":"faulted-new","displayName":"F","pieceName":"@activepieces/piece-webhook","type":"SECRET_TEXT","value":{"secret_text":"x"}}`, engineAPI + "app-connections"
	}},
	{"delete_connection", func(fx fixtures) (string, string) {
		return `{"connectionId":"` + fx.conn + `"}`, engineAPI + "app-connections/" + fx.conn
	}},
	{"create_mcp_server", func(fixtures) (string, string) { return `{"name":"another"}`, engineAPI + "mcp-servers" }},
	{"rotate_mcp_token", func(fx fixtures) (string, string) {
		return `{"mcpServerId":"` + fx.mcpServer + `"}`, engineAPI + "mcp-servers/" + fx.mcpServer
	}},
	{"delete_mcp_server", func(fx fixtures) (string, string) {
		return `{"mcpServerId":"` + fx.mcpServer + `"}`, engineAPI + "mcp-servers/" + fx.mcpServer
	}},
	{"delete_invitation", func(fixtures) (string, string) {
		return `{"invitationId":"` + unknownID + `"}`, engineAPI + "user-invitations/"
	}},
	{"test_trigger", func(fx fixtures) (string, string) {
		return `{"flowId":"` + fx.flow + `","flowVersionId":"` + fx.version + `"}`, engineAPI + "test-trigger"
	}},
	{"trigger_flow", func(fx fixtures) (string, string) {
		return `{"flowId":"` + fx.flow + `","payload":{"n":1}}`, engineAPI + "webhooks/" + fx.flow
	}},
	{"trigger_flow_sync", func(fx fixtures) (string, string) {
		return `{"flowId":"` + fx.flow + `","payload":{"n":1}}`, engineAPI + "webhooks/" + fx.flow
	}},
}

// faultServer serves the tools over MCP in-process, with a client that reaches
// the engine through the faulty upstream with short timeouts.
func faultServer(t *testing.T, u *faultyUpstream) *mcpclient.Client {
	c, err := client.New(client.Config{GatewayURL: u.srv.URL, APIKey: "fault-key-0123456789", Timeout: 700 * time.Millisecond,
		SyncWait: 700 * time.Millisecond, RetryBaseWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := server.NewMCPServer("faults", "0", server.WithToolCapabilities(false))
	if _, err := Register(s, c, Options{}); err != nil {
		t.Fatal(err)
	}
	mc, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := mc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	if _, err := mc.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mc.Close() })
	return mc
}

// outcomeSaid reports whether a tool error says what became of the write:
// that it may have been (or was) carried out and to check before calling
// again, or that it was not done (a rate limit, a redirect not followed).
func outcomeSaid(text string) bool {
	for _, s := range []string{"may still have been carried out", "was carried out", "rate limited", "not followed", "nothing of this call is left"} {
		if strings.Contains(strings.ToLower(text), s) {
			return true
		}
	}
	return false
}

// TestFaultsOnEveryWrite injects each fault into the write of each write tool
// and checks: the write reached the engine once (a POST is never repeated), the
// tool answered within its deadline, an error says whether the write may have
// happened, and the server keeps serving. It logs the table of writes counted.
func TestFaultsOnEveryWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault suite takes a while")
	}
	h := newHarness(t, harnessConfig{})
	u := newFaultyUpstream(t, h.engine)
	mc := faultServer(t, u)
	table := map[string]map[string]int{}
	n := 0
	for _, wc := range writeCases {
		table[wc.tool] = map[string]int{}
		for i := range faults {
			f := faults[i]
			n++
			args, path := wc.of(newFixtures(t, h, n))
			u.arm(path, &f)
			start := time.Now()
			res := callTool(t, mc, wc.tool, args)
			took := time.Since(start)
			writes := u.recorded()
			table[wc.tool][f.name] = countTo(writes, path)
			checkFaultOutcome(t, wc.tool, f, res, writes, took)
			if r := callTool(t, mc, "list_folders", `{}`); r.IsError {
				t.Fatalf("after %s on %s the server no longer serves: %s", f.name, wc.tool, resultText(r))
			}
		}
	}
	logFaultTable(t, table)
}

func checkFaultOutcome(t *testing.T, tool string, f fault, res *mcp.CallToolResult, writes []string, took time.Duration) {
	t.Helper()
	text := resultText(res)
	if took > 15*time.Second {
		t.Errorf("%s / %s: answered after %s", tool, f.name, took)
	}
	seen := map[string]bool{}
	for _, w := range writes {
		if seen[w] && !strings.HasPrefix(w, http.MethodDelete) {
			t.Errorf("%s / %s: the same write reached the engine twice: %.120s", tool, f.name, w)
		}
		seen[w] = true
	}
	if res.IsError && !outcomeSaid(text) {
		t.Errorf("%s / %s: the error does not say whether the write may have happened: %s", tool, f.name, text)
	}
}

func countTo(writes []string, path string) int {
	n := 0
	for _, w := range writes {
		if _, rest, _ := strings.Cut(w, " "); strings.HasPrefix(rest, path) {
			n++
		}
	}
	return n
}

func logFaultTable(t *testing.T, table map[string]map[string]int) {
	tools := make([]string, 0, len(table))
	for name := range table {
		tools = append(tools, name)
	}
	sort.Strings(tools)
	var b strings.Builder
	b.WriteString("| tool |")
	for _, f := range faults {
		b.WriteString(" " + f.name + " |")
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(faults)) + "\n")
	for _, name := range tools {
		b.WriteString("| " + name + " |")
		for _, f := range faults {
			fmt.Fprintf(&b, " %d |", table[name][f.name])
		}
		b.WriteString("\n")
	}
	t.Logf("writes counted at the engine, per tool and fault:\n%s", b.String())
}

func callTool(t *testing.T, mc *mcpclient.Client, name, args string) *mcp.CallToolResult {
	t.Helper()
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = jsonArgs(t, args)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := mc.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	return res
}

func jsonArgs(t *testing.T, args string) any {
	var v any
	if err := json.Unmarshal([]byte(args), &v); err != nil {
		t.Fatalf("test args %s: %v", args, err)
	}
	return v
}
