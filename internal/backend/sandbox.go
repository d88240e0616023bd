package backend

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// errSandboxClosed answers requests that arrive after shutdown.
var errSandboxClosed = errors.New("sandbox: the engine is shut down")

// LazySandbox opens the sandbox engine the first time it is needed and then serves
// the client's requests in-process. It is an http.RoundTripper.
type LazySandbox struct {
	path string
	opts []sandbox.Option

	once      sync.Once
	engine    *sandbox.Engine
	transport http.RoundTripper
	err       error
}

// NewLazySandbox returns a sandbox on the database at path (or MemoryDatabase),
// opened with opts on first use.
func NewLazySandbox(path string, opts ...sandbox.Option) *LazySandbox {
	return &LazySandbox{path: path, opts: opts}
}

func (l *LazySandbox) open() error {
	l.once.Do(func() {
		if l.err = EnsureDataDir(l.path); l.err != nil {
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
func (l *LazySandbox) Warm() { go func() { _ = l.open() }() }

// Engine opens and returns the engine.
func (l *LazySandbox) Engine() (*sandbox.Engine, error) {
	if err := l.open(); err != nil {
		return nil, err
	}
	return l.engine, nil
}

// RoundTrip implements http.RoundTripper. When the engine cannot open, it answers
// 500 with the reason in an Activepieces-style body: a transport error would be
// retried as a network failure, and the reason would not reach the tool error.
func (l *LazySandbox) RoundTrip(req *http.Request) (*http.Response, error) {
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

// Close closes the engine if it was opened; later requests fail.
func (l *LazySandbox) Close() error {
	l.once.Do(func() { l.err = errSandboxClosed })
	if l.engine == nil {
		return nil
	}
	return l.engine.Close()
}

// EnsureDataDir creates the directory of a sandbox database file (not for
// MemoryDatabase), private to the user.
func EnsureDataDir(path string) error {
	if path == MemoryDatabase {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("--sandbox-data %s: cannot create its directory: %w", path, err)
	}
	return nil
}
