package serve

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// ServeStdio serves s on in/out until in reaches EOF or ctx ends. When ctx ends
// (a signal), running tool calls may finish (up to drain) before the server stops.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, inflight *Inflight, logger *slog.Logger, drain time.Duration) error {
	stdio := server.NewStdioServer(s)
	stdio.SetErrorLogger(slog.NewLogLogger(logger.Handler(), slog.LevelError))

	// The listener's context is not ctx: cancelling it would cancel running calls.
	listenCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	go func() {
		select {
		case <-ctx.Done():
		case <-listenCtx.Done():
			return
		}
		logger.Info("shutting down: waiting for running tool calls", "running", inflight.Count())
		drainCtx, cancel := context.WithTimeout(context.Background(), drain)
		defer cancel()
		if err := inflight.Wait(drainCtx); err != nil {
			logger.Warn("shutdown: tool calls still running after the drain timeout; stopping them", "running", inflight.Count())
		}
		time.Sleep(20 * time.Millisecond) // let the last replies be written
		stop()
	}()
	err := stdio.Listen(listenCtx, in, out)
	if err != nil && listenCtx.Err() != nil {
		return nil // stopped on purpose
	}
	return err
}
