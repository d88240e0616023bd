package mcpextra

import (
	"context"
	"errors"
	"log/slog"
	"slices"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// ClientFunc returns the engine client that serves the request in ctx. A
// single-tenant server always returns the same one (Fixed); a hosted server
// may pick one per caller.
type ClientFunc func(ctx context.Context) (*client.Client, error)

// Fixed serves every request with c.
func Fixed(c *client.Client) ClientFunc {
	return func(context.Context) (*client.Client, error) { return c, nil }
}

// Options configure the extras.
type Options struct {
	// Client gives each request its engine client. Required.
	Client ClientFunc
	// Logger receives what happens to subscriptions; nil discards it.
	Logger *slog.Logger
	// Watch bounds subscriptions; zero fields take the defaults.
	Watch WatchLimits
	// Resolvers make more URIs subscribable; run URIs always are.
	Resolvers []Resolver
}

// Extras holds the resources, subscriptions, completions and prompts of one
// MCP server.
type Extras struct {
	client   ClientFunc
	logger   *slog.Logger
	views    []View
	refs     []Reference
	prompts  []Prompt
	subs     *Subscriptions
	complete *completer
}

// New builds the extras with the bridge's views, reference text and prompts.
// Nothing is registered and no engine is called until Register and the first
// request that needs it.
func New(opts Options) *Extras {
	if opts.Client == nil {
		opts.Client = func(context.Context) (*client.Client, error) {
			return nil, errors.New("mcpextra: no engine client configured")
		}
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	x := &Extras{client: opts.Client, logger: logger, views: Views(), refs: References(), prompts: Prompts()}
	resolvers := append([]Resolver{x.resolveRun}, opts.Resolvers...)
	x.subs = NewSubscriptions(resolvers, opts.Watch, logger)
	x.complete = newCompleter(opts.Client, logger)
	return x
}

// AddView adds a resource template backed by a read tool; call it before Register.
func (x *Extras) AddView(v View) { x.views = append(x.views, v) }

// AddReference adds a reference text resource; call it before Register.
func (x *Extras) AddReference(r Reference) { x.refs = append(x.refs, r) }

// Subscriptions is the registry of watched resources, for features that make
// more URIs subscribable or notify about them.
func (x *Extras) Subscriptions() *Subscriptions { return x.subs }

// ServerOptions turns on the resource (with subscribe), prompt and completion
// capabilities, installs the completion providers, and adds the subscription
// hooks to the server's hooks (creating them when none are set yet). Apply it
// after any server.WithHooks, which would replace the hooks it added.
func (x *Extras) ServerOptions() []server.ServerOption {
	return []server.ServerOption{
		server.WithResourceCapabilities(true, false),
		server.WithPromptCapabilities(false),
		server.WithCompletions(),
		server.WithResourceCompletionProvider(x.complete),
		server.WithPromptCompletionProvider(x.complete),
		// A panicking view must fail its read, not the process.
		server.WithResourceRecovery(),
		func(s *server.MCPServer) {
			hooks := s.GetHooks()
			if hooks == nil {
				hooks = &server.Hooks{}
				server.WithHooks(hooks)(s)
			}
			x.subs.Attach(hooks)
		},
	}
}

// Register adds the views, the reference resources and the prompts to s.
// toolNames are the tools s serves: a prompt whose recipe needs a tool that is
// not among them (read-only mode, --tools) is left out, so no prompt tells the
// model to call a tool it does not have.
func (x *Extras) Register(s *server.MCPServer, toolNames []string) {
	for _, v := range x.views {
		s.AddResourceTemplate(v.template(), x.readView(v))
	}
	for _, r := range x.refs {
		s.AddResource(r.resource(), r.read)
	}
	for _, p := range x.prompts {
		if p.available(toolNames) {
			s.AddPrompt(p.definition(), p.get)
		}
	}
}

// Close stops every watch. The server stops them itself as sessions end; Close
// is for a server that is shut down while sessions are still open, and tests.
func (x *Extras) Close() { x.subs.Close() }

// textContents is one JSON or text resource body.
func textContents(uri, mimeType, text string) []mcp.ResourceContents {
	return []mcp.ResourceContents{mcp.TextResourceContents{URI: uri, MIMEType: mimeType, Text: text}}
}

// has reports whether name is among names.
func has(names []string, name string) bool { return slices.Contains(names, name) }
