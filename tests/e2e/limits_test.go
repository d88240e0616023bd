package e2e

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

const limitsToken = "limits-token-0123456789"

// noReuse sends each request on its own connection: the short idle timeouts
// under test close pooled ones, and a POST is not retried on a closed one.
var noReuse = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

type probe struct {
	method, url, body string
	header            map[string]string
}

// status sends p and returns the HTTP status and the start of the body.
func (p probe) status(t *testing.T) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(p.method, p.url, strings.NewReader(p.body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range p.header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := noReuse.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	return resp.StatusCode, string(b)
}

const initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// TestHTTPLimitFlags starts the bridge with every new HTTP flag and checks each
// one takes effect in the process: body size, Host and Origin, and timeouts.
func TestHTTPLimitFlags(t *testing.T) {
	s := startServer(t, hermeticEnv(t, "MCP_BRIDGE_AUTH_TOKEN="+limitsToken, "MCP_BRIDGE_ALLOWED_ORIGINS=https://app.example.com"),
		"--transport", "http", "--max-body-bytes", "2KiB", "--allowed-hosts", "mcp.example.com",
		"--read-header-timeout", "1s", "--body-timeout", "1s", "--idle-timeout", "1s", "--max-conns", "50")
	auth := map[string]string{"Authorization": "Bearer " + limitsToken}
	with := func(kv ...string) map[string]string {
		h := map[string]string{"Authorization": auth["Authorization"]}
		for i := 0; i+1 < len(kv); i += 2 {
			h[kv[i]] = kv[i+1]
		}
		return h
	}
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 4096) + `"}}`
	for _, tt := range []struct {
		name string
		p    probe
		want int
	}{
		{"within the limits", probe{"POST", s.URL, initialize, auth}, 200},
		{"body over --max-body-bytes", probe{"POST", s.URL, big, auth}, 413},
		{"body over the limit without the token", probe{"POST", s.URL, big, nil}, 401},
		{"a proxy's listed public Host", probe{"POST", s.URL, initialize, with("Host", "mcp.example.com")}, 200},
		{"a rebound domain", probe{"POST", s.URL, initialize, with("Host", "attacker.example")}, 403},
		{"a cross-site Origin", probe{"POST", s.URL, initialize, with("Origin", "https://attacker.example")}, 403},
		{"a listed Origin", probe{"POST", s.URL, initialize, with("Origin", "https://app.example.com")}, 200},
		{"a loopback Origin", probe{"POST", s.URL, initialize, with("Origin", "http://localhost:6274")}, 200},
		{"health needs no Host check", probe{"GET", s.Base + "/healthz", "", map[string]string{"Host": "lb.internal"}}, 200},
	} {
		if got, body := tt.p.status(t); got != tt.want {
			t.Errorf("%s: HTTP %d %s, want %d", tt.name, got, body, tt.want)
		}
	}

	addr := strings.TrimPrefix(s.Base, "http://")
	held := map[string]string{
		"headers never finished": "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n",
		"body never sent": "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + limitsToken +
			"\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{",
		"idle after a request": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
	}
	conns := map[string]net.Conn{}
	for what, data := range held {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, data); err != nil {
			t.Fatal(err)
		}
		conns[what] = c
	}
	if got, body := (probe{"POST", s.URL, initialize, auth}).status(t); got != 200 {
		t.Errorf("another client while slow ones hold connections: HTTP %d %s", got, body)
	}
	for what, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.Copy(io.Discard, c); errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("%s: the bridge kept the connection open past its timeouts", what)
		}
	}
}

// TestSandboxHostAndOrigin checks that the standalone sandbox, which takes any
// key when none is configured, cannot be driven by a web page: neither through
// a rebound domain nor with a cross-site "simple" POST.
func TestSandboxHostAndOrigin(t *testing.T) {
	s := startProcess(t, hermeticEnv(t), "serving the sandbox engine",
		"sandbox", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json",
		"--allowed-hosts", "sandbox.example", "--max-body-bytes", "1KiB")
	flows := s.Base + "/api/v1/folders"
	key := func(h map[string]string) map[string]string {
		out := map[string]string{"x-api-key": "any-key"}
		for k, v := range h {
			out[k] = v
		}
		return out
	}
	for _, tt := range []struct {
		name string
		p    probe
		want int
	}{
		{"a same-machine client", probe{"GET", flows, "", key(nil)}, 200},
		{"a listed Host", probe{"GET", flows, "", key(map[string]string{"Host": "sandbox.example:443"})}, 200},
		{"a rebound domain", probe{"GET", flows, "", key(map[string]string{"Host": "attacker.example"})}, 403},
		{"a cross-site text/plain POST", probe{"POST", s.Base + "/api/v1/flows", `{"displayName":"x"}`,
			key(map[string]string{"Origin": "https://attacker.example", "Content-Type": "text/plain"})}, 403},
		{"a body over --max-body-bytes", probe{"POST", s.Base + "/api/v1/flows", strings.Repeat("x", 2048), key(nil)}, 413},
	} {
		if got, body := tt.p.status(t); got != tt.want {
			t.Errorf("%s: HTTP %d %s, want %d", tt.name, got, body, tt.want)
		}
	}
}

// TestStdioQueueFlags runs the stdio bridge with one worker and no queue: while
// a long trigger_flow_sync runs, another tool call is refused at once with a
// "server busy" error, tools/list is still answered, and the next call after
// the long one works.
func TestStdioQueueFlags(t *testing.T) {
	tr, stderr := stdioTransport(t, hermeticEnv(t), "--stdio-workers", "1", "--stdio-queue", "0")
	c := connect(t, tr, legacyEra)
	progress := watchProgress(c)
	flowID := delayedFlow(t, c, 3)
	done := make(chan *mcp.CallToolResult, 1)
	go func() {
		done <- callRaw(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Q"}},
			&mcp.Meta{ProgressToken: "long"})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for len(progress.of("long")) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // the call holds the only worker once it reports progress
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "list_folders"
	_, err := c.CallTool(testContext(t), req)
	if err == nil || !strings.Contains(err.Error(), "server busy") {
		t.Errorf("a tool call while the only worker is busy: err %v, want a server-busy error", err)
	}
	if _, err := c.ListTools(testContext(t), mcp.ListToolsRequest{}); err != nil {
		t.Errorf("tools/list while the only worker is busy: %v", err)
	}
	select {
	case res := <-done:
		t.Fatalf("the long call ended early: %s", text(res))
	default:
	}
	if res := <-done; res.IsError || str(structured(t, res), "body.greeting") != "hello Q" {
		t.Fatalf("the long call: %s", text(res))
	}
	if got := call(t, c, "list_folders", map[string]any{}); len(got) == 0 {
		t.Error("list_folders after the long call returned nothing")
	}
	if !strings.Contains(stderr.String(), "refused a tool call") {
		t.Errorf("no log line for the refused call:\n%s", stderr)
	}
}
