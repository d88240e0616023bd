package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"

	"github.com/workflows-mcp/mcp-bridge/internal/oauth/oauthtest"
)

// publicProxy is a TLS terminator's stand-in: it forwards to the bridge and
// keeps the public Host the client asked for (here always mcp.example.com, as
// if DNS pointed that name at the proxy), as nginx's proxy_set_header Host
// $host does.
func publicProxy(t *testing.T, bridgeBase string) *httptest.Server {
	t.Helper()
	target, _ := url.Parse(bridgeBase)
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = "mcp.example.com" // SetURL put the bridge's address there
			pr.SetXForwarded()
		},
		FlushInterval: -1, // stream SSE as it comes
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv
}

// TestBehindAReverseProxy runs the journey through a proxy that keeps the
// public Host: refused until the name is listed with --allowed-hosts.
func TestBehindAReverseProxy(t *testing.T) {
	refused := startServer(t, hermeticEnv(t), "--transport", "http")
	resp, err := http.Post(publicProxy(t, refused.Base).URL+"/mcp", "application/json", strings.NewReader(rawInitialize))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("an unlisted public Host: HTTP %d, want 403", resp.StatusCode)
	}
	for _, sse := range []bool{false, true} {
		args := []string{"--transport", "http", "--allowed-hosts", "mcp.example.com"}
		if sse {
			args[1] = "sse"
		}
		s := startServer(t, hermeticEnv(t), args...)
		proxy := publicProxy(t, s.Base)
		endpoint := proxy.URL + strings.TrimPrefix(s.URL, s.Base)
		tr := httpTransport(t, endpoint, "")
		if sse {
			tr = sseTransport(t, endpoint, "")
		}
		agentJourney(t, connect(t, tr, legacyEra))
	}
}

// TestOAuthResourceServer runs the bridge against a local issuer: a valid
// token calls tools, an expired one or one for another audience gets 401 with
// the metadata's address, which serves the resource and its issuer.
func TestOAuthResourceServer(t *testing.T) {
	issuer := oauthtest.New(t)
	const resource = "https://mcp.example.com/mcp"
	s := startServer(t, hermeticEnv(t), "--transport", "http", "--oauth-issuer", issuer.URL, "--oauth-resource", resource)
	for _, tt := range []struct {
		name, token string
		want        int
	}{
		{"no token", "", 401},
		{"expired", issuer.Token(t, "alice", resource, -5*time.Minute), 401},
		{"another audience", issuer.Token(t, "alice", "https://other.example.com", time.Hour), 401},
		{"valid", issuer.Token(t, "alice", resource, time.Hour), 200},
	} {
		h := map[string]string{}
		if tt.token != "" {
			h["Authorization"] = "Bearer " + tt.token
		}
		status, header, body := rawPost(t, s.URL, h, rawInitialize)
		if status != tt.want {
			t.Errorf("%s: HTTP %d %s, want %d", tt.name, status, body, tt.want)
		}
		if status == 401 && !strings.Contains(header.Get("WWW-Authenticate"), `resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`) {
			t.Errorf("%s: WWW-Authenticate %q", tt.name, header.Get("WWW-Authenticate"))
		}
	}
	tr, err := transport.NewStreamableHTTP(s.URL, transport.WithHTTPHeaders(map[string]string{
		"Authorization": "Bearer " + issuer.Token(t, "alice", resource, time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	c := connect(t, tr, legacyEra)
	call(t, c, "list_flows", map[string]any{})
	resp, err := http.Get(s.Base + "/.well-known/oauth-protected-resource/mcp")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var meta map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&meta)
	if meta["resource"] != resource || meta["authorization_servers"].([]any)[0] != issuer.URL {
		t.Errorf("metadata %v", meta)
	}
}

// TestOAuthRequiredScopes: with --oauth-scopes, a valid token without them is
// refused with 403 insufficient_scope naming them; with them it calls tools.
func TestOAuthRequiredScopes(t *testing.T) {
	issuer := oauthtest.New(t)
	const resource = "https://mcp.example.com/mcp"
	s := startServer(t, hermeticEnv(t), "--transport", "http", "--oauth-issuer", issuer.URL, "--oauth-resource", resource,
		"--oauth-scopes", "mcp:tools")
	status, header, body := rawPost(t, s.URL, map[string]string{"Authorization": "Bearer " + issuer.Token(t, "alice", resource, time.Hour, "openid")}, rawInitialize)
	if challenge := header.Get("WWW-Authenticate"); status != 403 || !strings.Contains(challenge, `error="insufficient_scope"`) ||
		!strings.Contains(challenge, `scope="mcp:tools"`) {
		t.Errorf("a token without the scope: HTTP %d %q %s", status, challenge, body)
	}
	tr, err := transport.NewStreamableHTTP(s.URL, transport.WithHTTPHeaders(map[string]string{
		"Authorization": "Bearer " + issuer.Token(t, "alice", resource, time.Hour, "openid", "mcp:tools")}))
	if err != nil {
		t.Fatal(err)
	}
	call(t, connect(t, tr, legacyEra), "list_flows", map[string]any{})
}
