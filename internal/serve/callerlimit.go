package serve

import (
	"context"
	"fmt"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// CallerLimit caps the tool calls each caller runs at once, so that one member
// of a team cannot take every connection and upstream slot of a shared bridge.
// Who counts as one caller is the key function's to say (an OAuth subject, an
// upstream account); calls whose key is empty (stdio, one shared token) are not
// counted: there is nobody to tell apart. A call over the cap is answered at
// once with a tool error that says so; it is not queued, so a flood costs no
// memory.
type CallerLimit struct {
	max     int
	key     func(context.Context) string
	mu      sync.Mutex
	running map[string]int // by key; an entry goes when it drops to zero
}

// NewCallerLimit returns a limit of max calls per caller as key names them;
// max <= 0 means none.
func NewCallerLimit(max int, key func(context.Context) string) *CallerLimit {
	return &CallerLimit{max: max, key: key, running: map[string]int{}}
}

// Middleware applies the limit to every tool it wraps; install it with
// server.WithToolHandlerMiddleware.
func (l *CallerLimit) Middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	if l.max <= 0 {
		return next
	}
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		who := l.key(ctx)
		if who == "" {
			return next(ctx, req)
		}
		if !l.acquire(who) {
			return mcp.NewToolResultError(fmt.Sprintf("too many tool calls at once: this caller already has %d running, the most this server allows "+
				"(--max-calls-per-caller); nothing was sent. Wait for one to finish, then call again", l.max)), nil
		}
		defer l.release(who)
		return next(ctx, req)
	}
}

func (l *CallerLimit) acquire(who string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[who] >= l.max {
		return false
	}
	l.running[who]++
	return true
}

func (l *CallerLimit) release(who string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[who]--; l.running[who] <= 0 {
		delete(l.running, who)
	}
}
