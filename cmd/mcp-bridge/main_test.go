package main

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

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/internal/config"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        func(string) string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{name: "version", args: []string{"version"}, env: env(), wantCode: 0, wantStdout: "mcp-bridge "},
		{name: "help goes to stdout", args: []string{"help", "call"}, env: env(), wantCode: 0, wantStdout: "mcp-bridge call TOOL [FLAGS]"},
		{name: "public address without token", args: []string{"--transport", "http", "--addr", "0.0.0.0:8080"}, env: env("HOME", "/h"), wantCode: 2,
			wantStderr: "mcp-bridge: refusing to listen on 0.0.0.0:8080 (0.0.0.0) without an auth token"},
		{name: "unknown toolset", args: []string{"tools", "--toolsets", "bogus"}, env: env(), wantCode: 2, wantStderr: `unknown toolset "bogus"`},
		{name: "bad gateway URL", args: []string{"call", "list_flows"}, env: env("IMBRACE_API_KEY", "k", "IMBRACE_GATEWAY_URL", "ftp://x"), wantCode: 2,
			wantStderr: "is not an absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr, tt.env)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q, want prefix %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestInstructionsNameTheBackend(t *testing.T) {
	load := func(args []string, e func(string) string) *config.Config {
		cfg, err := config.Load(args, e)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	logger := slog.New(slog.DiscardHandler)
	tests := []struct {
		name   string
		cfg    *config.Config
		prefix string
		also   string
	}{
		{name: "sandbox", cfg: load([]string{"--sandbox-data", ":memory:"}, env()),
			prefix: "BACKEND: SANDBOX. These tools drive mcp-bridge's built-in local sandbox engine, not a real iMBRACE or Activepieces account (no iMBRACE or Activepieces credentials are set).",
			also:   "It runs only these pieces, as list_pieces shows: data-mapper, delay, http, schedule, store, tables, webhook; plus CODE steps"},
		{name: "imbrace", cfg: load(nil, env("IMBRACE_API_KEY", "k")),
			prefix: "Backend: the iMBRACE gateway https://app-gatewayv2.imbrace.co. Changes made with these tools are real."},
		{name: "activepieces read-only", cfg: load([]string{"--read-only"}, env("ACTIVEPIECES_URL", "https://ap.example/api", "ACTIVEPIECES_API_KEY", "k")),
			prefix: "Backend: the Activepieces server https://ap.example/api.", also: "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng, err := openBackend(tt.cfg, logger)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			got := instructions(tt.cfg, eng)
			if !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("instructions\n got %q\nwant prefix %q", got, tt.prefix)
			}
			if !strings.Contains(got, tt.also) {
				t.Errorf("instructions %q lack %q", got, tt.also)
			}
		})
	}
}

// TestUnusableSandboxData checks that a sandbox path whose directory cannot exist
// stops the bridge at start, and a database that cannot open fails calls at once
// with the reason.
func TestUnusableSandboxData(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"call", "list_folders", "--sandbox-data", filepath.Join(file, "sub", "x.db")},
		strings.NewReader(""), &stdout, &stderr, env())
	if code != 2 || !strings.Contains(stderr.String(), "cannot create its directory") {
		t.Errorf("directory under a file: exit %d, %q", code, stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	code = run(context.Background(), []string{"call", "get_flow", "--sandbox-data", file, "--args", `{"flowId":"AAAAAAAAAAAAAAAAAAAAA"}`},
		strings.NewReader(""), &stdout, &stderr, env())
	if code != 1 || !strings.Contains(stderr.String(), "SANDBOX_UNAVAILABLE") || !strings.Contains(stderr.String(), "not a database") {
		t.Errorf("corrupt database: exit %d, %q", code, stderr.String())
	}
}

func TestQuietRequests(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(quietRequests{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})})
	logger.Info("mcp.request", "mcp.method", "tools/list")
	logger.Info("mcp.tool", "mcp.tool.name", "list_flows")
	if out := buf.String(); strings.Contains(out, "mcp.request") || !strings.Contains(out, "mcp.tool") {
		t.Errorf("at info: %q, want the tool line only", out)
	}
	buf.Reset()
	logger = slog.New(quietRequests{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})})
	logger.Info("mcp.request", "mcp.method", "tools/list")
	if !strings.Contains(buf.String(), "level=DEBUG msg=mcp.request") {
		t.Errorf("at debug: %q, want the request line at debug", buf.String())
	}
}

func TestResultJSON(t *testing.T) {
	tests := []struct {
		name string
		res  *mcp.CallToolResult
		want string
	}{
		{name: "structured", res: mcp.NewToolResultStructured(map[string]any{"a": 1}, `{"a":1}`), want: `{"a":1}`},
		{name: "JSON text", res: mcp.NewToolResultText(`[1,2]`), want: `[1,2]`},
		{name: "plain text becomes a JSON string", res: mcp.NewToolResultText(`done`), want: `"done"`},
	}
	for _, tt := range tests {
		got, err := resultJSON(tt.res)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %s %v, want %s", tt.name, got, err, tt.want)
		}
	}
}

// TestToolPanicIsAnError checks the server is built with recovery: a panicking
// handler answers with an error and the server keeps serving.
func TestToolPanicIsAnError(t *testing.T) {
	cfg, err := config.Load([]string{"--sandbox-data", ":memory:", "--tools", "list_folders"}, env())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := openBackend(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s, names, err := newMCPServer(cfg, eng, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "list_folders" {
		t.Fatalf("registered %v", names)
	}
	s.AddTool(mcp.NewTool("boom"), func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) { panic("kaboom") })
	c, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	init := mcp.InitializeRequest{}
	init.Params.ClientInfo = mcp.Implementation{Name: "t", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		t.Fatal(err)
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = "boom"
	if _, err := c.CallTool(ctx, req); err == nil || !strings.Contains(err.Error(), "kaboom") {
		t.Errorf("panicking tool: %v, want an error that reports the panic", err)
	}
	req.Params.Name = "list_folders"
	res, err := c.CallTool(ctx, req)
	if err != nil || res.IsError {
		t.Fatalf("the server stopped serving after a panic: %v %v", err, res)
	}
}

func TestRetriedRequestsAreLogged(t *testing.T) {
	var calls atomic.Int32
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"message":"busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":[],"next":null,"previous":null}`)
	}))
	defer gateway.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"call", "list_flows", "--log-format", "json"}, strings.NewReader(""), &stdout, &stderr,
		env("IMBRACE_API_KEY", "secret-key-123", "IMBRACE_GATEWAY_URL", gateway.URL, "MCP_BRIDGE_PROJECT_ID", "p1"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	log := stderr.String()
	if !strings.Contains(log, `"msg":"upstream request failed; retrying","retry":1`) ||
		!strings.Contains(log, `"err":"GET /v1/flows: 503 Service Unavailable: busy"`) {
		t.Errorf("no log line for the retry:\n%s", log)
	}
	if strings.Contains(log, "secret-key-123") {
		t.Errorf("the log shows the API key:\n%s", log)
	}
}
