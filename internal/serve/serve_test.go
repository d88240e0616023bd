package serve

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

func TestRequireBearer(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "through") })
	h := RequireBearer("s3cret", ok)
	tests := []struct {
		name          string
		header        string
		wantStatus    int
		wantChallenge string
	}{
		{name: "no header", wantStatus: 401, wantChallenge: `Bearer realm="mcp-bridge"`},
		{name: "wrong scheme", header: "Basic czNjcmV0", wantStatus: 401, wantChallenge: `Bearer realm="mcp-bridge"`},
		{name: "empty bearer", header: "Bearer ", wantStatus: 401, wantChallenge: `Bearer realm="mcp-bridge"`},
		{name: "wrong token", header: "Bearer s3cre", wantStatus: 401, wantChallenge: `Bearer realm="mcp-bridge", error="invalid_token"`},
		{name: "longer token", header: "Bearer s3cret-and-more", wantStatus: 401, wantChallenge: `Bearer realm="mcp-bridge", error="invalid_token"`},
		{name: "right token", header: "Bearer s3cret", wantStatus: 200},
		{name: "scheme is case-insensitive", header: "bearer s3cret", wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/mcp", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tt.wantChallenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantChallenge)
			}
			if tt.wantStatus == 401 {
				if strings.Contains(rec.Body.String(), "s3cret") {
					t.Errorf("401 body echoes the token: %s", rec.Body)
				}
				var body map[string]string
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["error"] != "unauthorized" {
					t.Errorf("body = %q", rec.Body)
				}
			} else if rec.Body.String() != "through" {
				t.Errorf("body = %q", rec.Body)
			}
		})
	}
	if RequireBearer("", ok) == nil {
		t.Fatal("nil handler")
	}
	rec := httptest.NewRecorder()
	RequireBearer("", ok).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 {
		t.Errorf("no token configured: status %d, want 200", rec.Code)
	}
}

func TestHealth(t *testing.T) {
	h := NewHTTPHandler(server.NewMCPServer("t", "1"), HTTPOptions{AuthToken: "tok"})
	tests := []struct {
		method string
		want   int
		body   string
	}{
		{method: "GET", want: 200, body: `{"status":"ok"}` + "\n"},
		{method: "HEAD", want: 200},
		{method: "POST", want: 405},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, "/healthz", nil))
		if rec.Code != tt.want {
			t.Errorf("%s /healthz = %d, want %d (no token needed)", tt.method, rec.Code, tt.want)
		}
		if tt.body != "" && rec.Body.String() != tt.body {
			t.Errorf("%s body = %q", tt.method, rec.Body)
		}
	}
}

func TestInflightWait(t *testing.T) {
	var f Inflight
	if err := f.Wait(context.Background()); err != nil {
		t.Fatalf("idle Wait: %v", err)
	}
	release := make(chan struct{})
	h := f.Middleware(func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		<-release
		return mcp.NewToolResultText("done"), nil
	})
	started := make(chan struct{})
	go func() { close(started); _, _ = h(context.Background(), mcp.CallToolRequest{}) }()
	<-started
	for f.Count() == 0 {
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := f.Wait(short); err == nil {
		t.Fatal("Wait returned while a call was running")
	}
	close(release)
	if err := f.Wait(context.Background()); err != nil {
		t.Fatalf("Wait after the call ended: %v", err)
	}
}

// slowServer has one tool that takes until release is closed.
func slowServer(inflight *Inflight, release <-chan struct{}) *server.MCPServer {
	s := server.NewMCPServer("t", "1", server.WithToolCapabilities(false), server.WithToolHandlerMiddleware(inflight.Middleware))
	s.AddTool(mcp.NewTool("slow"), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		select {
		case <-release:
			return mcp.NewToolResultText("finished"), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	return s
}

func TestHTTPTransportsAuthAndDNSRebinding(t *testing.T) {
	for _, sse := range []bool{false, true} {
		name := "streamable"
		if sse {
			name = "sse"
		}
		t.Run(name, func(t *testing.T) {
			h := NewHTTPHandler(server.NewMCPServer("t", "1"), HTTPOptions{SSE: sse, AuthToken: "tok"})
			ts := httptest.NewServer(h)
			defer ts.Close()
			method := "POST"
			if sse {
				method = "GET"
			}
			req, _ := http.NewRequest(method, ts.URL+h.Path, strings.NewReader(`{}`))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("without token: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
			req, _ = http.NewRequest(method, ts.URL+h.Path, strings.NewReader(`{}`))
			req.Host = "evil.example:80"
			req.Header.Set("Authorization", "Bearer tok")
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("foreign Host on loopback: status %d, want 403 (DNS-rebinding protection)", resp.StatusCode)
			}
		})
	}
}

func TestServeHTTPDrainsRunningCalls(t *testing.T) {
	inflight := &Inflight{}
	release := make(chan struct{})
	h := NewHTTPHandler(slowServer(inflight, release), HTTPOptions{AuthToken: "tok"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- ServeHTTP(ctx, ln, h, inflight, slog.New(slog.DiscardHandler), 10*time.Second)
	}()

	tr, err := transport.NewStreamableHTTP("http://"+ln.Addr().String()+"/mcp", transport.WithHTTPHeaders(map[string]string{"Authorization": "Bearer tok"}))
	if err != nil {
		t.Fatal(err)
	}
	c := mcpclient.NewClient(tr)
	defer c.Close()
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	if _, err := c.Initialize(context.Background(), init); err != nil {
		t.Fatal(err)
	}
	result := make(chan *mcp.CallToolResult, 1)
	callErr := make(chan error, 1)
	go func() {
		req := mcp.CallToolRequest{}
		req.Params.Name = "slow"
		r, err := c.CallTool(context.Background(), req)
		callErr <- err
		result <- r
	}()
	for inflight.Count() == 0 {
		time.Sleep(time.Millisecond)
	}
	stop() // as on SIGTERM, while the call runs
	select {
	case err := <-served:
		t.Fatalf("server stopped with a call still running: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-callErr; err != nil {
		t.Fatalf("running call failed during shutdown: %v", err)
	}
	if r := <-result; r.IsError || r.Content[0].(mcp.TextContent).Text != "finished" {
		t.Errorf("result = %+v", r)
	}
	if err := <-served; err != nil {
		t.Errorf("ServeHTTP: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func TestServeStdioDrainsRunningCalls(t *testing.T) {
	inflight := &Inflight{}
	release := make(chan struct{})
	s := slowServer(inflight, release)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- ServeStdio(ctx, s, inR, outW, inflight, slog.New(slog.DiscardHandler), 10*time.Second, StdioLimits{})
		outW.Close()
	}()
	lines := make(chan string, 10)
	go func() {
		buf := make([]byte, 0, 4096)
		tmp := make([]byte, 4096)
		for {
			n, err := outR.Read(tmp)
			buf = append(buf, tmp[:n]...)
			for {
				i := strings.IndexByte(string(buf), '\n')
				if i < 0 {
					break
				}
				lines <- string(buf[:i])
				buf = buf[i+1:]
			}
			if err != nil {
				close(lines)
				return
			}
		}
	}()
	send := func(s string) {
		if _, err := io.WriteString(inW, s+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	<-lines
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{}}}`)
	for inflight.Count() == 0 {
		time.Sleep(time.Millisecond)
	}
	stop()
	select {
	case err := <-served:
		t.Fatalf("stdio stopped with a call running: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	line := <-lines
	if !strings.Contains(line, `"id":2`) || !strings.Contains(line, "finished") {
		t.Errorf("reply = %s", line)
	}
	if err := <-served; err != nil {
		t.Errorf("ServeStdio: %v", err)
	}
}
