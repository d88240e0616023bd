package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

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
	eng, err := sandbox.Open(cfg.SandboxData, sandbox.WithAPIKeys(cfg.SandboxAPIKeys...), sandbox.WithLogger(a.logger),
		sandbox.WithEgress(cfg.SandboxEgress))
	if err != nil {
		return err
	}
	defer eng.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(serve.HealthPath, serve.Health())
	mux.Handle("/", eng.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	base := "http://" + ln.Addr().String()
	a.logger.Info("serving the sandbox engine", "url", base, "IMBRACE_GATEWAY_URL", base, "ACTIVEPIECES_URL", base+"/api",
		"data", cfg.SandboxData, "auth", len(cfg.SandboxAPIKeys) > 0)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("sandbox server: %w", err)
	case <-ctx.Done():
	}
	a.logger.Info("shutting down the sandbox")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), serve.DrainTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
