package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"slices"

	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/caller"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
	"github.com/workflows-mcp/mcp-bridge/internal/metrics"
	"github.com/workflows-mcp/mcp-bridge/internal/serve"
)

// serve runs the MCP server on the configured transport until stdin closes (stdio)
// or a signal arrives.
func (a *app) serve(ctx context.Context) error {
	resumeGC := func() {}
	if a.cfg.Transport == config.TransportStdio {
		resumeGC = relaxGCUntilListed()
	}
	m := metrics.New(bridgeVersion())
	eng, callers, err := openEngine(a.cfg, a.logger, m)
	if err != nil {
		return err
	}
	defer eng.Close()
	inflight := &serve.Inflight{}
	// The metrics middleware runs first (outermost), so it counts calls the
	// per-caller limit refuses.
	lead := []server.ServerOption{server.WithToolHandlerMiddleware(m.ToolMiddleware)}
	if a.cfg.Transport != config.TransportStdio {
		limitKey := func(ctx context.Context) string { return backend.LimitKey(a.cfg.Backend, caller.FromContext(ctx)) }
		lead = append(lead, server.WithToolHandlerMiddleware(serve.NewCallerLimit(a.cfg.Hosted.MaxCallsPerCaller, limitKey).Middleware))
	}
	s, names, err := newMCPServer(a.cfg, eng, a.logger, inflight, lead...)
	if err != nil {
		return err
	}
	if callers != nil {
		m.Gauge("mcp_bridge_caller_clients", "Callers whose upstream client is kept (per-request credentials).",
			func() float64 { return float64(callers.Len()) })
	}
	a.announceBackend(eng)
	a.logger.Debug("tools registered", "count", len(names))
	waitMetrics, err := a.serveMetrics(ctx, m)
	if err != nil {
		return err
	}
	defer waitMetrics()

	if a.cfg.Transport == config.TransportStdio {
		a.logger.Info("serving MCP on stdio", "tools", len(names), "version", bridgeVersion())
		if f, ok := a.stdin.(*os.File); ok && logging.IsTerminal(f) {
			a.logger.Info("stdin is a terminal: mcp-bridge speaks MCP on stdin and stdout, for an MCP client to start it (see the README); " +
				"to try tools by hand use 'mcp-bridge tools' and 'mcp-bridge call TOOL --args JSON'; Ctrl-D or Ctrl-C ends")
		}
		out := warmAfterToolsList(a.stdout, func() { resumeGC(); warm(eng) })
		return serve.ServeStdio(ctx, s, a.stdin, out, inflight, a.logger, serve.DrainTimeout,
			serve.StdioLimits{Workers: a.cfg.Stdio.Workers, Queue: a.cfg.Stdio.Queue})
	}

	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", a.cfg.Addr, err)
	}
	if warning := openToEveryPage(a.cfg, checksCallers(a.cfg)); warning != "" {
		a.logger.Warn(warning)
	}
	h := serve.NewHTTPHandler(s, a.httpOptions(eng, callers, m))
	m.Gauge("mcp_bridge_sessions", "Open MCP sessions (Streamable HTTP or SSE).", func() float64 { return float64(h.Sessions()) })
	a.logger.Info("serving MCP over HTTP", "transport", a.cfg.Transport, "url", "http://"+ln.Addr().String()+h.Path,
		"stateless", a.cfg.Stateless, "auth", a.cfg.AuthToken != "", "upstream_auth", a.cfg.Hosted.UpstreamAuth,
		"oauth", a.cfg.Hosted.OAuth.Enabled(), "tools", len(names), "version", bridgeVersion())
	warm(eng)
	return serve.ServeHTTP(ctx, ln, h, inflight, a.logger, serve.DrainTimeout)
}

// openToEveryPage says why a server that lets any origin in (--allowed-origins
// *) and checks no credential is open to every web page its user opens: with
// CORS, such a page can read the answers too. Empty when it is not. checked
// says whether the server checks callers' credentials.
func openToEveryPage(cfg *config.Config, checked bool) string {
	if !slices.Contains(cfg.HTTP.AllowedOrigins, "*") || checked {
		return ""
	}
	return "--allowed-origins * on a server that checks no credential: any web page opened on a machine that reaches it can use it; " +
		"set MCP_BRIDGE_AUTH_TOKEN (or the sandbox's MCP_BRIDGE_SANDBOX_API_KEYS), or list the origins"
}

// checksCallers says whether the MCP endpoints check a credential: a token,
// OAuth, or per-request credentials that the engine checks (the built-in
// sandbox takes any key when it has none configured).
func checksCallers(cfg *config.Config) bool {
	return cfg.AuthToken != "" || cfg.Hosted.OAuth.Enabled() ||
		(cfg.PerRequest() && (cfg.Backend != backend.Sandbox || len(cfg.SandboxAPIKeys) > 0))
}

// httpLimits turns the configuration into the HTTP servers' limits.
func httpLimits(cfg *config.Config) serve.Limits {
	return serve.Limits{
		ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout,
		BodyTimeout:       cfg.HTTP.BodyTimeout,
		IdleTimeout:       cfg.HTTP.IdleTimeout,
		MaxConns:          cfg.HTTP.MaxConns,
		MaxBodyBytes:      cfg.HTTP.MaxBodyBytes,
	}
}

// httpGuard builds the Host and Origin rule of an HTTP server listening on
// cfg.Addr.
func httpGuard(cfg *config.Config) *serve.Guard {
	return serve.NewGuard(cfg.HTTP.AllowedHosts, cfg.HTTP.AllowedOrigins, cfg.Addr)
}

// warm opens the sandbox in the background once serving has begun, so start-up is
// not held up but the first call does not wait either.
func warm(eng *backend.Opened) {
	if eng.Sandbox != nil {
		eng.Sandbox.Warm()
	}
}

// announceBackend says on stderr which engine the tools drive, loudly when it is
// only the sandbox.
func (a *app) announceBackend(eng *backend.Opened) {
	if a.cfg.Backend == backend.Sandbox {
		a.logger.Warn("BACKEND: SANDBOX. The tools drive the built-in sandbox engine with sample data, not a real account; set IMBRACE_API_KEY (or ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY) to use one",
			"reason", a.cfg.BackendReason, "data", a.cfg.SandboxData)
		return
	}
	// The logger masks URL passwords too; masking here keeps the line safe even
	// under a logger without the redactor.
	a.logger.Info("backend: "+string(a.cfg.Backend), "engine", logging.RedactURLs(eng.Where), "reason", a.cfg.BackendReason)
}
