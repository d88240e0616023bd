package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
)

func TestToolMiddlewareAndExposition(t *testing.T) {
	m := New("1.2.3")
	m.Gauge("mcp_bridge_sessions", "open sessions", func() float64 { return 2 })
	var seenID string
	handler := m.ToolMiddleware(func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		seenID = logging.RequestID(ctx)
		switch req.Params.Name {
		case "bad":
			return mcp.NewToolResultError("flowId is required"), nil
		case "broken":
			return nil, errors.New("panic")
		}
		return mcp.NewToolResultText("ok"), nil
	})
	call := func(ctx context.Context, name string) *mcp.CallToolResult {
		req := mcp.CallToolRequest{}
		req.Params.Name = name
		res, _ := handler(ctx, req)
		return res
	}
	call(context.Background(), "good")
	if len(seenID) != 16 {
		t.Errorf("a call without a transport id got %q", seenID)
	}
	res := call(logging.WithRequestID(context.Background(), "http-id-7"), "bad")
	if seenID != "http-id-7" {
		t.Errorf("the transport's id was replaced: %q", seenID)
	}
	last, _ := res.Content[len(res.Content)-1].(mcp.TextContent)
	if !res.IsError || last.Text != "request id: http-id-7" {
		t.Errorf("error result %+v", res.Content)
	}
	call(context.Background(), "broken")
	m.OnAttempt(context.Background(), client.Attempt{Method: "GET", Status: 503, Elapsed: time.Millisecond})
	m.OnAttempt(context.Background(), client.Attempt{Method: "GET", Status: 200, Elapsed: time.Millisecond, Retry: 1})

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`mcp_bridge_tool_calls_total{outcome="ok",tool="good"} 1`,
		`mcp_bridge_tool_calls_total{outcome="tool_error",tool="bad"} 1`,
		`mcp_bridge_tool_calls_total{outcome="error",tool="broken"} 1`,
		`mcp_bridge_tool_call_duration_seconds_count{tool="good"} 1`,
		`mcp_bridge_tool_calls_in_flight 0`,
		`mcp_bridge_upstream_requests_total{method="GET",status="503"} 1`,
		`mcp_bridge_upstream_retries_total 1`,
		`mcp_bridge_sessions 2`,
		`mcp_bridge_build_info{version="1.2.3"} 1`,
		"# HELP mcp_bridge_tool_calls_total Tool calls by tool and outcome (ok, tool_error, error).\n# TYPE mcp_bridge_tool_calls_total counter\n",
		"# HELP mcp_bridge_sessions open sessions\n# TYPE mcp_bridge_sessions gauge\n",
		`mcp_bridge_tool_call_duration_seconds_bucket{tool="good",le="0.01"}`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
		`process_open_fds`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}

// A gauge registered while /metrics is being scraped (the HTTP transport
// registers its sessions gauge after a separate metrics listener is up) is safe.
func TestGaugeWhileScraped(t *testing.T) {
	m := New("1")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			m.Gauge(fmt.Sprintf("mcp_bridge_test_%d", i), "a gauge", func() float64 { return 1 })
		}
	}()
	for range 50 {
		m.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/metrics", nil))
	}
	<-done
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), "# HELP mcp_bridge_test_49 a gauge\n") {
		t.Error("the last gauge or its help is missing")
	}
}
