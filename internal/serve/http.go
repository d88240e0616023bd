package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// Endpoint paths of the HTTP transports.
const (
	StreamablePath = "/mcp"
	SSEPath        = "/sse"
	MessagePath    = "/message"
)

// SessionIdleTTL is how long a stateful Streamable HTTP session may stay idle
// before its state is dropped; its client then starts a new session.
const SessionIdleTTL = time.Hour

// HTTPOptions configure an HTTP transport.
type HTTPOptions struct {
	SSE       bool   // the 2024-11-05 HTTP+SSE transport instead of Streamable HTTP
	Stateless bool   // Streamable HTTP without sessions
	AuthToken string // bearer token; empty for none
	Logger    *slog.Logger
}

// HTTPHandler serves one MCP server over SSE or Streamable HTTP, plus /healthz.
// mcp-go's DNS-rebinding protection stays on for the MCP endpoints.
type HTTPHandler struct {
	mux    *http.ServeMux
	sse    *server.SSEServer
	stream *server.StreamableHTTPServer
	// Path is the MCP endpoint clients connect to (/mcp or /sse).
	Path string
}

// NewHTTPHandler builds the handler for s.
func NewHTTPHandler(s *server.MCPServer, opts HTTPOptions) *HTTPHandler {
	h := &HTTPHandler{mux: http.NewServeMux()}
	h.mux.Handle(HealthPath, Health())
	if opts.SSE {
		h.sse = server.NewSSEServer(s,
			server.WithSSEEndpoint(SSEPath),
			server.WithMessageEndpoint(MessagePath),
			server.WithKeepAlive(true),
		)
		protected := RequireBearer(opts.AuthToken, h.sse)
		h.mux.Handle(SSEPath, protected)
		h.mux.Handle(MessagePath, protected)
		h.Path = SSEPath
		return h
	}
	streamOpts := []server.StreamableHTTPOption{server.WithHeartbeatInterval(30 * time.Second)}
	if opts.Logger != nil {
		streamOpts = append(streamOpts, server.WithStreamableHTTPLogger(opts.Logger))
	}
	if opts.Stateless {
		streamOpts = append(streamOpts, server.WithStateLess(true))
	} else {
		// Clients that vanish without DELETE would otherwise leave their session's
		// state behind for the life of the process.
		streamOpts = append(streamOpts, server.WithStateful(true), server.WithSessionIdleTTL(SessionIdleTTL))
	}
	h.stream = server.NewStreamableHTTPServer(s, streamOpts...)
	h.mux.Handle(StreamablePath, RequireBearer(opts.AuthToken, h.stream))
	h.Path = StreamablePath
	return h
}

// ServeHTTP implements http.Handler.
func (h *HTTPHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// closeSessions ends the long-lived streams (SSE connections, Streamable HTTP GET
// listeners) that would otherwise keep http.Server.Shutdown waiting forever.
func (h *HTTPHandler) closeSessions(ctx context.Context) {
	if h.sse != nil {
		h.sse.CloseSessions()
	}
	if h.stream != nil {
		h.stream.CloseSessions(ctx)
	}
}

// DrainTimeout bounds how long shutdown waits for running tool calls.
const DrainTimeout = 25 * time.Second

// ServeHTTP serves h on ln until ctx ends, then shuts down gracefully: it stops
// accepting connections, lets running tool calls finish (up to drain), closes the
// remaining streams and returns.
func ServeHTTP(ctx context.Context, ln net.Listener, h *HTTPHandler, inflight *Inflight, logger *slog.Logger, drain time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: waiting for running tool calls", "running", inflight.Count())

	drainCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(drainCtx) }() // stops accepting; waits for open requests

	if err := inflight.Wait(drainCtx); err != nil {
		logger.Warn("shutdown: tool calls still running after the drain timeout; stopping them", "running", inflight.Count())
	}
	// Replies to the last calls travel on the SSE streams: give them a moment to be
	// written before the streams are closed.
	time.Sleep(50 * time.Millisecond)
	h.closeSessions(drainCtx)
	if err := <-shutdown; err != nil {
		_ = srv.Close()
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("http shutdown: %w", err)
		}
	}
	return nil
}
