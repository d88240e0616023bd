// Package metrics counts what the bridge does, for Prometheus: tool calls by
// tool and outcome with their latency, calls in flight, upstream requests by
// status with their latency, retries, sessions and per-caller clients. It
// also gives every tool call a request id (the HTTP layer sets one first when
// there is one) and names it in error results, so a user's report can be
// matched with the log.
//
// prometheus/client_golang is the Prometheus project's own library: the
// exposition format, histograms and the registry are maintained with the
// server that scrapes them, and it is what operators expect to find. The
// bridge uses its own registry, so nothing but what is listed here (and the
// Go runtime and process collectors) is exposed.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
)

// Outcomes of a tool call, as the outcome label has them.
const (
	OutcomeOK        = "ok"         // a result
	OutcomeToolError = "tool_error" // an error result the model reads (bad argument, upstream refusal)
	OutcomeError     = "error"      // a protocol error (a bug, a panic)
)

// Metrics holds the bridge's collectors. Its methods are safe for concurrent use.
type Metrics struct {
	reg             *prometheus.Registry
	toolCalls       *prometheus.CounterVec
	toolDuration    *prometheus.HistogramVec
	inFlight        prometheus.Gauge
	upstream        *prometheus.CounterVec
	upstreamLatency *prometheus.HistogramVec
	retries         prometheus.Counter
}

// callBuckets span a quick read (tens of ms) to a sync trigger's 120 s wait.
var callBuckets = []float64{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}

// New returns the collectors, registered in a registry of their own.
func New(version string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.toolCalls = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mcp_bridge_tool_calls_total",
		Help: "Tool calls by tool and outcome (ok, tool_error, error)."}, []string{"tool", "outcome"})
	m.toolDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mcp_bridge_tool_call_duration_seconds",
		Help: "Time to answer a tool call.", Buckets: callBuckets}, []string{"tool"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "mcp_bridge_tool_calls_in_flight",
		Help: "Tool calls running now."})
	m.upstream = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mcp_bridge_upstream_requests_total",
		Help: "Requests to the workflow engine by method and HTTP status (0: no answer), retries included."}, []string{"method", "status"})
	m.upstreamLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mcp_bridge_upstream_request_duration_seconds",
		Help: "Time of one request to the workflow engine.", Buckets: callBuckets}, []string{"method"})
	m.retries = prometheus.NewCounter(prometheus.CounterOpts{Name: "mcp_bridge_upstream_retries_total",
		Help: "Requests to the workflow engine sent again after a failure."})
	info := prometheus.NewGauge(prometheus.GaugeOpts{Name: "mcp_bridge_build_info", Help: "Always 1; the version label says which build runs.",
		ConstLabels: prometheus.Labels{"version": version}})
	info.Set(1)
	m.reg.MustRegister(m.toolCalls, m.toolDuration, m.inFlight, m.upstream, m.upstreamLatency, m.retries, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Gauge registers a gauge whose value fn reads at each scrape (open sessions,
// per-caller clients).
func (m *Metrics) Gauge(name, help string, fn func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// OnAttempt counts one upstream attempt; it is the clients' OnAttempt hook.
func (m *Metrics) OnAttempt(_ context.Context, a client.Attempt) {
	m.upstream.WithLabelValues(a.Method, strconv.Itoa(a.Status)).Inc()
	m.upstreamLatency.WithLabelValues(a.Method).Observe(a.Elapsed.Seconds())
	if a.Retry > 0 {
		m.retries.Inc()
	}
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
		m.toolCalls.WithLabelValues(req.Params.Name, outcome).Inc()
		m.toolDuration.WithLabelValues(req.Params.Name).Observe(time.Since(start).Seconds())
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
