package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/apps"
	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
	"github.com/workflows-mcp/mcp-bridge/internal/mcpextra"
	"github.com/workflows-mcp/mcp-bridge/internal/serve"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

// toolOptions turns the configuration's filters into the registry's options.
func toolOptions(cfg *config.Config) tools.Options {
	return tools.Options{Toolsets: cfg.Toolsets, Tools: cfg.Tools, ExcludeTools: cfg.ExcludeTools, ReadOnly: cfg.ReadOnly}
}

// newMCPServer builds the MCP server with the selected tools registered against
// eng, and the MCP App views of those tools offered to hosts that declare the
// extension. inflight, when not nil, counts running calls for a draining shutdown.
// lead options come first, so a tool middleware among them runs outermost.
func newMCPServer(cfg *config.Config, eng *backend.Opened, logger *slog.Logger, inflight *serve.Inflight, lead ...server.ServerOption) (*server.MCPServer, []string, error) {
	hooks := &server.Hooks{}
	opts := []server.ServerOption{
		server.WithHooks(hooks),
		server.WithToolCapabilities(false),
		server.WithLogging(),
		server.WithRecovery(),
		server.WithTitle("mcp-bridge"),
		server.WithInstructions(instructions(cfg, eng)),
		// mcp-go logs every request at info; keep those at debug and tool calls at info.
		server.WithLogger(slog.New(quietRequests{logger.Handler()})),
	}
	opts = append(lead, opts...)
	if inflight != nil {
		opts = append(opts, server.WithToolHandlerMiddleware(inflight.Middleware))
	}
	// Resources, run subscriptions, completions and prompts (docs/resources.md).
	// Last, so its hooks join any set above rather than being replaced.
	extra := mcpextra.New(mcpextra.Options{Client: mcpextra.Fixed(eng.Client), Logger: logger})
	opts = append(opts, extra.ServerOptions()...)
	s := server.NewMCPServer("mcp-bridge", bridgeVersion(), opts...)
	names, err := tools.Register(s, eng.Client, toolOptions(cfg))
	if err != nil {
		return nil, nil, usageError{err}
	}
	apps.Register(s, hooks, names)
	extra.Register(s, names)
	return s, names, nil
}

// instructions tell the model what it is driving and, loudly, when that is only
// the sandbox.
func instructions(cfg *config.Config, eng *backend.Opened) string {
	var b strings.Builder
	switch cfg.Backend {
	case backend.Sandbox:
		fmt.Fprintf(&b, "BACKEND: SANDBOX. These tools drive mcp-bridge's built-in local sandbox engine, not a real iMBRACE or Activepieces account (%s). "+
			"It holds sample data; nothing done here reaches a real system. To use a real account, set IMBRACE_API_KEY (or ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY) and restart the server. "+
			"It runs only these pieces, as list_pieces shows: %s; plus CODE steps, loops and routers. A flow using anything else is refused when published.\n\n", cfg.BackendReason, sandboxPieces())
	default:
		// The engine URL may carry a password (https://user:pass@host): the model
		// and its client must not see it.
		fmt.Fprintf(&b, "Backend: %s. Changes made with these tools are real.\n\n", logging.RedactURLs(eng.Where))
	}
	b.WriteString(tools.Guide(cfg.ReadOnly))
	return b.String()
}

// sandboxPieces names the pieces the sandbox runs, short, from its registry
// (without building their metadata: the instructions are written at start).
func sandboxPieces() string {
	names := make([]string, 0, len(pieces.All))
	for _, p := range pieces.All {
		names = append(names, strings.TrimPrefix(p.Name, "@activepieces/piece-"))
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// quietRequests lowers mcp-go's per-request "mcp.request" lines from info to debug.
type quietRequests struct{ slog.Handler }

func (q quietRequests) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "mcp.request" && r.Level == slog.LevelInfo {
		r.Level = slog.LevelDebug
	}
	if !q.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return q.Handler.Handle(ctx, r)
}

func (q quietRequests) WithAttrs(a []slog.Attr) slog.Handler {
	return quietRequests{q.Handler.WithAttrs(a)}
}

func (q quietRequests) WithGroup(n string) slog.Handler { return quietRequests{q.Handler.WithGroup(n)} }
