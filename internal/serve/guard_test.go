package serve

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"
)

func TestGuard(t *testing.T) {
	g := NewGuard([]string{"mcp.example.com", "proxy.example:8443"}, []string{"https://app.example.com"}, "bridge.lan:8080")
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := g.Wrap(ok)
	tests := []struct {
		name   string
		host   string
		origin string
		local  string // the address the connection arrived on
		want   int
	}{
		{name: "localhost any port", host: "localhost:1234", want: 204},
		{name: "loopback IPv4", host: "127.0.0.1:8080", want: 204},
		{name: "loopback IPv6", host: "[::1]:8080", want: 204},
		{name: "bind host", host: "bridge.lan:8080", want: 204},
		{name: "listed host on any port", host: "MCP.example.com", want: 204},
		{name: "listed host:port", host: "proxy.example:8443", want: 204},
		{name: "listed host:port on another port", host: "proxy.example:9999", want: 403},
		{name: "rebound domain", host: "attacker.example:8080", want: 403},
		{name: "no host", host: "", want: 403},
		{name: "the IP the connection reached", host: "192.0.2.7:8080", local: "192.0.2.7:8080", want: 204},
		{name: "another IP", host: "192.0.2.8:8080", local: "192.0.2.7:8080", want: 403},
		{name: "unspecified address is not a name", host: "0.0.0.0:8080", local: "127.0.0.1:8080", want: 403},
		{name: "cross-site origin", host: "localhost:8080", origin: "https://attacker.example", want: 403},
		{name: "null origin", host: "localhost:8080", origin: "null", want: 403},
		{name: "listed origin", host: "mcp.example.com", origin: "https://APP.example.com:443", want: 204},
		{name: "listed origin on another scheme", host: "mcp.example.com", origin: "http://app.example.com", want: 403},
		{name: "loopback origin", host: "127.0.0.1:8080", origin: "http://localhost:6274", want: 204},
		{name: "same origin", host: "mcp.example.com", origin: "https://mcp.example.com", want: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/mcp", strings.NewReader(`{}`))
			req.Host = tt.host
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.local != "" {
				addr, _ := net.ResolveTCPAddr("tcp", tt.local)
				req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, addr))
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("Host %q Origin %q: %d %s, want %d", tt.host, tt.origin, rec.Code, rec.Body, tt.want)
			}
		})
	}
	open := NewGuard([]string{"*"}, []string{"*"}, ":8080").Wrap(ok)
	req := httptest.NewRequest("POST", "/mcp", nil)
	req.Host, req.Header["Origin"] = "anything.example", []string{"https://anywhere.example"}
	rec := httptest.NewRecorder()
	if open.ServeHTTP(rec, req); rec.Code != 204 {
		t.Errorf("* allows everything: %d", rec.Code)
	}
}

// TestGuardRulesTheMCPEndpoints checks the guard on real loopback connections to
// both transports: a proxy's listed public Host gets through (mcp-go's own
// check, loopback Host only, would refuse it), while a rebound domain and a
// cross-site Origin get 403 even with the right token.
func TestGuardRulesTheMCPEndpoints(t *testing.T) {
	for _, sse := range []bool{false, true} {
		addr := startHTTP(t, HTTPOptions{SSE: sse, Limits: DefaultLimits(),
			Guard: NewGuard([]string{"mcp.example.com"}, []string{"https://app.example.com"}, "127.0.0.1:0")})
		method, path := "POST", StreamablePath
		if sse {
			method, path = "GET", SSEPath
		}
		for _, tt := range []struct {
			host, origin string
			want         int
		}{
			{host: "mcp.example.com", want: 200},
			{host: "mcp.example.com", origin: "https://app.example.com", want: 200},
			{host: "attacker.example", want: 403},
			{host: "127.0.0.1", origin: "https://attacker.example", want: 403},
		} {
			ctx, cancel := context.WithCancel(context.Background())
			req, _ := http.NewRequestWithContext(ctx, method, "http://"+addr+path, strings.NewReader(initializeBody))
			req.Host = tt.host
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := freshClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close() // an SSE stream stays open: read only the status
			cancel()
			if resp.StatusCode != tt.want {
				t.Errorf("sse=%v Host %q Origin %q: %d, want %d", sse, tt.host, tt.origin, resp.StatusCode, tt.want)
			}
		}
	}
}

func TestGuardDefaultsToLoopbackOnly(t *testing.T) {
	h := NewHTTPHandler(server.NewMCPServer("t", "1"), HTTPOptions{AuthToken: testToken})
	req := httptest.NewRequest("POST", StreamablePath, strings.NewReader(initializeBody))
	req.Host = "attacker.example"
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("no Guard given, foreign Host: %d, want 403", rec.Code)
	}
}

// A browser page at an allowed origin can read the answers: its preflight is
// answered before any token is asked for, and every answer, a refused token's
// included, says the page may read it and its MCP and OAuth headers.
func TestGuardCORS(t *testing.T) {
	g := NewGuard(nil, []string{"https://app.example.com"}, "127.0.0.1:8080")
	reached := 0
	h := g.Wrap(RequireBearer("a-token-of-sixteen+", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.Header().Set("Mcp-Session-Id", "s1")
		w.WriteHeader(http.StatusOK)
	})))
	send := func(method, origin string, headers ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/mcp", nil)
		req.Host = "127.0.0.1:8080"
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	pre := send("OPTIONS", "https://app.example.com", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "authorization, content-type, mcp-session-id, mcp-protocol-version")
	if pre.Code != http.StatusNoContent || reached != 0 {
		t.Fatalf("preflight: %d (handler reached %d times), want 204 without reaching it", pre.Code, reached)
	}
	if got := pre.Header().Get("Access-Control-Allow-Origin"); got != "https://app.example.com" {
		t.Errorf("preflight Allow-Origin %q", got)
	}
	if got := strings.ToLower(pre.Header().Get("Access-Control-Allow-Headers")); !strings.Contains(got, "authorization") || !strings.Contains(got, "mcp-session-id") {
		t.Errorf("preflight Allow-Headers %q", got)
	}
	if got := pre.Header().Get("Access-Control-Allow-Methods"); !strings.Contains(got, "POST") {
		t.Errorf("preflight Allow-Methods %q", got)
	}

	refused := send("POST", "https://app.example.com")
	if refused.Code != http.StatusUnauthorized || refused.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" ||
		!strings.Contains(strings.ToLower(refused.Header().Get("Access-Control-Expose-Headers")), "www-authenticate") {
		t.Errorf("a page's request without its token: %d %v; want 401 it can read", refused.Code, refused.Header())
	}
	ok := send("POST", "http://localhost:6274", "Authorization", "Bearer a-token-of-sixteen+")
	if ok.Code != http.StatusOK || ok.Header().Get("Access-Control-Allow-Origin") != "http://localhost:6274" ||
		!strings.Contains(ok.Header().Get("Access-Control-Expose-Headers"), "Mcp-Session-Id") {
		t.Errorf("a loopback page with its token: %d %v", ok.Code, ok.Header())
	}

	if other := send("OPTIONS", "https://attacker.example", "Access-Control-Request-Method", "POST"); other.Code != http.StatusForbidden ||
		other.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin's preflight: %d %v, want 403 without CORS headers", other.Code, other.Header())
	}
	if plain := send("POST", "", "Authorization", "Bearer a-token-of-sixteen+"); plain.Code != http.StatusOK || plain.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a request without Origin: %d %v, want no CORS headers", plain.Code, plain.Header())
	}
}
