package main

import (
	"fmt"
	"log/slog"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/metrics"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// openBackend builds the client for cfg's backend. It does no I/O: the sandbox
// opens its database on first use (or when warmed), so start-up stays fast.
func openBackend(cfg *config.Config, logger *slog.Logger) (*backend.Opened, error) {
	eng, _, err := openEngine(cfg, logger, nil)
	return eng, err
}

// openEngine is openBackend for serve: upstream attempts feed m (when not
// nil), and under per-request credentials the client is a router over the
// callers' own clients, kept in the returned Callers.
func openEngine(cfg *config.Config, logger *slog.Logger, m *metrics.Metrics) (*backend.Opened, *backend.Callers, error) {
	// An unresolved backend is the bridge's bug, not the user's: it is not a
	// usage error.
	if _, ok := backend.Lookup(cfg.Backend); !ok {
		return nil, nil, fmt.Errorf("backend %q is not resolved", cfg.Backend)
	}
	opts := backend.Options{ProjectID: cfg.ProjectID, Timeout: cfg.Timeout, Version: bridgeVersion(), Logger: logger}
	if m != nil {
		opts.OnAttempt = m.OnAttempt
	}
	if !cfg.PerRequest() {
		eng, err := backend.Open(cfg.Backend, cfg.BackendSettings(), opts)
		if err != nil {
			return nil, nil, usageError{err}
		}
		return eng, nil, nil
	}
	if len(cfg.SandboxAPIKeys) > 0 {
		// The built-in sandbox checks each caller's key, scoped to its project
		// when bound.
		opts.SandboxOptions = []sandbox.Option{sandbox.WithAPIKeys(cfg.SandboxAPIKeys...), sandbox.WithKeyProjects(cfg.SandboxKeyProjects)}
	}
	eng, callers, err := backend.OpenPerCaller(cfg.Backend, cfg.BackendSettings(), opts, backend.DefaultCallerIdle)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return eng, callers, nil
}
