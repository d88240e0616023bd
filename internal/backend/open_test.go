package backend

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func TestOpenDescribesWhere(t *testing.T) {
	tests := []struct {
		kind   Kind
		s      Settings
		where  string
		layout client.Layout
	}{
		{Imbrace, creds("IMBRACE_API_KEY", "k"), "the iMBRACE gateway https://app-gatewayv2.imbrace.co", client.LayoutGateway},
		{Imbrace, Settings{Imbrace: ImbraceSettings{APIKey: "k", Env: "develop"}}, "the iMBRACE gateway https://app-gateway.dev.imbrace.co", client.LayoutGateway},
		{Imbrace, creds("IMBRACE_API_KEY", "k", "IMBRACE_GATEWAY_URL", "http://127.0.0.1:9"), "the iMBRACE gateway http://127.0.0.1:9", client.LayoutGateway},
		{Activepieces, creds("ACTIVEPIECES_URL", "https://ap.example/api", "ACTIVEPIECES_API_KEY", "a"), "the Activepieces server https://ap.example/api", client.LayoutActivepieces},
		{Sandbox, Settings{SandboxData: MemoryDatabase}, "the built-in sandbox engine (state in :memory:)", client.LayoutGateway},
	}
	for _, tt := range tests {
		o, err := Open(tt.kind, tt.s, Options{})
		if err != nil {
			t.Fatalf("Open(%q): %v", tt.kind, err)
		}
		if o.Kind != tt.kind || o.Where != tt.where || o.Client.Layout() != tt.layout || (o.Sandbox != nil) != (tt.kind == Sandbox) {
			t.Errorf("Open(%q) = kind %q, where %q, layout %q, sandbox %v", tt.kind, o.Kind, o.Where, o.Client.Layout(), o.Sandbox != nil)
		}
		if err := o.Close(); err != nil {
			t.Errorf("Close(%q): %v", tt.kind, err)
		}
	}
}

func TestOpenRejectsBadSettings(t *testing.T) {
	if _, err := Open(Imbrace, creds("IMBRACE_API_KEY", "k", "IMBRACE_GATEWAY_URL", "ftp://x"), Options{}); err == nil ||
		!strings.Contains(err.Error(), "is not an absolute http(s) URL") {
		t.Errorf("bad gateway URL: %v", err)
	}
	if _, err := Open(Activepieces, creds("ACTIVEPIECES_API_KEY", "a"), Options{}); err == nil ||
		!strings.Contains(err.Error(), "the Activepieces URL is not set") {
		t.Errorf("no Activepieces URL: %v", err)
	}
}

// TestOpenSendsTheCredentials checks the settings' credentials reach the engine in
// each backend's style: a client opened for one caller speaks for that caller.
func TestOpenSendsTheCredentials(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Clone())
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[],"next":null,"previous":null}`)
	}))
	defer srv.Close()
	tests := []struct {
		kind         Kind
		s            Settings
		header, want string
		without      string
	}{
		{Imbrace, creds("IMBRACE_API_KEY", "caller-key", "IMBRACE_ORGANIZATION_ID", "org", "IMBRACE_GATEWAY_URL", srv.URL), "x-api-key", "caller-key", "Authorization"},
		{Activepieces, creds("ACTIVEPIECES_URL", srv.URL+"/api", "ACTIVEPIECES_API_KEY", "caller-ap-key"), "Authorization", "Bearer caller-ap-key", "x-api-key"},
	}
	for _, tt := range tests {
		o, err := Open(tt.kind, tt.s, Options{ProjectID: "p1", Version: "9.9.9"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.Client.ListFolders(context.Background(), "", client.Page{}); err != nil {
			t.Fatalf("%q: %v", tt.kind, err)
		}
		h := got.Load().(http.Header)
		if h.Get(tt.header) != tt.want || h.Get(tt.without) != "" || !strings.Contains(h.Get("User-Agent"), "9.9.9") {
			t.Errorf("%q: sent %v; want %s: %s and no %s", tt.kind, h, tt.header, tt.want, tt.without)
		}
	}
}

func TestOpenLogsRetries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"message":"busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":[],"next":null,"previous":null}`)
	}))
	defer srv.Close()
	var log bytes.Buffer
	o, err := Open(Imbrace, creds("IMBRACE_API_KEY", "k", "IMBRACE_GATEWAY_URL", srv.URL),
		Options{ProjectID: "p1", Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Client.ListFolders(context.Background(), "", client.Page{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), `msg="upstream request failed; retrying" retry=1`) {
		t.Errorf("no line for the retry: %q", log.String())
	}
}

// TestOpenSandboxLazily checks opening the sandbox does no database work: the
// engine opens on the first request, and after Close requests are answered with
// the reason rather than a transport error.
func TestOpenSandboxLazily(t *testing.T) {
	o, err := Open(Sandbox, Settings{SandboxData: MemoryDatabase}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Sandbox.engine != nil {
		t.Fatal("the sandbox opened before it was needed")
	}
	if _, err := o.Client.ListFolders(context.Background(), "", client.Page{}); err != nil {
		t.Fatalf("first request: %v", err)
	}
	if o.Sandbox.engine == nil {
		t.Fatal("the sandbox did not open on the first request")
	}
	if e, err := o.Sandbox.Engine(); err != nil || e != o.Sandbox.engine {
		t.Errorf("Engine = %v, %v; want the open engine", e, err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}

	closed := NewLazySandbox(MemoryDatabase)
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	resp, err := closed.RoundTrip(httptest.NewRequest("GET", "http://sandbox.invalid/x", nil))
	if err != nil || resp.StatusCode != 500 {
		t.Fatalf("request after Close: %v %v, want a 500 answer", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"code":"SANDBOX_UNAVAILABLE"`) || !strings.Contains(string(body), errSandboxClosed.Error()) {
		t.Errorf("body %s", body)
	}
	if _, err := closed.Engine(); err != errSandboxClosed {
		t.Errorf("Engine after Close: %v", err)
	}
}

// TestOpenSandboxFile checks a file sandbox gets a private directory at Open, so a
// bad path fails at start, while the database file waits for the first request.
func TestOpenSandboxFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "mcp-bridge")
	path := filepath.Join(dir, "sandbox.db")
	o, err := Open(Sandbox, Settings{SandboxData: path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("data directory: %v %v, want mode 0700", fi, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the database exists before the first request: %v", err)
	}

	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Sandbox, Settings{SandboxData: filepath.Join(file, "x.db")}, Options{}); err == nil ||
		!strings.Contains(err.Error(), "--sandbox-data "+filepath.Join(file, "x.db")+": cannot create its directory") {
		t.Errorf("directory under a file: %v", err)
	}
}
