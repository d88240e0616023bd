package backend

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// Options shape the client whichever backend it reaches.
type Options struct {
	ProjectID string        // default project; discovered when empty
	Timeout   time.Duration // per upstream attempt; the client's default when zero
	Version   string        // the bridge's, for the User-Agent
	Logger    *slog.Logger  // retries and the sandbox log here; nil discards
	// OnAttempt sees every upstream attempt (see client.Config.OnAttempt).
	OnAttempt func(context.Context, client.Attempt)
	// HTTPClient, when set, carries the requests of an iMBRACE or Activepieces
	// client (the sandbox has its own transport).
	HTTPClient *http.Client
	// SandboxOptions configure the built-in sandbox when it opens.
	SandboxOptions []sandbox.Option

	delegate func(context.Context) (*client.Client, error) // see OpenPerCaller
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// clientConfig is the part of the client's configuration every backend shares.
func (o Options) clientConfig() client.Config {
	logger := o.logger()
	return client.Config{ProjectID: o.ProjectID, Timeout: o.Timeout, Version: o.Version,
		HTTPClient: o.HTTPClient, OnAttempt: o.OnAttempt, Delegate: o.delegate,
		// A retried read can hold a call for seconds (Retry-After is honoured):
		// without a line the operator sees only a slow tool.
		OnRetry: func(ctx context.Context, retry int, wait time.Duration, cause error) {
			logger.WarnContext(ctx, "upstream request failed; retrying", "retry", retry, "wait_s", wait.Seconds(), "err", cause.Error())
		}}
}

// Opened is an opened backend: the client that reaches it, and the sandbox behind
// the client when the backend is the sandbox.
type Opened struct {
	Kind    Kind
	Client  *client.Client
	Sandbox *LazySandbox // nil unless Kind is Sandbox
	Where   string       // what the client talks to, for people: "the iMBRACE gateway https://…"

	probeURL    string       // what Reachable asks; empty for the sandbox
	probeClient *http.Client // how; nil for a plain client
}

func newOpened(k Kind, cc client.Config, where string, lazy *LazySandbox) (*Opened, error) {
	c, err := client.New(cc)
	if err != nil {
		return nil, err
	}
	return &Opened{Kind: k, Client: c, Sandbox: lazy, Where: where}, nil
}

// Close releases the sandbox, if one was opened; the client holds nothing to
// release.
func (o *Opened) Close() error {
	if o.Sandbox == nil {
		return nil
	}
	return o.Sandbox.Close()
}

// Open builds the client for backend k from s and o. It does no network or
// database I/O (see openSandbox), so it is cheap enough to call per caller. Every
// error but an unresolved kind is a mistake in s the user can fix.
func Open(k Kind, s Settings, o Options) (*Opened, error) {
	d, ok := Lookup(k)
	if !ok {
		return nil, fmt.Errorf("backend %q is not resolved", k)
	}
	return d.Open(s, o)
}

// Open builds the client for this backend from s and o; see the package function
// Open.
func (d Descriptor) Open(s Settings, o Options) (*Opened, error) {
	if d.open == nil {
		return nil, fmt.Errorf("backend %q is not resolved", d.Kind)
	}
	return d.open(s, o)
}
