package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// serveMCP serves s with opts on a loopback port until the test ends.
func serveMCP(t *testing.T, s *server.MCPServer, opts HTTPOptions) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := NewHTTPHandler(s, opts)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- ServeHTTP(ctx, ln, h, &Inflight{}, slog.New(slog.DiscardHandler), 5*time.Second) }()
	t.Cleanup(func() { stop(); <-served })
	return "http://" + ln.Addr().String()
}

// sseEvent is one event of an SSE stream.
type sseEvent struct {
	id   string
	data map[string]any
}

// readEvents sends each event of an SSE body to out until the body ends.
func readEvents(body io.Reader, out chan<- sseEvent) {
	defer close(out)
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "id: "):
			ev.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.data)
		case line == "" && ev.data != nil:
			out <- ev
			ev = sseEvent{}
		}
	}
}

// TestResumedStreamGetsMissedProgress drops the connection of a long tool call
// after its first progress event, reconnects with Last-Event-ID and checks
// that the progress sent meanwhile and the result arrive.
func TestResumedStreamGetsMissedProgress(t *testing.T) {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false))
	s.AddTool(mcp.NewTool("slow"), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		for i := 1; i <= 8; i++ {
			_ = server.ServerFromContext(ctx).SendNotificationToClient(ctx, "notifications/progress",
				map[string]any{"progressToken": "p", "progress": i})
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err() // the call must outlive its connection: this fails the test
			}
		}
		return mcp.NewToolResultText("done"), nil
	})
	base := serveMCP(t, s, HTTPOptions{ResumeBuffer: 1 << 20, Limits: DefaultLimits()})
	session := postStatus(t, base, "", initializeBody).Header.Get(server.HeaderKeySessionID)
	postStatus(t, base, session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`)

	ctx, disconnect := context.WithCancel(context.Background())
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","_meta":{"progressToken":"p"}}}`
	resp := do(t, ctx, "POST", base, session, call, nil)
	events := make(chan sseEvent)
	go readEvents(resp.Body, events)
	first := <-events
	if first.id == "" || first.data["method"] != "notifications/progress" {
		t.Fatalf("first event %+v", first)
	}
	disconnect()
	resp.Body.Close()
	time.Sleep(350 * time.Millisecond) // progress goes on while nobody listens

	resumed := do(t, context.Background(), "GET", base, session, "", map[string]string{"Last-Event-ID": first.id})
	defer resumed.Body.Close()
	if resumed.StatusCode != 200 {
		t.Fatalf("resume: HTTP %d", resumed.StatusCode)
	}
	events = make(chan sseEvent)
	go readEvents(resumed.Body, events)
	var progress []float64
	for ev := range events {
		if ev.data["method"] == "notifications/progress" {
			p, _ := ev.data["params"].(map[string]any)["progress"].(float64)
			progress = append(progress, p)
			continue
		}
		if ev.data["id"] == float64(2) {
			if !strings.Contains(mustJSON(ev.data["result"]), "done") {
				t.Errorf("result %v", ev.data)
			}
			break
		}
	}
	if len(progress) != 7 || progress[0] != 2 || progress[6] != 8 {
		t.Errorf("progress after resuming: %v, want 2 to 8", progress)
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func do(t *testing.T, ctx context.Context, method, base, session, body string, headers map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, method, base+StreamablePath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2025-06-18")
	if session != "" {
		req.Header.Set(server.HeaderKeySessionID, session)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := freshClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func postStatus(t *testing.T, base, session, body string) *http.Response {
	t.Helper()
	resp := do(t, context.Background(), "POST", base, session, body, nil)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("POST %s: HTTP %d", body, resp.StatusCode)
	}
	return resp
}

type fakeValidator struct{}

func (fakeValidator) Validate(_ context.Context, token string) (string, error) {
	switch token {
	case "good-token":
		return "https://id.example.com alice", nil
	case "narrow-token":
		return "", scopeError{}
	}
	return "", errors.New(`expired "soon"`)
}

type scopeError struct{}

func (scopeError) Error() string           { return "lacks the scope flows:write this server requires" }
func (scopeError) InsufficientScope() bool { return true }

// TestOAuthChallengeAndMetadata checks the 401s a resource server answers, the
// 403 for a token without the scopes it requires, and the metadata it publishes.
func TestOAuthChallengeAndMetadata(t *testing.T) {
	const resource = "https://mcp.example.com/mcp"
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up 1\n") })
	base := serveMCP(t, server.NewMCPServer("t", "1"), HTTPOptions{Limits: DefaultLimits(), AuthToken: "ignored-under-oauth", Metrics: metrics,
		OAuth: &OAuthOptions{Validator: fakeValidator{}, Metadata: server.ProtectedResourceMetadataConfig{
			Resource: resource, AuthorizationServers: []string{"https://id.example.com"}, ScopesSupported: []string{"mcp:tools", "flows:write"}}}})
	const metaURL = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
	const needs = `, scope="mcp:tools flows:write"`
	for _, tt := range []struct {
		name, token string
		want        int
		challenge   string
	}{
		{"no token", "", 401, `Bearer resource_metadata="` + metaURL + `"` + needs},
		{"bad token", "bad", 401, `Bearer resource_metadata="` + metaURL + `"` + needs + `, error="invalid_token", error_description="expired soon"`},
		{"token without the scopes", "narrow-token", 403, `Bearer resource_metadata="` + metaURL + `"` + needs +
			`, error="insufficient_scope", error_description="lacks the scope flows:write this server requires"`},
		{"good token", "good-token", 200, ""},
	} {
		h := map[string]string{}
		if tt.token != "" {
			h["Authorization"] = "Bearer " + tt.token
		}
		resp := do(t, context.Background(), "POST", base, "", initializeBody, h)
		resp.Body.Close()
		if resp.StatusCode != tt.want || resp.Header.Get("WWW-Authenticate") != tt.challenge {
			t.Errorf("%s: %d %q, want %d %q", tt.name, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), tt.want, tt.challenge)
		}
	}
	// /metrics on the MCP port wants an access token too.
	for token, want := range map[string]int{"": 401, "bad": 401, "good-token": 200} {
		req, _ := http.NewRequest("GET", base+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("/metrics with token %q: %d, want %d", token, resp.StatusCode, want)
		}
	}
	for _, path := range []string{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		var meta map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&meta)
		resp.Body.Close()
		if meta["resource"] != resource || mustJSON(meta["authorization_servers"]) != `["https://id.example.com"]` ||
			mustJSON(meta["scopes_supported"]) != `["mcp:tools","flows:write"]` {
			t.Errorf("%s: %v", path, meta)
		}
	}
}

func TestReadyAndRequestID(t *testing.T) {
	down := errors.New("the engine does not answer")
	var err error
	base := serveMCP(t, server.NewMCPServer("t", "1"), HTTPOptions{Limits: DefaultLimits(), Ready: func(context.Context) error { return err }})
	resp, _ := http.Get(base + ReadyPath)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("ready: %d", resp.StatusCode)
	}
	rec := Ready(func(context.Context) error { return down })
	req, _ := http.NewRequest("GET", ReadyPath, nil)
	w := &recorder{header: http.Header{}}
	rec.ServeHTTP(w, req)
	if w.status != 503 || !strings.Contains(w.body.String(), "the engine does not answer") {
		t.Errorf("not ready: %d %s", w.status, w.body.String())
	}
	r := do(t, context.Background(), "POST", base, "", initializeBody, map[string]string{"X-Request-Id": "proxy-id-1"})
	r.Body.Close()
	if r.Header.Get("X-Request-Id") != "proxy-id-1" {
		t.Errorf("a proxy's request id is not kept: %q", r.Header.Get("X-Request-Id"))
	}
	r = do(t, context.Background(), "POST", base, "", initializeBody, map[string]string{"X-Request-Id": "bad id with spaces"})
	r.Body.Close()
	if id := r.Header.Get("X-Request-Id"); len(id) != 16 {
		t.Errorf("an unfit request id is not replaced: %q", id)
	}
}

type recorder struct {
	header http.Header
	status int
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(s int)           { r.status = s }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
