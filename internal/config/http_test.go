package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestLoadLimits(t *testing.T) {
	cfg, err := Load(nil, env("HOME", "/home/u"))
	if err != nil {
		t.Fatal(err)
	}
	want := HTTPSettings{ReadHeaderTimeout: 10 * time.Second, BodyTimeout: 30 * time.Second, IdleTimeout: time.Minute,
		MaxConns: 512, MaxBodyBytes: 4 << 20, SessionIdleTTL: 10 * time.Minute}
	if !reflect.DeepEqual(cfg.HTTP, want) || cfg.Stdio != (StdioSettings{Workers: 64, Queue: 256}) {
		t.Errorf("defaults: %+v %+v", cfg.HTTP, cfg.Stdio)
	}
	cfg, err = Load([]string{"--read-header-timeout", "2", "--body-timeout", "1.5", "--idle-timeout", "2m", "--max-conns", "0",
		"--max-body-bytes", "64KiB", "--session-idle-ttl", "90s", "--stdio-workers", "100", "--stdio-queue", "0",
		"--allowed-hosts", "mcp.example.com, proxy:8443", "--allowed-origins", "https://app.example.com"},
		env("HOME", "/home/u", "MCP_BRIDGE_MAX_CONNS", "7", "MCP_BRIDGE_ALLOWED_HOSTS", "ignored.example"))
	if err != nil {
		t.Fatal(err)
	}
	want = HTTPSettings{ReadHeaderTimeout: 2 * time.Second, BodyTimeout: 1500 * time.Millisecond, IdleTimeout: 2 * time.Minute,
		MaxConns: 0, MaxBodyBytes: 64 << 10, SessionIdleTTL: 90 * time.Second,
		AllowedHosts: []string{"mcp.example.com", "proxy:8443"}, AllowedOrigins: []string{"https://app.example.com"}}
	if !reflect.DeepEqual(cfg.HTTP, want) || cfg.Stdio != (StdioSettings{Workers: 100, Queue: 0}) {
		t.Errorf("flags: %+v %+v", cfg.HTTP, cfg.Stdio)
	}
	cfg, err = Load([]string{"sandbox", "--allowed-origins", "*"}, env("HOME", "/h", "MCP_BRIDGE_MAX_BODY_BYTES", "1000"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HTTP.MaxBodyBytes != 1000 || cfg.HTTP.AllowedOrigins[0] != "*" || cfg.HTTP.MaxConns != 512 {
		t.Errorf("sandbox: %+v", cfg.HTTP)
	}
}

func TestLoadLimitErrors(t *testing.T) {
	short := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(short, []byte("12345\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{name: "short token", env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN", "x"),
			want: "MCP_BRIDGE_AUTH_TOKEN is 1 characters long: use at least 16 (e.g. openssl rand -hex 32)"},
		{name: "short token in a file", env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN_FILE", short),
			want: "MCP_BRIDGE_AUTH_TOKEN_FILE: the token in " + short + " is 5 characters long: use at least 16 (e.g. openssl rand -hex 32)"},
		{name: "bad header timeout", args: []string{"--read-header-timeout", "soon"}, env: env("HOME", "/h"),
			want: `--read-header-timeout: "soon" is not a positive duration (e.g. 30s, 2m or 45)`},
		{name: "zero body timeout", env: env("HOME", "/h", "MCP_BRIDGE_BODY_TIMEOUT", "0s"),
			want: `MCP_BRIDGE_BODY_TIMEOUT: "0s" is not a positive duration (e.g. 30s, 2m or 45)`},
		{name: "negative max conns", args: []string{"--max-conns", "-1"}, env: env("HOME", "/h"),
			want: `--max-conns: "-1" is not a whole number from 0 to 1048576`},
		{name: "bad body size", args: []string{"--max-body-bytes", "lots"}, env: env("HOME", "/h"),
			want: `--max-body-bytes: "lots" is not a positive size (e.g. 4MiB or 65536)`},
		{name: "too many stdio workers", args: []string{"--stdio-workers", "101"}, env: env("HOME", "/h"),
			want: `--stdio-workers: "101" is not a whole number from 1 to 100`},
		{name: "a URL is not a host", args: []string{"--allowed-hosts", "https://mcp.example.com"}, env: env("HOME", "/h"),
			want: `--allowed-hosts: "https://mcp.example.com" is not a host name or host:port (e.g. mcp.example.com)`},
		{name: "an origin has no path", env: env("HOME", "/h", "MCP_BRIDGE_ALLOWED_ORIGINS", "https://app.example.com/x"),
			want: `MCP_BRIDGE_ALLOWED_ORIGINS: "https://app.example.com/x" is not an origin: use scheme://host[:port] (e.g. https://app.example.com)`},
		{name: "sandbox limits are checked", args: []string{"sandbox", "--idle-timeout", "never"}, env: env("HOME", "/h"),
			want: `--idle-timeout: "never" is not a positive duration (e.g. 30s, 2m or 45)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.args, tt.env)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error\n got %v\nwant %q", err, tt.want)
			}
		})
	}
}
