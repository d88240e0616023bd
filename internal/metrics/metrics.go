// Package metrics counts what the bridge does, for Prometheus: tool calls by
// tool and outcome with their latency, calls in flight, upstream requests by
// status with their latency, retries, sessions and per-caller clients. It
// also gives every tool call a request id (the HTTP layer sets one first when
// there is one) and names it in error results, so a user's report can be
// matched with the log.
//
// github.com/VictoriaMetrics/metrics writes the Prometheus text format, with
// Prometheus' own histogram buckets, and the Go runtime's and the process's
// metrics. It replaced prometheus/client_golang, which with its protobuf
// dependencies cost every start of the bridge 0.9 ms and 2.2 MiB of memory,
// though most bridges (stdio ones) never serve /metrics. Its HELP lines name
// the metric only; the bridge's own get their text added as they are written.
// The bridge uses a set of its own, so nothing but what is listed here (and
// the runtime's and process's metrics) is exposed.
package metrics

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"sync"
	"time"

	"github.com/VictoriaMetrics/metrics"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
)

// Outcomes of a tool call, as the outcome label has them.
const (
	OutcomeOK        = "ok"         // a result
	OutcomeToolError = "tool_error" // an error result the model reads (bad argument, upstream refusal)
	OutcomeError     = "error"      // a protocol error (a bug, a panic)
)

// Metrics holds the bridge's metrics. Its methods are safe for concurrent use.
type Metrics struct {
	set      *metrics.Set
	inFlight *metrics.Gauge
	retries  *metrics.Counter
	helpMu   sync.Mutex
	help     map[string]string // by metric family
}

// help says what the bridge's own metrics are, for their HELP lines.
var help = map[string]string{
	"mcp_bridge_tool_calls_total":                  "Tool calls by tool and outcome (ok, tool_error, error).",
	"mcp_bridge_tool_call_duration_seconds":        "Time to answer a tool call.",
	"mcp_bridge_tool_calls_in_flight":              "Tool calls running now.",
	"mcp_bridge_upstream_requests_total":           "Requests to the workflow engine by method and HTTP status (0: no answer), retries included.",
	"mcp_bridge_upstream_request_duration_seconds": "Time of one request to the workflow engine.",
	"mcp_bridge_upstream_retries_total":            "Requests to the workflow engine sent again after a failure.",
	"mcp_bridge_build_info":                        "Always 1; the version label says which build runs.",
}

// callBuckets span a quick read (tens of ms) to a sync trigger's 120 s wait.
var callBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

func init() {
	// TYPE lines let Prometheus tell counters from gauges.
	metrics.ExposeMetadata(true)
}

// New returns the metrics, in a set of their own.
func New(version string) *Metrics {
	m := &Metrics{set: metrics.NewSet(), help: maps.Clone(help)}
	m.inFlight = m.set.NewGauge("mcp_bridge_tool_calls_in_flight", nil)
	m.retries = m.set.NewCounter("mcp_bridge_upstream_retries_total")
	m.set.NewGauge(fmt.Sprintf("mcp_bridge_build_info{version=%q}", version), func() float64 { return 1 })
	return m
}

// Gauge registers a gauge whose value fn reads at each scrape (open sessions,
// per-caller clients).
func (m *Metrics) Gauge(name, help string, fn func() float64) {
	m.helpMu.Lock()
	m.help[name] = help
	m.helpMu.Unlock()
	m.set.NewGauge(name, fn)
}

// Handler serves the metrics in the Prometheus text format, the Go runtime's
// and the process's (go_*, process_*, open file descriptors included) after
// the bridge's own.
func (m *Metrics) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		m.write(w)
	})
}

func (m *Metrics) write(w io.Writer) {
	var own bytes.Buffer
	m.set.WritePrometheus(&own)
	m.helpMu.Lock()
	help := maps.Clone(m.help)
	m.helpMu.Unlock()
	for line := range bytes.Lines(own.Bytes()) {
		if family, ok := bytes.CutPrefix(bytes.TrimSuffix(line, []byte("\n")), []byte("# HELP ")); ok && help[string(family)] != "" {
			fmt.Fprintf(w, "# HELP %s %s\n", family, help[string(family)])
			continue
		}
		w.Write(line)
	}
	metrics.WriteProcessMetrics(w)
	metrics.WriteFDMetrics(w)
}

// OnAttempt counts one upstream attempt; it is the clients' OnAttempt hook.
func (m *Metrics) OnAttempt(_ context.Context, a client.Attempt) {
	m.set.GetOrCreateCounter(fmt.Sprintf("mcp_bridge_upstream_requests_total{method=%q,status=\"%d\"}", a.Method, a.Status)).Inc()
	m.histogram(fmt.Sprintf("mcp_bridge_upstream_request_duration_seconds{method=%q}", a.Method)).Update(a.Elapsed.Seconds())
	if a.Retry > 0 {
		m.retries.Inc()
	}
}

func (m *Metrics) histogram(name string) *metrics.PrometheusHistogram {
	return m.set.GetOrCreatePrometheusHistogramExt(name, callBuckets)
}

// ToolMiddleware counts and times every tool call, gives it a request id when
// the transport has not, and ends an error result with that id. Install it
// before any other tool middleware (the first runs outermost), so that the
// log line mcp-go writes for the call carries the id too.
func (m *Metrics) ToolMiddleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		id := logging.RequestID(ctx)
		if id == "" {
			id = logging.NewRequestID()
			ctx = logging.WithRequestID(ctx, id)
		}
		m.inFlight.Inc()
		start := time.Now()
		res, err := next(ctx, req)
		m.inFlight.Dec()
		outcome := OutcomeOK
		switch {
		case err != nil:
			outcome = OutcomeError
		case res != nil && res.IsError:
			outcome = OutcomeToolError
			res = withRequestID(res, id)
		}
		m.set.GetOrCreateCounter(fmt.Sprintf("mcp_bridge_tool_calls_total{outcome=%q,tool=%q}", outcome, req.Params.Name)).Inc()
		m.histogram(fmt.Sprintf("mcp_bridge_tool_call_duration_seconds{tool=%q}", req.Params.Name)).Update(time.Since(start).Seconds())
		return res, err
	}
}

// withRequestID appends the request id to an error result's text, in a copy:
// the model and the user see it and can quote it.
func withRequestID(res *mcp.CallToolResult, id string) *mcp.CallToolResult {
	out := *res
	out.Content = append(append([]mcp.Content(nil), res.Content...), mcp.NewTextContent("request id: "+id))
	return &out
}
