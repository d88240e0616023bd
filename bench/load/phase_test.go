package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// fakeMCPServer serves the script's tools from a fakeBridge through mcp-go's
// server, so that connect and load are tested over real Streamable HTTP and SSE
// without building mcp-bridge.
func fakeMCPServer(t *testing.T, sse bool) string {
	var mu sync.Mutex
	f := newFakeBridge(testFixture)
	s := server.NewMCPServer("fake", "1", server.WithToolCapabilities(false))
	for _, name := range append(tools(), "create_flow") {
		s.AddTool(mcp.NewTool(name), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			mu.Lock()
			defer mu.Unlock()
			return f.CallTool(ctx, req)
		})
	}
	var h http.Handler = server.NewStreamableHTTPServer(s, server.WithStateful(true))
	path := "/mcp"
	if sse {
		h, path = server.NewSSEServer(s, server.WithSSEEndpoint("/sse"), server.WithMessageEndpoint("/message")), "/sse"
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL + path
}

func TestLoadOverBothTransports(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("reads /proc")
	}
	for _, kind := range []string{"http", "sse"} {
		t.Run(kind, func(t *testing.T) {
			// The "bridge" sampled is this test process; only its URL is the fake server's.
			self, err := os.FindProcess(os.Getpid())
			if err != nil {
				t.Fatal(err)
			}
			b := &bridge{cmd: &exec.Cmd{Process: self}, URL: fakeMCPServer(t, kind == "sse")}
			cfg := config{calls: 2 * cycle, callTimeout: 10 * time.Second}
			r := phaseResult{Transport: kind, Sessions: 3, CallsPerSession: cfg.calls}
			rd, err := load(context.Background(), cfg, b, testFixture, 1, &r)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.OpenErrors) > 0 {
				t.Fatalf("sessions did not open: %v", r.OpenErrors)
			}
			if got := count(r.Results, ""); got.Calls != 3*cfg.calls || got.Counts[answered] != got.Calls {
				t.Errorf("tally = %+v; first failures: %q", got, failureSamples(r, 3))
			}
			if rd.Wall <= 0 || rd.Open.RSS <= 0 {
				t.Errorf("round = %+v", rd)
			}
		})
	}
}

func TestWarmUpMakesTheFixture(t *testing.T) {
	fx, err := warmUp(context.Background(), "http", fakeMCPServer(t, false), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if fx != testFixture {
		t.Errorf("fixture = %+v, want %+v", fx, testFixture)
	}
}
