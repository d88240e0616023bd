package client

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
)

// seen is one request as the fake engine received it.
type seen struct {
	Method   string
	Path     string // escaped, as on the wire
	RawQuery string
	Header   http.Header
	Body     []byte
}

// engine is an httptest server standing in for the gateway or Activepieces. It
// records every request and answers with reply.
type engine struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	reqs  []seen
	reply http.HandlerFunc
}

func newEngine(t *testing.T, reply http.HandlerFunc) *engine {
	t.Helper()
	e := &engine{t: t, reply: reply}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		path, query, _ := strings.Cut(r.RequestURI, "?")
		e.mu.Lock()
		e.reqs = append(e.reqs, seen{Method: r.Method, Path: path, RawQuery: query, Header: r.Header.Clone(), Body: body})
		e.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		e.reply(w, r)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func (e *engine) requests() []seen {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]seen(nil), e.reqs...)
}

func (e *engine) count() int { return len(e.requests()) }

// only returns the single request the engine received.
func (e *engine) only() seen {
	e.t.Helper()
	reqs := e.requests()
	if len(reqs) != 1 {
		e.t.Fatalf("engine got %d requests, want 1: %+v", len(reqs), reqs)
	}
	return reqs[0]
}

// answer replies with a status, a JSON or text body and extra headers.
func answer(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if w.Header().Get("Content-Type") == "" && body != "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// fastRetries keeps backoff waits tiny so retry tests run in microseconds.
func fastRetries(cfg Config) Config {
	cfg.RetryBaseWait = time.Microsecond
	cfg.RetryMaxWait = time.Millisecond
	return cfg
}

func mustNew(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// imbraceConfig reaches e through its gateway layout with an API key.
func imbraceConfig(e *engine) Config {
	return fastRetries(Config{Layout: LayoutGateway, GatewayURL: e.srv.URL, APIKey: "api_test_key_1234", OrganizationID: "org_1", Version: "1.2.3"})
}

// activepiecesConfig reaches e through Activepieces' layout with a platform key.
func activepiecesConfig(e *engine) Config {
	return fastRetries(Config{Layout: LayoutActivepieces, ActivepiecesURL: e.srv.URL + "/api", ActivepiecesAPIKey: "sk-test-key-5678", Version: "1.2.3"})
}

// roundTrips fails unless encoding v gives back every member of original.
func roundTrips(t *testing.T, what string, original []byte, v any) {
	t.Helper()
	again, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: encoding: %v", what, err)
	}
	jsontest.Same(t, what+" round trip", original, again)
}
