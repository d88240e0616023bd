package main

import (
	"fmt"
	"log/slog"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
)

// openBackend builds the client for cfg's backend. It does no I/O: the sandbox
// opens its database on first use (or when warmed), so start-up stays fast.
func openBackend(cfg *config.Config, logger *slog.Logger) (*backend.Opened, error) {
	// An unresolved backend is the bridge's bug, not the user's: it is not a
	// usage error.
	if _, ok := backend.Lookup(cfg.Backend); !ok {
		return nil, fmt.Errorf("backend %q is not resolved", cfg.Backend)
	}
	eng, err := backend.Open(cfg.Backend, cfg.BackendSettings(), backend.Options{
		ProjectID: cfg.ProjectID, Timeout: cfg.Timeout, Version: bridgeVersion(), Logger: logger})
	if err != nil {
		return nil, usageError{err}
	}
	return eng, nil
}
