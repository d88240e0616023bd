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

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
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

	// Credentials, when set, turns on per-request upstream credentials: every
	// MCP request must carry the caller's own (caller.Headers), which
	// Credentials checks; a refusal is a 401 naming the headers to send.
	Credentials func(caller.Credentials) error
	// OAuth, when set, makes every MCP request carry an OAuth access token and
	// publishes the protected-resource metadata. It replaces AuthToken.
	OAuth *OAuthOptions
	// ResumeBuffer is how many bytes of stream events are kept so a client
	// that reconnects with Last-Event-ID gets what it missed (stateful
	// Streamable HTTP only); zero turns resumption off.
	ResumeBuffer int64
	// Ready answers /readyz: nil when the backend can be reached. A nil Ready
	// is always ready.
	Ready func(context.Context) error
	// Metrics, when set, is served at /metrics, behind the Host check and the
	// bearer token.
	Metrics http.Handler
}

// HTTPHandler serves one MCP server over SSE or Streamable HTTP, plus /healthz,
// /readyz and, when asked, /metrics and the OAuth metadata. Its Guard, not
// mcp-go's DNS-rebinding check, rules the Host and Origin headers.
type HTTPHandler struct {
	mux      *http.ServeMux
	sse      *server.SSEServer
	stream   *server.StreamableHTTPServer
	limits   Limits
	sessions *sessions
	// life ends at shutdown: tool calls that outlive their connection (so a
	// resumed stream can get their result) stop with it.
	life    context.Context
	endLife context.CancelFunc
	// Path is the MCP endpoint clients connect to (/mcp or /sse).
	Path string
}

// NewHTTPHandler builds the handler for s. Each MCP request passes, in order,
// the Host/Origin guard, the bearer check (or OAuth), the caller's
// credentials, the session's owner and the body limit, so a stranger's body is
// never buffered.
func NewHTTPHandler(s *server.MCPServer, opts HTTPOptions) *HTTPHandler {
	h := &HTTPHandler{mux: http.NewServeMux(), limits: opts.Limits, sessions: newSessions()}
	h.life, h.endLife = context.WithCancel(context.Background())
	guard := opts.Guard
	if guard == nil {
		guard = NewGuard(nil, nil, "")
	}
	token := opts.AuthToken
	if opts.OAuth != nil {
		token = "" // the OAuth token travels in the same header
	}
	protect := func(sessionOf func(*http.Request) string, next http.Handler) http.Handler {
		owned := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h.sessions.check(w, r, sessionOf(r)) {
				next.ServeHTTP(w, r)
			}
		})
		return guard.Wrap(requestID(RequireBearer(token, identify(opts.OAuth, opts.Credentials,
			LimitBody(opts.Limits.MaxBodyBytes, owned)))))
	}
	h.mux.Handle(HealthPath, Health())
	h.mux.Handle(ReadyPath, Ready(opts.Ready))
	if opts.Metrics != nil {
		// Under OAuth the bearer is a caller's access token: a scrape of the MCP
		// port must send one too (--metrics-addr serves an unguarded port).
		h.mux.Handle(MetricsPath, guard.Wrap(RequireBearer(token, identify(opts.OAuth, nil, opts.Metrics))))
	}
	if opts.OAuth != nil {
		meta := guard.Wrap(server.NewProtectedResourceMetadataHandler(opts.OAuth.Metadata))
		h.mux.Handle(server.WellKnownProtectedResourcePath, meta)
		if p := server.ProtectedResourceMetadataPath(opts.OAuth.Metadata.Resource); p != server.WellKnownProtectedResourcePath {
			h.mux.Handle(p, meta)
		}
	}
	if opts.SSE {
		h.serveSSE(s, protect)
	} else {
		h.serveStreamable(s, opts, protect)
	}
	return h
}

type protector func(sessionOf func(*http.Request) string, next http.Handler) http.Handler

func noSession(*http.Request) string { return "" }

func (h *HTTPHandler) serveSSE(s *server.MCPServer, protect protector) {
	h.sse = server.NewSSEServer(s,
		server.WithSSEEndpoint(SSEPath),
		server.WithMessageEndpoint(MessagePath),
		server.WithKeepAlive(true),
		// guard replaces it: mcp-go's check would refuse a proxy's listed Host.
		server.WithSSEDisableLocalhostProtection(true),
		server.WithSessionIDGenerator(h.sessions.sseID),
	)
	h.mux.Handle(SSEPath, protect(noSession, h.sessions.sseStream(h.sse)))
	h.mux.Handle(MessagePath, protect(func(r *http.Request) string { return r.URL.Query().Get("sessionId") }, h.sse))
	h.Path = SSEPath
}

func (h *HTTPHandler) serveStreamable(s *server.MCPServer, opts HTTPOptions, protect protector) {
	streamOpts := []server.StreamableHTTPOption{
		server.WithHeartbeatInterval(30 * time.Second),
		server.WithDisableLocalhostProtection(true), // guard replaces it, as above
	}
	if opts.Logger != nil {
		streamOpts = append(streamOpts, server.WithStreamableHTTPLogger(opts.Logger))
	}
	sessionOf := noSession
	var next http.Handler
	if opts.Stateless {
		streamOpts = append(streamOpts, server.WithStateLess(true))
	} else {
		ttl := opts.SessionIdleTTL
		if ttl <= 0 {
			ttl = DefaultSessionIdleTTL
		}
		// Clients that vanish without DELETE would otherwise leave their session's
		// state behind for the life of the process.
		streamOpts = append(streamOpts, server.WithStateful(true), server.WithSessionIdleTTL(ttl),
			server.WithSessionIdManagerResolver(streamableIDs{s: h.sessions, base: &server.InsecureStatefulSessionIdManager{}}))
		sessionOf = func(r *http.Request) string { return r.Header.Get(server.HeaderKeySessionID) }
		if opts.ResumeBuffer > 0 {
			streamOpts = append(streamOpts, server.WithEventStore(NewEventBuffer(opts.ResumeBuffer)))
		}
	}
	h.stream = server.NewStreamableHTTPServer(s, streamOpts...)
	next = h.stream
	if opts.ResumeBuffer > 0 && !opts.Stateless {
		next = h.outliveConnection(next)
	}
	h.mux.Handle(StreamablePath, protect(sessionOf, next))
	h.Path = StreamablePath
}

// outliveConnection lets a POST's tool call run on when its connection drops,
// until it ends or the server shuts down, so that its progress and result are
// recorded for the client to resume with Last-Event-ID. mcp-go would otherwise
// cancel the call with the connection, leaving nothing worth resuming.
func (h *HTTPHandler) outliveConnection(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
		defer cancel()
		stop := context.AfterFunc(h.life, cancel)
		defer stop()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Sessions returns the number of open MCP sessions.
func (h *HTTPHandler) Sessions() int { return h.sessions.Len() }

// ServeHTTP implements http.Handler.
func (h *HTTPHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// closeSessions ends the long-lived streams (SSE connections, Streamable HTTP GET
// listeners) that would otherwise keep http.Server.Shutdown waiting forever.
func (h *HTTPHandler) closeSessions(ctx context.Context) {
	h.endLife()
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
