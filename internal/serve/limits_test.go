package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

const testToken = "test-token-0123456789"

// startHTTP serves an MCP server on a loopback port with lim, and returns its
// address. The server stops when the test ends.
func startHTTP(t *testing.T, opts HTTPOptions) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	opts.AuthToken = testToken
	h := NewHTTPHandler(server.NewMCPServer("t", "1"), opts)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- ServeHTTP(ctx, ln, h, &Inflight{}, slog.New(slog.DiscardHandler), 5*time.Second) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("ServeHTTP: %v", err)
		}
	})
	return ln.Addr().String()
}

var freshClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

const initializeBody = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`

// post sends an authenticated JSON-RPC POST to /mcp.
func post(t *testing.T, addr string, body io.Reader, header map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", "http://"+addr+StreamablePath, body)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A fresh connection each time: the short idle timeouts under test close
	// pooled ones, and a POST is not retried on a closed connection.
	resp, err := freshClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// waitClosed reads from c until the server closes it, and fails the test if that
// takes longer than a bound far above the timeouts under test.
func waitClosed(t *testing.T, c net.Conn, what string) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := io.Copy(io.Discard, c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("%s: the server kept the connection open", what)
	}
}

// TestSlowClientsAreCutOff holds connections the ways a slow or hostile client
// does and checks that each is closed by the timeouts, while other clients are
// still served.
func TestSlowClientsAreCutOff(t *testing.T) {
	lim := Limits{ReadHeaderTimeout: 200 * time.Millisecond, BodyTimeout: 200 * time.Millisecond,
		IdleTimeout: 200 * time.Millisecond, MaxBodyBytes: 1 << 20}
	addr := startHTTP(t, HTTPOptions{Limits: lim})
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}

	slowHeaders := dial()
	_, _ = io.WriteString(slowHeaders, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n") // and never the blank line

	// Bodies that never arrive: to the MCP endpoint (read by the body limit) and
	// to /healthz (never read, which net/http would wait to discard).
	var missingBodies []net.Conn
	for _, path := range []string{StreamablePath, HealthPath} {
		c := dial()
		_, _ = io.WriteString(c, "POST "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "+testToken+
			"\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\"")
		missingBodies = append(missingBodies, c)
	}

	idle := dial()
	_, _ = io.WriteString(idle, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request on the idle connection: %v %v", resp, err)
	}

	// While those are held, another client is served.
	if resp := post(t, addr, strings.NewReader(initializeBody), nil); resp.StatusCode != 200 {
		t.Errorf("initialize while slow clients hold connections: %d", resp.StatusCode)
	}

	waitClosed(t, slowHeaders, "headers never finished")
	for i, c := range missingBodies {
		waitClosed(t, c, "body never sent #"+string(rune('1'+i)))
	}
	waitClosed(t, idle, "idle keep-alive connection")

	if resp := post(t, addr, strings.NewReader(initializeBody), nil); resp.StatusCode != 200 {
		t.Errorf("initialize after the slow clients were cut off: %d", resp.StatusCode)
	}
}

// TestBodyLimit checks that an authenticated caller cannot make the server hold
// a body larger than MaxBodyBytes, declared or chunked, and that a body within
// the limit reaches the MCP server.
func TestBodyLimit(t *testing.T) {
	for _, sse := range []bool{false, true} {
		addr := startHTTP(t, HTTPOptions{SSE: sse, Limits: Limits{MaxBodyBytes: 1024}})
		path := StreamablePath
		if sse {
			path = MessagePath + "?sessionId=x"
		}
		big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}`
		for name, body := range map[string]io.Reader{
			"declared": strings.NewReader(big),
			"chunked":  io.MultiReader(strings.NewReader(big)), // no length: sent chunked
		} {
			req, _ := http.NewRequest("POST", "http://"+addr+path, body)
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			resp, err := freshClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "1024 bytes") {
				t.Errorf("sse=%v %s body over the limit: %d %s, want 413", sse, name, resp.StatusCode, msg)
			}
		}
	}
	addr := startHTTP(t, HTTPOptions{Limits: Limits{MaxBodyBytes: 1024}})
	if resp := post(t, addr, strings.NewReader(initializeBody), nil); resp.StatusCode != 200 {
		t.Errorf("initialize within the limit: %d", resp.StatusCode)
	}
}

// TestMaxConns checks that connections beyond MaxConns wait to be accepted
// rather than being served, and are served once a slot frees.
func TestMaxConns(t *testing.T) {
	addr := startHTTP(t, HTTPOptions{Limits: Limits{MaxConns: 1, IdleTimeout: time.Minute}})
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(first, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(first), nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("first connection: %v %v", resp, err)
	}
	second := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + addr + HealthPath)
		if err != nil {
			second <- 0
			return
		}
		resp.Body.Close()
		second <- resp.StatusCode
	}()
	select {
	case code := <-second:
		t.Fatalf("a second connection was served (%d) while the only slot was held", code)
	case <-time.After(300 * time.Millisecond):
	}
	first.Close()
	if code := <-second; code != 200 {
		t.Errorf("second connection after the first closed: %d", code)
	}
}

// TestSessionIdleTTL checks that an abandoned Streamable HTTP session is dropped
// after the configured idle time, so its state does not stay for an hour.
func TestSessionIdleTTL(t *testing.T) {
	addr := startHTTP(t, HTTPOptions{Limits: DefaultLimits(), SessionIdleTTL: 500 * time.Millisecond})
	resp := post(t, addr, strings.NewReader(initializeBody), nil)
	id := resp.Header.Get("Mcp-Session-Id")
	if resp.StatusCode != 200 || id == "" {
		t.Fatalf("initialize: %d, session %q", resp.StatusCode, id)
	}
	ping := `{"jsonrpc":"2.0","id":2,"method":"ping"}`
	if resp := post(t, addr, strings.NewReader(ping), map[string]string{"Mcp-Session-Id": id}); resp.StatusCode != 200 {
		t.Fatalf("ping in the fresh session: %d", resp.StatusCode)
	}
	// mcp-go sweeps every max(TTL/2, 1s); any request would renew the session, so
	// the test waits without asking.
	time.Sleep(2500 * time.Millisecond)
	if resp := post(t, addr, strings.NewReader(ping), map[string]string{"Mcp-Session-Id": id}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("ping after the session idled past its TTL: %d, want 404 (session dropped)", resp.StatusCode)
	}
}
