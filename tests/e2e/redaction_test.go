package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestCredentialsNeverLogged points the bridge at a fake upstream that rejects
// every request, logs at debug, and checks that the credential reached the
// upstream but neither the log nor the tool error.
func TestCredentialsNeverLogged(t *testing.T) {
	const secret = "sk-live-DO-NOT-LOG-0123456789"
	var mu sync.Mutex
	var seen []string
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("x-api-key")+"|"+r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		// Upstreams sometimes echo what they were sent; the bridge must still mask it.
		_, _ = w.Write([]byte(`{"statusCode":401,"code":"UNAUTHORIZED","message":"bad key ` + secret + `"}`))
	}))
	defer upstream.Close()

	tests := []struct {
		name string
		env  []string
		sent string
	}{
		{name: "imbrace", env: []string{"IMBRACE_API_KEY=" + secret, "IMBRACE_GATEWAY_URL=" + upstream.URL}, sent: secret + "|"},
		{name: "activepieces", env: []string{"ACTIVEPIECES_API_KEY=" + secret, "ACTIVEPIECES_URL=" + upstream.URL + "/api"}, sent: "|Bearer " + secret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, stderr := stdioTransport(t, hermeticEnv(t, tt.env...), "--log-level", "debug", "--project-id", "AAAAAAAAAAAAAAAAAAAAA")
			c, res, err := tryConnect(t, tr, legacyEra)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(res.Instructions, "BACKEND: SANDBOX") || !strings.Contains(res.Instructions, upstream.URL) {
				t.Errorf("instructions do not name the real backend: %q", res.Instructions)
			}
			msg := callError(t, c, "list_flows", map[string]any{})
			if strings.Contains(msg, secret) {
				t.Errorf("tool error reveals the key: %q", msg)
			}
			if !strings.Contains(msg, "401") {
				t.Errorf("tool error %q does not report the 401", msg)
			}
			c.Close()
			mu.Lock()
			defer mu.Unlock()
			found := false
			for _, s := range seen {
				found = found || s == tt.sent
			}
			if !found {
				t.Errorf("the upstream never received the credential (saw %q)", seen)
			}
			if log := stderr.String(); strings.Contains(log, secret) || !strings.Contains(log, "list_flows") {
				t.Errorf("debug log leaks the key or lacks the call:\n%s", log)
			}
		})
	}
}

// TestURLPasswordNeverLogged gives the engine URL a password, as
// https://user:pass@host, and checks that neither the log (start-up line, debug
// lines, errors) nor the MCP instructions repeat it.
func TestURLPasswordNeverLogged(t *testing.T) {
	const password = "url-pass-0123456789"
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"statusCode":401,"message":"no"}`))
	}))
	defer upstream.Close()
	withUser := strings.Replace(upstream.URL, "http://", "http://svc:"+password+"@", 1)
	for name, env := range map[string][]string{
		"imbrace":      {"IMBRACE_API_KEY=imb-key-0123456789", "IMBRACE_GATEWAY_URL=" + withUser},
		"activepieces": {"ACTIVEPIECES_API_KEY=ap-key-0123456789", "ACTIVEPIECES_URL=" + withUser + "/api"},
	} {
		t.Run(name, func(t *testing.T) {
			tr, stderr := stdioTransport(t, hermeticEnv(t, env...), "--log-level", "debug", "--project-id", "AAAAAAAAAAAAAAAAAAAAA")
			c, res, err := tryConnect(t, tr, legacyEra)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(res.Instructions, password) {
				t.Errorf("instructions reveal the URL's password: %q", res.Instructions)
			}
			if msg := callError(t, c, "list_flows", map[string]any{}); strings.Contains(msg, password) {
				t.Errorf("tool error reveals the URL's password: %q", msg)
			}
			c.Close()
			if log := stderr.String(); strings.Contains(log, password) || !strings.Contains(log, "[REDACTED]@127.0.0.1") {
				t.Errorf("log leaks the URL's password or does not show the masked URL:\n%s", log)
			}
		})
	}
}

// TestMcpTokensNeverLogged: MCP server tokens are ids now (21 letters and
// digits, as Activepieces mints them), so no pattern tells them from other
// ids in a log. Neither the bridge nor a standalone sandbox, both logging at
// debug, may write one, while the tool results carry them.
func TestMcpTokensNeverLogged(t *testing.T) {
	engine := startProcess(t, hermeticEnv(t, "MCP_BRIDGE_SANDBOX_API_KEYS=shared-key-1"), "serving the sandbox engine",
		"sandbox", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json", "--log-level", "debug")
	backends := []struct {
		name string
		env  []string
	}{
		{"in-process sandbox", nil},
		{"standalone sandbox", []string{"IMBRACE_API_KEY=shared-key-1", "IMBRACE_GATEWAY_URL=" + engine.Base}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			tr, stderr := stdioTransport(t, hermeticEnv(t, b.env...), "--log-level", "debug", "--sandbox-data", ":memory:")
			c, _, err := tryConnect(t, tr, legacyEra)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			created := call(t, c, "create_mcp_server", map[string]any{"name": "logged?"})
			id, token := str(created, "id"), str(created, "token")
			rotated := str(call(t, c, "rotate_mcp_token", map[string]any{"mcpServerId": id}), "token")
			full := str(call(t, c, "get_mcp_server", map[string]any{"mcpServerId": id, "detail": "full"}), "token")
			for _, tok := range []string{token, rotated} {
				if len(tok) != 21 || strings.Trim(tok, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
					t.Fatalf("token %q is not an id of 21 letters and digits", tok)
				}
			}
			if full != rotated || rotated == token {
				t.Fatalf("tokens: created %q, rotated %q, got %q", token, rotated, full)
			}
			if !strings.Contains(stderr.String(), "rotate_mcp_token") {
				t.Errorf("the bridge's debug log lacks the calls:\n%s", stderr)
			}
			for _, log := range []string{stderr.String(), engine.stderr.String()} {
				for _, tok := range []string{token, rotated} {
					if strings.Contains(log, tok) {
						t.Errorf("a log line carries the MCP token %s", tok)
					}
				}
			}
		})
	}
}
