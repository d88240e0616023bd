package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// Two callers of one bridge, each with a sandbox key bound to a project of its own.
const (
	hostedKeyA = "hosted-key-aaaa-0001"
	hostedKeyB = "hosted-key-bbbb-0002"
)

// hostedServer starts a bridge with per-request credentials on the built-in
// sandbox, whose two keys are bound to two projects, logging at debug.
func hostedServer(t *testing.T, args ...string) *server {
	t.Helper()
	env := hermeticEnv(t, "MCP_BRIDGE_SANDBOX_API_KEYS="+hostedKeyA+":projectA,"+hostedKeyB+":projectB")
	return startServer(t, env, append([]string{"--backend", "sandbox", "--upstream-auth", "per-request", "--log-level", "debug"}, args...)...)
}

// TestPerRequestThroughAStandaloneSandbox puts a standalone sandbox, its keys
// bound to two projects, behind a bridge on the imbrace backend: each caller's
// key travels to the sandbox and lands in its own project.
func TestPerRequestThroughAStandaloneSandbox(t *testing.T) {
	sb := startProcess(t, hermeticEnv(t, "MCP_BRIDGE_SANDBOX_API_KEYS="+hostedKeyA+":projectA,"+hostedKeyB+":projectB"),
		"serving the sandbox engine", "sandbox", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json")
	s := startServer(t, hermeticEnv(t, "IMBRACE_GATEWAY_URL="+sb.URL), "--transport", "http", "--backend", "imbrace",
		"--upstream-auth", "per-request", "--log-level", "debug")
	a, b := callerClient(t, s, false, hostedKeyA), callerClient(t, s, false, hostedKeyB)
	made := str(call(t, a, "create_flow", map[string]any{"displayName": "only-A"}), "id")
	if msg := callError(t, b, "get_flow", map[string]any{"flowId": made}); !strings.Contains(msg, "404") {
		t.Errorf("B reads A's flow: %q", msg)
	}
	for _, f := range call(t, b, "list_flows", map[string]any{})["flows"].([]any) {
		if str(f.(map[string]any), "displayName") == "only-A" {
			t.Error("B lists A's flow")
		}
	}
	for _, log := range []string{s.stderr.String(), sb.stderr.String()} {
		if strings.Contains(log, hostedKeyA) || strings.Contains(log, hostedKeyB) {
			t.Errorf("a key reached a log:\n%s", log)
		}
	}
}

// callerClient connects to s as the holder of key.
func callerClient(t *testing.T, s *server, sse bool, key string) *mcpclient.Client {
	t.Helper()
	headers := map[string]string{"X-Imbrace-Api-Key": key}
	var tr transport.Interface
	var err error
	if sse {
		tr, err = transport.NewSSE(s.URL, transport.WithHeaders(headers))
	} else {
		tr, err = transport.NewStreamableHTTP(s.URL, transport.WithHTTPHeaders(headers))
	}
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := tryConnect(t, tr, legacyEra)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPerRequestCallersAreIsolated runs two callers at once on one bridge, on
// each HTTP transport: each sees and reaches only its own project's flows, and
// no key reaches the debug log.
func TestPerRequestCallersAreIsolated(t *testing.T) {
	for _, tc := range []struct {
		name string
		sse  bool
		args []string
	}{
		{"streamable stateful", false, []string{"--transport", "http"}},
		{"streamable stateless", false, []string{"--transport", "http", "--stateless"}},
		{"sse", true, []string{"--transport", "sse"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := hostedServer(t, tc.args...)
			clients := map[string]*mcpclient.Client{"A": callerClient(t, s, tc.sse, hostedKeyA), "B": callerClient(t, s, tc.sse, hostedKeyB)}
			made := map[string][]string{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for who, c := range clients {
				for i := 0; i < 4; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						flow := call(t, c, "create_flow", map[string]any{"displayName": fmt.Sprintf("%s-%d", who, i)})
						mu.Lock()
						made[who] = append(made[who], str(flow, "id"))
						mu.Unlock()
						call(t, c, "list_flows", map[string]any{"limit": 100})
					}()
				}
			}
			wg.Wait()
			for who, c := range clients {
				other := map[string]string{"A": "B", "B": "A"}[who]
				flows, _ := call(t, c, "list_flows", map[string]any{"limit": 100})["flows"].([]any)
				if len(flows) != 5 { // four made and the echo flow each project starts with
					t.Errorf("caller %s lists %d flows, want 5", who, len(flows))
				}
				for _, f := range flows {
					if name := str(f.(map[string]any), "displayName"); !strings.HasPrefix(name, who+"-") && name != "Echo webhook" {
						t.Errorf("caller %s sees flow %q", who, name)
					}
				}
				if msg := callError(t, c, "get_flow", map[string]any{"flowId": made[other][0]}); !strings.Contains(msg, "404") {
					t.Errorf("caller %s reading %s's flow: %q, want a 404", who, other, msg)
				}
			}
			if log := s.stderr.String(); strings.Contains(log, hostedKeyA) || strings.Contains(log, hostedKeyB) {
				t.Errorf("a caller's key reached the log:\n%s", log)
			}
			if log := s.stderr.String(); !strings.Contains(log, `"request_id"`) {
				t.Errorf("no log line carries a request id:\n%s", log)
			}
		})
	}
}

// sendJSON POSTs one JSON-RPC message as a Streamable HTTP client does, with
// headers; the caller closes the body.
func sendJSON(t *testing.T, url string, headers map[string]string, body io.Reader) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// rawPost sends one JSON-RPC message and returns the status and body.
func rawPost(t *testing.T, url string, headers map[string]string, body string) (int, http.Header, string) {
	t.Helper()
	resp := sendJSON(t, url, headers, strings.NewReader(body))
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(data)
}

const rawInitialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"hijack","version":"1"}}}`

// TestSessionHijackIsRefused takes a session id opened with one key and tries
// it with another key and with none, over Streamable HTTP and SSE.
func TestSessionHijackIsRefused(t *testing.T) {
	t.Run("streamable", func(t *testing.T) {
		s := hostedServer(t, "--transport", "http")
		status, h, _ := rawPost(t, s.URL, map[string]string{"X-Imbrace-Api-Key": hostedKeyA}, rawInitialize)
		session := h.Get("Mcp-Session-Id")
		if status != 200 || session == "" {
			t.Fatalf("initialize: %d, session %q", status, session)
		}
		list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
		for _, tt := range []struct {
			name    string
			headers map[string]string
			want    int
		}{
			{"another caller's key", map[string]string{"X-Imbrace-Api-Key": hostedKeyB}, 403},
			{"no key", map[string]string{}, 401},
			{"a made-up session", map[string]string{"X-Imbrace-Api-Key": hostedKeyA, "Mcp-Session-Id": "mcp-session-00000000-0000-0000-0000-000000000000"}, 404},
			{"the owner", map[string]string{"X-Imbrace-Api-Key": hostedKeyA}, 200},
		} {
			if _, ok := tt.headers["Mcp-Session-Id"]; !ok {
				tt.headers["Mcp-Session-Id"] = session
			}
			tt.headers["MCP-Protocol-Version"] = legacyEra
			status, h, body := rawPost(t, s.URL, tt.headers, list)
			if status != tt.want {
				t.Errorf("%s: HTTP %d %s, want %d", tt.name, status, body, tt.want)
			}
			if status == 401 && (!strings.Contains(body, "X-Imbrace-Api-Key") || h.Get("WWW-Authenticate") == "") {
				t.Errorf("the 401 does not name the header to send: %v %s", h, body)
			}
		}
	})
	t.Run("sse", func(t *testing.T) {
		s := hostedServer(t, "--transport", "sse")
		req, _ := http.NewRequestWithContext(testContext(t), "GET", s.URL, nil)
		req.Header.Set("X-Imbrace-Api-Key", hostedKeyA)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		endpoint := ""
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() && endpoint == "" {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				endpoint = data
			}
		}
		if !strings.Contains(endpoint, "sessionId=") {
			t.Fatalf("no endpoint event: %q", endpoint)
		}
		url := endpoint
		if strings.HasPrefix(url, "/") {
			url = s.Base + url
		}
		if status, _, body := rawPost(t, url, map[string]string{"X-Imbrace-Api-Key": hostedKeyB}, rawInitialize); status != 403 {
			t.Errorf("another key on the SSE session: %d %s, want 403", status, body)
		}
		if status, _, _ := rawPost(t, url, nil, rawInitialize); status != 401 {
			t.Errorf("no key on the SSE session: %d, want 401", status)
		}
		if status, _, _ := rawPost(t, url, map[string]string{"X-Imbrace-Api-Key": hostedKeyA}, rawInitialize); status != 202 {
			t.Errorf("the owner: %d, want 202", status)
		}
	})
}

// TestMetricsShowTheJourney scrapes /metrics after an agent's journey and
// finds its calls, their outcomes and the upstream requests they made.
func TestMetricsShowTheJourney(t *testing.T) {
	s := startServer(t, hermeticEnv(t), "--transport", "http")
	c := connect(t, httpTransport(t, s.URL, ""), legacyEra)
	agentJourney(t, c)
	resp, err := http.Get(s.Base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`mcp_bridge_tool_calls_total{outcome="ok",tool="create_flow"} 1`,
		`mcp_bridge_tool_calls_total{outcome="ok",tool="trigger_flow_sync"} 1`,
		`mcp_bridge_tool_calls_total{outcome="tool_error",tool="get_flow"} 1`,
		`mcp_bridge_tool_call_duration_seconds_count{tool="apply_flow_operation"}`,
		`mcp_bridge_upstream_requests_total{method="POST",status="201"}`,
		`mcp_bridge_tool_calls_in_flight 0`,
		`mcp_bridge_sessions 1`,
		`mcp_bridge_build_info{version=`,
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	ready, err := http.Get(s.Base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	_ = json.NewDecoder(ready.Body).Decode(&body)
	ready.Body.Close()
	if ready.StatusCode != 200 || body["status"] != "ready" {
		t.Errorf("/readyz: %d %v", ready.StatusCode, body)
	}
}

// TestTokenGateBeforeCallerCredentials keeps the bridge's own token as an
// outer gate in per-request mode: callers then send both.
func TestTokenGateBeforeCallerCredentials(t *testing.T) {
	const token = "outer-gate-token-0123456789"
	env := hermeticEnv(t, "MCP_BRIDGE_AUTH_TOKEN="+token, "MCP_BRIDGE_SANDBOX_API_KEYS="+hostedKeyA+":projectA")
	s := startServer(t, env, "--transport", "http", "--backend", "sandbox", "--upstream-auth", "per-request")
	for _, tt := range []struct {
		name    string
		headers map[string]string
		want    int
	}{
		{"key without the token", map[string]string{"X-Imbrace-Api-Key": hostedKeyA}, 401},
		{"token without a key", map[string]string{"Authorization": "Bearer " + token}, 401},
		{"both", map[string]string{"Authorization": "Bearer " + token, "X-Imbrace-Api-Key": hostedKeyA}, 200},
	} {
		if status, _, body := rawPost(t, s.URL, tt.headers, rawInitialize); status != tt.want {
			t.Errorf("%s: HTTP %d %s, want %d", tt.name, status, body, tt.want)
		}
	}
}

// TestCallsPerCallerAreCapped: a caller with --max-calls-per-caller calls
// running is told at once that a further one is over the cap, even with an
// extra header the backend ignores, while another caller's calls go through;
// once one of the first caller's calls ends, it can call again.
func TestCallsPerCallerAreCapped(t *testing.T) {
	s := hostedServer(t, "--transport", "http", "--max-calls-per-caller", "2")
	a, b := callerClient(t, s, false, hostedKeyA), callerClient(t, s, false, hostedKeyB)
	flowID := delayedFlow(t, a, 2)
	slow := make(chan *mcp.CallToolResult, 2)
	for range 2 {
		go func() {
			req := mcp.CallToolRequest{}
			req.Params.Name = "trigger_flow_sync"
			req.Params.Arguments = map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Ed"}}
			res, err := a.CallTool(testContext(t), req)
			if err != nil {
				res = mcp.NewToolResultError(err.Error())
			}
			slow <- res
		}()
	}
	waitForMetric(t, s, "mcp_bridge_tool_calls_in_flight 2")
	if msg := callError(t, a, "list_flows", map[string]any{}); !strings.Contains(msg, "already has 2 running") {
		t.Errorf("A's third call: %q", msg)
	}
	// A header the backend ignores does not make A someone else.
	tr, err := transport.NewStreamableHTTP(s.URL, transport.WithHTTPHeaders(map[string]string{
		"X-Imbrace-Api-Key": hostedKeyA, "X-Activepieces-Api-Key": "junk-0000000000001"}))
	if err != nil {
		t.Fatal(err)
	}
	if msg := callError(t, connect(t, tr, legacyEra), "list_flows", map[string]any{}); !strings.Contains(msg, "already has 2 running") {
		t.Errorf("A with a junk header: %q", msg)
	}
	call(t, b, "list_flows", map[string]any{})
	for range 2 {
		if res := <-slow; res.IsError {
			t.Errorf("a call under the cap failed: %s", text(res))
		}
	}
	call(t, a, "list_flows", map[string]any{})
}

// waitForMetric polls s's /metrics until a line reads want, for up to 10 s.
func waitForMetric(t *testing.T, s *server, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(s.Base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if bytes.Contains(data, []byte("\n"+want+"\n")) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics never showed %q", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
