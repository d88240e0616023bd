package serve

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// StdioLimits size the stdio transport's tool calls. mcp-go serves other
// requests (ping, tools/list) on their own goroutines; tool calls run on a pool
// of workers fed by a queue.
type StdioLimits struct {
	Workers int // tool calls run at once, 1 to 100 (mcp-go's cap); zero means DefaultStdioWorkers
	Queue   int // tool calls that may wait for a worker; more are refused with a JSON-RPC error
}

// Defaults of StdioLimits. mcp-go's own 5 workers let five long wait_for_run
// calls hold back every other tool call; the calls mostly wait on the network,
// so many workers cost little.
const (
	DefaultStdioWorkers = 64
	DefaultStdioQueue   = 256
)

// ServeStdio serves s on in/out until in reaches EOF or ctx ends. When ctx ends
// (a signal), running tool calls may finish (up to drain) before the server stops.
// Tool calls beyond lim's workers wait in its queue; beyond that they are
// answered at once with an error, and the read loop never blocks.
func ServeStdio(ctx context.Context, s *server.MCPServer, in io.Reader, out io.Writer, inflight *Inflight, logger *slog.Logger, drain time.Duration, lim StdioLimits) error {
	if lim.Workers <= 0 {
		lim.Workers = DefaultStdioWorkers
	}
	lim.Queue = max(lim.Queue, 0)
	gate := newCallGate(lim.Workers+lim.Queue, out, logger)
	stdio := server.NewStdioServer(s)
	stdio.SetErrorLogger(slog.NewLogLogger(logger.Handler(), slog.LevelError))
	server.WithWorkerPoolSize(lim.Workers)(stdio)
	// The gate forwards at most Workers+Queue unanswered calls. Each busy worker
	// holds one of them, except one whose reply is written (releasing its call)
	// and that has not yet taken the next: with every worker in that state all
	// Workers+Queue calls can sit in mcp-go's queue, so that is its size.
	server.WithQueueSize(lim.Queue + lim.Workers)(stdio)

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
	filtered := gate.filter(in)
	err := stdio.Listen(listenCtx, filtered, gate)
	_ = filtered.Close() // ends the gate's copying goroutine
	if err != nil && listenCtx.Err() != nil {
		return nil // stopped on purpose
	}
	return err
}
