package main

import (
	"context"
	"fmt"
	"net"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/serve"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// serveSandbox serves the sandbox engine over HTTP for other clients and SDKs,
// until a signal arrives.
func (a *app) serveSandbox(ctx context.Context) error {
	cfg := a.cfg
	if err := backend.EnsureDataDir(cfg.SandboxData); err != nil {
		return usageError{err}
	}
	eng, err := sandbox.Open(cfg.SandboxData, sandbox.WithAPIKeys(cfg.SandboxAPIKeys...),
		sandbox.WithKeyProjects(cfg.SandboxKeyProjects), sandbox.WithLogger(a.logger), sandbox.WithEgress(cfg.SandboxEgress))
	if err != nil {
		return err
	}
	defer eng.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	if warning := openToEveryPage(cfg, len(cfg.SandboxAPIKeys) > 0); warning != "" {
		a.logger.Warn(warning)
	}
	mux := http.NewServeMux()
	mux.Handle(serve.HealthPath, serve.Health())
	// The engine checks its API keys itself; the guard and the body limit come
	// first so a cross-site page or a rebound domain cannot reach it, and no
	// request holds more memory or time than the limits allow.
	mux.Handle("/", httpGuard(cfg).Wrap(serve.LimitBody(cfg.HTTP.MaxBodyBytes, eng.Handler())))
	base := "http://" + ln.Addr().String()
	a.logger.Info("serving the sandbox engine", "url", base, "IMBRACE_GATEWAY_URL", base, "ACTIVEPIECES_URL", base+"/api",
		"data", cfg.SandboxData, "auth", len(cfg.SandboxAPIKeys) > 0)
	err = serve.Run(ctx, ln, mux, httpLimits(cfg), a.logger, serve.DrainTimeout, func(context.Context) {
		a.logger.Info("shutting down the sandbox")
	})
	if err != nil {
		return fmt.Errorf("sandbox server: %w", err)
	}
	return nil
}
