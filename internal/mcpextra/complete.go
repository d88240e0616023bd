package mcpextra

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// Completion bounds: one engine page per argument kind, a short wait (a
// client asks on every keystroke and drops late answers), and what the
// protocol allows in one answer.
const (
	completePage    = 100
	completeTimeout = 3 * time.Second
	maxCompletions  = 100
	// A client asks again on each keystroke: the list it filters is read once
	// for a few seconds, not once per keystroke.
	completeCacheTTL  = 5 * time.Second
	completeCacheSize = 32
)

// candidate is one value an argument may take, with the name a person knows
// it by (a flow's display name for its id), which prefixes match too.
type candidate struct{ value, label string }

// source lists the candidates of one argument kind; more is true when the
// engine had more than the page read. args are the arguments already chosen
// (a flowId narrows the runIds).
type source func(ctx context.Context, c *client.Client, args map[string]string) (cands []candidate, more bool, err error)

// sources are the completable arguments, by name. The names are the tools'
// argument names, which the views' template variables and the prompts'
// arguments reuse (sourceFolderId is move_flows' second folder).
var sources = map[string]source{
	"flowId":         flowCandidates,
	"runId":          runCandidates,
	"folderId":       folderCandidates,
	"sourceFolderId": folderCandidates,
	"tableId":        tableCandidates,
	"pieceName":      pieceCandidates,
}

// completer answers completion/complete for resource templates and prompts
// alike: what an argument may take depends on its name only.
type completer struct {
	client ClientFunc
	logger *slog.Logger

	mu    sync.Mutex
	cache map[cacheKey]cached
}

type cacheKey struct {
	client *client.Client
	arg    string
	scope  string // the arguments and typed text that changed the engine request
}

type cached struct {
	cands []candidate
	more  bool
	at    time.Time
}

func newCompleter(c ClientFunc, logger *slog.Logger) *completer {
	return &completer{client: c, logger: logger, cache: map[cacheKey]cached{}}
}

// CompleteResourceArgument completes a resource template's variable.
func (cp *completer) CompleteResourceArgument(ctx context.Context, _ string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (*mcp.Completion, error) {
	return cp.complete(ctx, arg, cc), nil
}

// CompletePromptArgument completes a prompt's argument.
func (cp *completer) CompletePromptArgument(ctx context.Context, _ string, arg mcp.CompleteArgument, cc mcp.CompleteContext) (*mcp.Completion, error) {
	return cp.complete(ctx, arg, cc), nil
}

// complete returns the candidates of arg whose value or label starts with the
// typed text, ignoring case. An engine that fails or is slow gives no
// completions rather than an error: completion is a convenience, and the
// tools report the engine's problems where they matter.
func (cp *completer) complete(ctx context.Context, arg mcp.CompleteArgument, cc mcp.CompleteContext) *mcp.Completion {
	src, ok := sources[arg.Name]
	if !ok {
		return &mcp.Completion{Values: []string{}}
	}
	cands, more, err := cp.candidates(ctx, arg, cc.Arguments, src)
	if err != nil {
		cp.logger.Debug("completion: the engine did not answer", "argument", arg.Name, "err", err)
		return &mcp.Completion{Values: []string{}}
	}
	prefix := strings.ToLower(arg.Value)
	values := []string{}
	total := 0
	for _, cand := range cands {
		if !matches(cand, prefix) {
			continue
		}
		total++
		if len(values) < maxCompletions {
			values = append(values, cand.value)
		}
	}
	return &mcp.Completion{Values: values, Total: total, HasMore: more || total > len(values)}
}

// matches reports whether the candidate's value, its label, or a piece name's
// short form ("http" for @activepieces/piece-http) starts with prefix.
func matches(c candidate, prefix string) bool {
	for _, s := range []string{c.value, c.label, shortPieceName(c.value)} {
		if s != "" && strings.HasPrefix(strings.ToLower(s), prefix) {
			return true
		}
	}
	return false
}

// candidates reads the candidates from the cache or, once it is stale, the engine.
func (cp *completer) candidates(ctx context.Context, arg mcp.CompleteArgument, args map[string]string, src source) ([]candidate, bool, error) {
	c, err := cp.client(ctx)
	if err != nil {
		return nil, false, err
	}
	key := cacheKey{client: c, arg: arg.Name}
	switch arg.Name {
	case "runId":
		key.scope = args["flowId"]
	case "pieceName":
		// Pieces are many: the engine searches by the typed name.
		key.scope = pieceQuery(arg.Value)
		args = map[string]string{"query": key.scope}
	}
	cp.mu.Lock()
	hit, ok := cp.cache[key]
	cp.mu.Unlock()
	if ok && time.Since(hit.at) < completeCacheTTL {
		return hit.cands, hit.more, nil
	}
	ctx, cancel := context.WithTimeout(ctx, completeTimeout)
	defer cancel()
	cands, more, err := src(ctx, c, args)
	if err != nil {
		return nil, false, err
	}
	cp.mu.Lock()
	defer cp.mu.Unlock()
	if len(cp.cache) >= completeCacheSize {
		clear(cp.cache) // simplest bound; a miss costs one engine page
	}
	cp.cache[key] = cached{cands: cands, more: more, at: time.Now()}
	return cands, more, nil
}
