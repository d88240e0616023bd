package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// engine is the client of the chosen backend, and the sandbox behind it if any.
type engine struct {
	client  *client.Client
	sandbox *lazySandbox // nil unless the backend is the sandbox
	where   string       // human description of what the client talks to
}

// Close releases the sandbox, if one was opened.
func (e *engine) Close() error {
	if e.sandbox == nil {
		return nil
	}
	return e.sandbox.Close()
}

// openEngine builds the client for cfg's backend. It does no I/O: the sandbox opens
// its database on first use (or when warmed), so start-up stays fast.
func openEngine(cfg *config.Config, logger *slog.Logger) (*engine, error) {
	cc := client.Config{ProjectID: cfg.ProjectID, Timeout: cfg.Timeout, Version: bridgeVersion(),
		// A retried read can hold a call for seconds (Retry-After is honoured):
		// without a line the operator sees only a slow tool.
		OnRetry: func(retry int, wait time.Duration, cause error) {
			logger.Warn("upstream request failed; retrying", "retry", retry, "wait_s", wait.Seconds(), "err", cause.Error())
		}}
	e := &engine{}
	switch cfg.Backend {
	case config.BackendImbrace:
		cc.Layout = client.LayoutGateway
		cc.Env, cc.GatewayURL = cfg.Imbrace.Env, cfg.Imbrace.GatewayURL
		cc.APIKey, cc.AccessToken, cc.OrganizationID = cfg.Imbrace.APIKey, cfg.Imbrace.AccessToken, cfg.Imbrace.OrganizationID
		e.where = "the iMBRACE gateway " + gatewayOf(cfg.Imbrace)
	case config.BackendActivepieces:
		cc.Layout = client.LayoutActivepieces
		cc.ActivepiecesURL, cc.ActivepiecesAPIKey = cfg.Activepieces.URL, cfg.Activepieces.APIKey
		e.where = "the Activepieces server " + cfg.Activepieces.URL
	case config.BackendSandbox:
		// Creating the directory is cheap and catches a bad path at start; opening
		// the database waits for the first call.
		if err := ensureDataDir(cfg.SandboxData); err != nil {
			return nil, usageError{err}
		}
		e.sandbox = &lazySandbox{path: cfg.SandboxData, opts: []sandbox.Option{sandbox.WithLogger(logger.With("component", "sandbox"))}}
		cc.Layout = client.LayoutGateway
		cc.GatewayURL = sandbox.InProcessBaseURL
		cc.HTTPClient = &http.Client{Transport: e.sandbox}
		e.where = "the built-in sandbox engine (state in " + cfg.SandboxData + ")"
	default:
		return nil, fmt.Errorf("backend %q is not resolved", cfg.Backend)
	}
	c, err := client.New(cc)
	if err != nil {
		return nil, usageError{err}
	}
	e.client = c
	return e, nil
}

func gatewayOf(im config.ImbraceSettings) string {
	if im.GatewayURL != "" {
		return im.GatewayURL
	}
	env := im.Env
	if env == "" {
		env = "stable"
	}
	return workflows.GatewayPresets[env]
}

// errSandboxClosed answers requests that arrive after shutdown.
var errSandboxClosed = errors.New("sandbox: the engine is shut down")

// lazySandbox opens the sandbox engine the first time it is needed and then serves
// the client's requests in-process. It is an http.RoundTripper.
type lazySandbox struct {
	path string
	opts []sandbox.Option

	once      sync.Once
	engine    *sandbox.Engine
	transport http.RoundTripper
	err       error
}

func (l *lazySandbox) open() error {
	l.once.Do(func() {
		if l.err = ensureDataDir(l.path); l.err != nil {
			return
		}
		l.engine, l.err = sandbox.Open(l.path, l.opts...)
		if l.err == nil {
			l.transport = l.engine.HTTPClient().Transport
		}
	})
	return l.err
}

// Warm opens the engine in the background so the first call does not wait for it.
func (l *lazySandbox) Warm() { go func() { _ = l.open() }() }

// Engine opens and returns the engine.
func (l *lazySandbox) Engine() (*sandbox.Engine, error) {
	if err := l.open(); err != nil {
		return nil, err
	}
	return l.engine, nil
}

// RoundTrip implements http.RoundTripper. When the engine cannot open, it answers
// 500 with the reason in an Activepieces-style body: a transport error would be
// retried as a network failure, and the reason would not reach the tool error.
func (l *lazySandbox) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := l.open(); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		body, _ := json.Marshal(map[string]any{"statusCode": http.StatusInternalServerError, "code": "SANDBOX_UNAVAILABLE",
			"error": "Internal Server Error", "message": err.Error()})
		return &http.Response{
			Status: "500 Internal Server Error", StatusCode: http.StatusInternalServerError,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:        http.Header{"Content-Type": {"application/json"}},
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
			Request:       req,
		}, nil
	}
	return l.transport.RoundTrip(req)
}

// ensureDataDir creates the directory of a sandbox database file (not for
// :memory:), private to the user.
func ensureDataDir(path string) error {
	if path == config.MemoryDatabase {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("--sandbox-data %s: cannot create its directory: %w", path, err)
	}
	return nil
}

// Close closes the engine if it was opened; later requests fail.
func (l *lazySandbox) Close() error {
	l.once.Do(func() { l.err = errSandboxClosed })
	if l.engine == nil {
		return nil
	}
	return l.engine.Close()
}
