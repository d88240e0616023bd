package main

import (
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/serve"
)

// TestDefaultLimitsMatchHelp keeps the defaults the help and docs show (config)
// equal to the ones the serve package documents.
func TestDefaultLimitsMatchHelp(t *testing.T) {
	cfg, err := config.Load(nil, env("HOME", "/h"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := httpLimits(cfg), serve.DefaultLimits(); got != want {
		t.Errorf("limits from the default configuration = %+v, want serve.DefaultLimits() %+v", got, want)
	}
	if cfg.HTTP.SessionIdleTTL != serve.DefaultSessionIdleTTL {
		t.Errorf("session idle TTL = %v, want %v", cfg.HTTP.SessionIdleTTL, serve.DefaultSessionIdleTTL)
	}
	if cfg.Stdio.Workers != serve.DefaultStdioWorkers || cfg.Stdio.Queue != serve.DefaultStdioQueue {
		t.Errorf("stdio = %+v, want %d workers and a queue of %d", cfg.Stdio, serve.DefaultStdioWorkers, serve.DefaultStdioQueue)
	}
}
