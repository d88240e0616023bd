package config

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestAutoBackend(t *testing.T) {
	tests := []struct {
		name       string
		env        func(string) string
		args       []string
		want       backend.Kind
		wantReason string
	}{
		{name: "nothing set uses the sandbox", env: env("HOME", "/home/u"), want: backend.Sandbox,
			wantReason: "no iMBRACE or Activepieces credentials are set"},
		{name: "api key picks imbrace", env: env("IMBRACE_API_KEY", "k"), want: backend.Imbrace,
			wantReason: "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN is set"},
		{name: "access token picks imbrace", env: env("IMBRACE_ACCESS_TOKEN", "t"), want: backend.Imbrace},
		{name: "imbrace wins over activepieces", env: env("IMBRACE_API_KEY", "k", "ACTIVEPIECES_URL", "https://ap.example/api", "ACTIVEPIECES_API_KEY", "a"), want: backend.Imbrace},
		{name: "activepieces url and key", env: env("ACTIVEPIECES_URL", "https://ap.example/api", "ACTIVEPIECES_API_KEY", "a"), want: backend.Activepieces,
			wantReason: "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY are set"},
		{name: "activepieces url alone falls back to the sandbox and says why", env: env("HOME", "/h", "ACTIVEPIECES_URL", "https://ap.example/api"), want: backend.Sandbox,
			wantReason: "no iMBRACE or Activepieces credentials are set (ACTIVEPIECES_URL is set but ACTIVEPIECES_API_KEY is not)"},
		{name: "explicit sandbox despite credentials", env: env("HOME", "/h", "IMBRACE_API_KEY", "k"), args: []string{"--backend", "sandbox"}, want: backend.Sandbox,
			wantReason: "asked for with --backend"},
		{name: "backend from the environment", env: env("HOME", "/h", "MCP_BRIDGE_BACKEND", "SANDBOX", "IMBRACE_API_KEY", "k"), want: backend.Sandbox,
			wantReason: "asked for with MCP_BRIDGE_BACKEND"},
		{name: "an unsubstituted bundle placeholder is not a credential", env: env("HOME", "/h", "IMBRACE_API_KEY", "${user_config.imbrace_api_key}"), want: backend.Sandbox},
		{name: "flag wins over environment", env: env("MCP_BRIDGE_BACKEND", "sandbox", "IMBRACE_API_KEY", "k"), args: []string{"--backend=imbrace"}, want: backend.Imbrace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load(tt.args, tt.env)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if cfg.Backend != tt.want {
				t.Errorf("Backend = %q, want %q", cfg.Backend, tt.want)
			}
			if tt.wantReason != "" && cfg.BackendReason != tt.wantReason {
				t.Errorf("BackendReason = %q, want %q", cfg.BackendReason, tt.wantReason)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{name: "unknown backend names the valid ones", args: []string{"--backend", "zapier"}, env: env(),
			want: `--backend: unknown backend "zapier": use auto, imbrace, activepieces or sandbox`},
		{name: "unknown backend from env names the variable", env: env("MCP_BRIDGE_BACKEND", "x"),
			want: `MCP_BRIDGE_BACKEND: unknown backend "x": use auto, imbrace, activepieces or sandbox`},
		{name: "imbrace without credentials", args: []string{"--backend", "imbrace"}, env: env(),
			want: "--backend imbrace needs IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN"},
		{name: "activepieces without key", args: []string{"--backend", "activepieces"}, env: env("ACTIVEPIECES_URL", "https://x/api"),
			want: "--backend activepieces needs ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY"},
		{name: "unknown imbrace env preset", env: env("IMBRACE_API_KEY", "k", "IMBRACE_ENV", "prod"),
			want: `IMBRACE_ENV: unknown preset "prod": use develop, prodv2, sandbox, stable, or set IMBRACE_GATEWAY_URL`},
		{name: "unknown transport", args: []string{"--transport", "grpc"}, env: env("HOME", "/h"),
			want: `--transport: unknown transport "grpc": use stdio, sse or http`},
		{name: "stateless needs http", args: []string{"--stateless"}, env: env("HOME", "/h"),
			want: "--stateless applies only to --transport http, not stdio"},
		{name: "bad timeout", env: env("HOME", "/h", "IMBRACE_TIMEOUT", "soon"),
			want: `IMBRACE_TIMEOUT: "soon" is not a positive number of seconds (e.g. 30)`},
		{name: "negative timeout", env: env("HOME", "/h", "IMBRACE_TIMEOUT", "-1"),
			want: `IMBRACE_TIMEOUT: "-1" is not a positive number of seconds (e.g. 30)`},
		{name: "timeout that overflows", env: env("HOME", "/h", "IMBRACE_TIMEOUT", "1e12"),
			want: `IMBRACE_TIMEOUT: "1e12" is out of range: give between 0.001 and 86400 seconds`},
		{name: "timeout that rounds to zero", env: env("HOME", "/h", "IMBRACE_TIMEOUT", "1e-12"),
			want: `IMBRACE_TIMEOUT: "1e-12" is out of range: give between 0.001 and 86400 seconds`},
		{name: "bad log level", args: []string{"--log-level", "loud"}, env: env("HOME", "/h"),
			want: `--log-level: unknown log level "loud": use debug, info, warn or error`},
		{name: "bad log format", env: env("HOME", "/h", "MCP_BRIDGE_LOG_FORMAT", "xml"),
			want: `MCP_BRIDGE_LOG_FORMAT: unknown log format "xml": use text or json`},
		{name: "bad boolean env", env: env("HOME", "/h", "MCP_BRIDGE_READ_ONLY", "yes please"),
			want: `MCP_BRIDGE_READ_ONLY: "yes please" is not a boolean: use true or false`},
		{name: "public address without token", args: []string{"--transport", "http", "--addr", "0.0.0.0:8080"}, env: env("HOME", "/h"),
			want: "refusing to listen on 0.0.0.0:8080 (0.0.0.0) without an auth token: set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE, or listen on 127.0.0.1"},
		{name: "all interfaces without token", args: []string{"--transport", "sse", "--addr", ":9000"}, env: env("HOME", "/h"),
			want: "refusing to listen on :9000 (all interfaces) without an auth token: set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE, or listen on 127.0.0.1"},
		{name: "a host name is not trusted as loopback", args: []string{"--transport", "http", "--addr", "example.com:80"}, env: env("HOME", "/h"),
			want: "refusing to listen on example.com:80 (example.com) without an auth token: set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE, or listen on 127.0.0.1"},
		{name: "address without port", args: []string{"--transport", "http", "--addr", "localhost"}, env: env("HOME", "/h"),
			want: `--addr: "localhost" is not host:port (e.g. 127.0.0.1:8080)`},
		{name: "token and token file", env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN", "a", "MCP_BRIDGE_AUTH_TOKEN_FILE", empty),
			want: "set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE, not both"},
		{name: "empty token file", env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN_FILE", empty),
			want: "MCP_BRIDGE_AUTH_TOKEN_FILE: " + empty + " is empty"},
		{name: "missing token file", env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN_FILE", filepath.Join(dir, "nope")),
			want: "MCP_BRIDGE_AUTH_TOKEN_FILE: open " + filepath.Join(dir, "nope") + ": no such file or directory"},
		{name: "standalone sandbox on a public address", args: []string{"sandbox", "--addr", "0.0.0.0:8081"}, env: env("HOME", "/h"),
			want: "refusing to listen on 0.0.0.0:8081 (0.0.0.0) without an auth token: set MCP_BRIDGE_SANDBOX_API_KEYS, or listen on 127.0.0.1"},
		{name: "unknown command", args: []string{"start"}, env: env(),
			want: `unknown command "start": use serve, tools, call, sandbox, version or help`},
		{name: "unknown flag", args: []string{"--verbose"}, env: env(),
			want: "serve: flag provided but not defined: -verbose (run 'mcp-bridge help serve')"},
		{name: "call without a tool", args: []string{"call"}, env: env("HOME", "/h"),
			want: "call: name the tool to call: mcp-bridge call TOOL --args '{...}' (mcp-bridge tools lists them)"},
		{name: "stray argument", args: []string{"serve", "extra"}, env: env("HOME", "/h"),
			want: `serve: unexpected argument "extra" (run 'mcp-bridge help serve')`},
		{name: "no state dir", env: env(),
			want: "--sandbox-data: no default location (neither XDG_STATE_HOME nor HOME is set): give a path, or :memory:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.args, tt.env)
			if err == nil {
				t.Fatalf("Load succeeded, want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
		})
	}
}

func TestLoadValues(t *testing.T) {
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret-token-0123456\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("defaults", func(t *testing.T) {
		cfg, err := Load(nil, env("HOME", "/home/u"))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Command != CommandServe || cfg.Transport != TransportStdio || cfg.Addr != "127.0.0.1:8080" ||
			cfg.LogLevel != slog.LevelInfo || cfg.LogFormat != LogFormatText || cfg.ReadOnly || cfg.Stateless {
			t.Errorf("unexpected defaults: %+v", cfg)
		}
		if cfg.SandboxData != "/home/u/.local/state/mcp-bridge/sandbox.db" {
			t.Errorf("SandboxData = %q", cfg.SandboxData)
		}
		if cfg.Timeout != 0 {
			t.Errorf("Timeout = %v, want 0 (client default)", cfg.Timeout)
		}
	})
	t.Run("xdg state home", func(t *testing.T) {
		cfg, err := Load(nil, env("HOME", "/home/u", "XDG_STATE_HOME", "/state"))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.SandboxData != "/state/mcp-bridge/sandbox.db" {
			t.Errorf("SandboxData = %q", cfg.SandboxData)
		}
	})
	t.Run("everything set", func(t *testing.T) {
		cfg, err := Load([]string{"serve", "--transport", "http", "--stateless", "--addr", "0.0.0.0:9999",
			"--toolsets", "flows, runs", "--tools", "get_flow", "--exclude-tools", "delete_flow,", "--read-only",
			"--log-level", "debug", "--log-format", "json", "--sandbox-data", ":memory:", "--project-id", "p1"},
			env("IMBRACE_API_KEY", "key", "IMBRACE_ORGANIZATION_ID", "org", "IMBRACE_ENV", "develop", "IMBRACE_TIMEOUT", "2.5",
				"MCP_BRIDGE_AUTH_TOKEN_FILE", tokenFile))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Backend != backend.Imbrace || cfg.Imbrace.APIKey != "key" || cfg.Imbrace.OrganizationID != "org" || cfg.Imbrace.Env != "develop" {
			t.Errorf("imbrace settings: %+v %+v", cfg.Backend, cfg.Imbrace)
		}
		if cfg.Timeout != 2500*time.Millisecond {
			t.Errorf("Timeout = %v", cfg.Timeout)
		}
		if cfg.AuthToken != "s3cret-token-0123456" {
			t.Errorf("AuthToken = %q, want the file's content without the newline", cfg.AuthToken)
		}
		if strings.Join(cfg.Toolsets, "|") != "flows|runs" || strings.Join(cfg.Tools, "|") != "get_flow" || strings.Join(cfg.ExcludeTools, "|") != "delete_flow" {
			t.Errorf("filters: %q %q %q", cfg.Toolsets, cfg.Tools, cfg.ExcludeTools)
		}
		if !cfg.ReadOnly || !cfg.Stateless || cfg.LogLevel != slog.LevelDebug || cfg.LogFormat != LogFormatJSON ||
			cfg.SandboxData != backend.MemoryDatabase || cfg.ProjectID != "p1" || cfg.Addr != "0.0.0.0:9999" {
			t.Errorf("unexpected: %+v", cfg)
		}
		if got := strings.Join(cfg.Secrets(), "|"); got != "key|s3cret-token-0123456" {
			t.Errorf("Secrets = %q", got)
		}
	})
	t.Run("loopback addresses need no token", func(t *testing.T) {
		for _, addr := range []string{"127.0.0.1:0", "localhost:8080", "[::1]:8080", "127.1.2.3:80"} {
			if _, err := Load([]string{"--transport", "http", "--addr", addr}, env("HOME", "/h")); err != nil {
				t.Errorf("%s: %v", addr, err)
			}
		}
	})
	t.Run("call takes the tool before or after flags", func(t *testing.T) {
		for _, args := range [][]string{
			{"call", "get_flow", "--args", `{"flowId":"f"}`},
			{"call", "--args", `{"flowId":"f"}`, "get_flow"},
		} {
			cfg, err := Load(args, env("HOME", "/h"))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Command != CommandCall || cfg.ToolName != "get_flow" || cfg.ArgsJSON != `{"flowId":"f"}` {
				t.Errorf("%q: %+v", args, cfg)
			}
		}
	})
	t.Run("--version", func(t *testing.T) {
		cfg, err := Load([]string{"--version"}, env())
		if err != nil || cfg.Command != CommandVersion {
			t.Errorf("%+v %v", cfg, err)
		}
	})
	t.Run("tool filters from the environment", func(t *testing.T) {
		cfg, err := Load([]string{"tools"}, env("MCP_BRIDGE_TOOLSETS", "runs", "MCP_BRIDGE_TOOLS", "get_run,list_runs", "MCP_BRIDGE_EXCLUDE_TOOLS", "list_runs", "MCP_BRIDGE_READ_ONLY", "true"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(cfg.Toolsets, ",") != "runs" || strings.Join(cfg.Tools, ",") != "get_run,list_runs" || strings.Join(cfg.ExcludeTools, ",") != "list_runs" || !cfg.ReadOnly {
			t.Errorf("%+v", cfg)
		}
	})
	t.Run("tools --json", func(t *testing.T) {
		cfg, err := Load([]string{"tools", "--json", "--read-only"}, env())
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.JSON || !cfg.ReadOnly || cfg.Command != CommandTools {
			t.Errorf("%+v", cfg)
		}
	})
	t.Run("standalone sandbox with keys on a public address", func(t *testing.T) {
		cfg, err := Load([]string{"sandbox", "--addr", "0.0.0.0:8081", "--sandbox-data", ":memory:"}, env("MCP_BRIDGE_SANDBOX_API_KEYS", "a,b"))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Addr != "0.0.0.0:8081" || strings.Join(cfg.SandboxAPIKeys, ",") != "a,b" {
			t.Errorf("%+v", cfg)
		}
	})
}

func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		topic string
	}{
		{args: []string{"--help"}}, {args: []string{"-h"}}, {args: []string{"help"}}, {args: []string{"--transport", "http", "-help"}},
		{args: []string{"call", "--help"}, topic: "call"}, {args: []string{"help", "sandbox"}, topic: "sandbox"}, {args: []string{"serve", "-h"}, topic: "serve"},
	} {
		_, err := Load(tt.args, env())
		var help *HelpRequested
		if !errors.As(err, &help) {
			t.Fatalf("%q: err = %v, want HelpRequested", tt.args, err)
		}
		if help.Topic != tt.topic {
			t.Errorf("%q: topic %q, want %q", tt.args, help.Topic, tt.topic)
		}
	}
	text := Usage("")
	for _, o := range slices.Concat(groupConnection, groupTransport, groupHTTP, groupServeLimits, groupTools, groupLogging) {
		name := o.Env
		if o.Flag != "" {
			name = "--" + o.Flag
		}
		if !strings.Contains(text, name) {
			t.Errorf("help does not mention %s", name)
		}
		if o.Env != "" && !strings.Contains(text, o.Env) {
			t.Errorf("help does not mention %s", o.Env)
		}
	}
	for _, want := range []string{"MCP_BRIDGE_SANDBOX_API_KEYS", "--args VALUE", "--json", "[env MCP_BRIDGE_ADDR, default 127.0.0.1:8080]", "Commands:", "mcp-bridge call TOOL [FLAGS]", "default auto"} {
		if !strings.Contains(text, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestSandboxEgress(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"sandbox", "--sandbox-data", ":memory:"}, nil, "public"},
		{[]string{"sandbox", "--sandbox-data", ":memory:"}, []string{"MCP_BRIDGE_SANDBOX_EGRESS", "loopback"}, "loopback"},
		{[]string{"sandbox", "--sandbox-data", ":memory:", "--sandbox-egress", "none"}, []string{"MCP_BRIDGE_SANDBOX_EGRESS", "all"}, "none"},
		{[]string{"serve", "--backend", "sandbox", "--sandbox-data", ":memory:", "--sandbox-egress", "Private"}, nil, "private"},
	} {
		cfg, err := Load(tc.args, env(append([]string{"HOME", "/h"}, tc.env...)...))
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if string(cfg.SandboxEgress) != tc.want || string(cfg.BackendSettings().SandboxEgress) != tc.want {
			t.Errorf("%v %v: egress %q, want %q", tc.args, tc.env, cfg.SandboxEgress, tc.want)
		}
	}
	_, err := Load([]string{"sandbox", "--sandbox-data", ":memory:"}, env("MCP_BRIDGE_SANDBOX_EGRESS", "open"))
	if err == nil || !strings.Contains(err.Error(), "MCP_BRIDGE_SANDBOX_EGRESS: egress policy must be one of public, loopback, private, all, none") {
		t.Errorf("a bad egress setting: %v", err)
	}
}
