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

// HTTPOptions configure an HTTP transport.
type HTTPOptions struct {
	SSE       bool   // the 2024-11-05 HTTP+SSE transport instead of Streamable HTTP
	Stateless bool   // Streamable HTTP without sessions
	AuthToken string // bearer token; empty for none
	Logger    *slog.Logger
	// Guard decides which Host and Origin headers the MCP endpoints accept; nil
	// allows loopback names only (NewGuard(nil, nil, "")).
	Guard *Guard
	// Limits bound connections, request time and body size; ServeHTTP applies
	// them. The zero value turns every limit off: use DefaultLimits.
	Limits Limits
	// SessionIdleTTL is how long a stateful Streamable HTTP session may stay
	// idle before its state is dropped (its client then starts a new session);
	// zero means DefaultSessionIdleTTL.
	SessionIdleTTL time.Duration
}

// HTTPHandler serves one MCP server over SSE or Streamable HTTP, plus /healthz.
// Its Guard, not mcp-go's DNS-rebinding check, rules the Host and Origin
// headers of the MCP endpoints.
type HTTPHandler struct {
	mux    *http.ServeMux
	sse    *server.SSEServer
	stream *server.StreamableHTTPServer
	limits Limits
	// Path is the MCP endpoint clients connect to (/mcp or /sse).
	Path string
}

// NewHTTPHandler builds the handler for s. Each MCP request passes, in order,
// the Host/Origin guard, the bearer check and the body limit, so a stranger's
// body is never buffered.
func NewHTTPHandler(s *server.MCPServer, opts HTTPOptions) *HTTPHandler {
	h := &HTTPHandler{mux: http.NewServeMux(), limits: opts.Limits}
	guard := opts.Guard
	if guard == nil {
		guard = NewGuard(nil, nil, "")
	}
	protect := func(next http.Handler) http.Handler {
		return guard.Wrap(RequireBearer(opts.AuthToken, LimitBody(opts.Limits.MaxBodyBytes, next)))
	}
	h.mux.Handle(HealthPath, Health())
	if opts.SSE {
		h.sse = server.NewSSEServer(s,
			server.WithSSEEndpoint(SSEPath),
			server.WithMessageEndpoint(MessagePath),
			server.WithKeepAlive(true),
			// guard replaces it: mcp-go's check would refuse a proxy's listed Host.
			server.WithSSEDisableLocalhostProtection(true),
		)
		h.mux.Handle(SSEPath, protect(h.sse))
		h.mux.Handle(MessagePath, protect(h.sse))
		h.Path = SSEPath
		return h
	}
	streamOpts := []server.StreamableHTTPOption{
		server.WithHeartbeatInterval(30 * time.Second),
		server.WithDisableLocalhostProtection(true), // guard replaces it, as above
	}
	if opts.Logger != nil {
		streamOpts = append(streamOpts, server.WithStreamableHTTPLogger(opts.Logger))
	}
	if opts.Stateless {
		streamOpts = append(streamOpts, server.WithStateLess(true))
	} else {
		ttl := opts.SessionIdleTTL
		if ttl <= 0 {
			ttl = DefaultSessionIdleTTL
		}
		// Clients that vanish without DELETE would otherwise leave their session's
		// state behind for the life of the process.
		streamOpts = append(streamOpts, server.WithStateful(true), server.WithSessionIdleTTL(ttl))
	}
	h.stream = server.NewStreamableHTTPServer(s, streamOpts...)
	h.mux.Handle(StreamablePath, protect(h.stream))
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

// ServeHTTP serves h on ln, with the limits h was built with, until ctx ends,
// then shuts down gracefully: it stops accepting connections, lets running tool
// calls finish (up to drain), closes the remaining streams and returns.
func ServeHTTP(ctx context.Context, ln net.Listener, h *HTTPHandler, inflight *Inflight, logger *slog.Logger, drain time.Duration) error {
	return Run(ctx, ln, h, h.limits, logger, drain, func(drainCtx context.Context) {
		logger.Info("shutting down: waiting for running tool calls", "running", inflight.Count())
		if err := inflight.Wait(drainCtx); err != nil {
			logger.Warn("shutdown: tool calls still running after the drain timeout; stopping them", "running", inflight.Count())
		}
		// Replies to the last calls travel on the SSE streams: give them a moment to be
		// written before the streams are closed.
		time.Sleep(50 * time.Millisecond)
		h.closeSessions(drainCtx)
	})
}

// Run serves handler on ln with lim until ctx ends, then shuts down: it stops
// accepting connections, runs drained (when not nil) while open requests finish,
// and waits for them up to drain. drained must end the requests that never
// finish by themselves, such as SSE streams.
func Run(ctx context.Context, ln net.Listener, handler http.Handler, lim Limits, logger *slog.Logger, drain time.Duration, drained func(context.Context)) error {
	srv := NewServer(handler, lim, logger)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(LimitListener(ln, lim)) }()
	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	drainCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- srv.Shutdown(drainCtx) }() // stops accepting; waits for open requests
	if drained != nil {
		drained(drainCtx)
	}
	if err := <-shutdown; err != nil {
		_ = srv.Close()
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("http shutdown: %w", err)
		}
	}
	return nil
}
