package config

import (
	"reflect"
	"testing"
)

func TestLoadHosted(t *testing.T) {
	cfg, err := Load(nil, env("HOME", "/h"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PerRequest() || cfg.Hosted.OAuth.Enabled() || cfg.Hosted.ResumeBuffer != DefaultResumeBuffer || cfg.Hosted.UpstreamAuth != UpstreamAuthServer ||
		cfg.Hosted.MaxCallsPerCaller != DefaultMaxCallsPerCaller {
		t.Errorf("defaults: %+v", cfg.Hosted)
	}
	cfg, err = Load([]string{"--transport", "http", "--addr", "0.0.0.0:8080", "--backend", "sandbox", "--upstream-auth", "per-request",
		"--resume-buffer", "0", "--metrics-addr", "127.0.0.1:9090", "--max-calls-per-caller", "0"},
		env("HOME", "/h", "MCP_BRIDGE_SANDBOX_API_KEYS", "k1:projectA, k2 ,a:b:projectB"))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.PerRequest() || cfg.Hosted.ResumeBuffer != 0 || cfg.Hosted.MetricsAddr != "127.0.0.1:9090" || cfg.Hosted.MaxCallsPerCaller != 0 {
		t.Errorf("per-request: %+v", cfg.Hosted)
	}
	if !reflect.DeepEqual(cfg.SandboxAPIKeys, []string{"k1", "k2", "a:b"}) ||
		!reflect.DeepEqual(cfg.SandboxKeyProjects, map[string]string{"k1": "projectA", "a:b": "projectB"}) {
		t.Errorf("sandbox keys %v %v", cfg.SandboxAPIKeys, cfg.SandboxKeyProjects)
	}
	// Per-request credentials lift the need for the server's own.
	cfg, err = Load([]string{"--transport", "sse", "--backend", "imbrace", "--upstream-auth", "per-request"}, env("HOME", "/h"))
	if err != nil || cfg.Backend != "imbrace" {
		t.Errorf("imbrace without server credentials: %v", err)
	}
	cfg, err = Load([]string{"--transport", "http", "--addr", "0.0.0.0:8080", "--oauth-issuer", "https://id.example.com/",
		"--oauth-resource", "https://mcp.example.com/mcp"}, env("HOME", "/h", "MCP_BRIDGE_OAUTH_SCOPES", "mcp:tools, flows:write  openid"))
	if err != nil {
		t.Fatal(err)
	}
	o := cfg.Hosted.OAuth
	if !o.Enabled() || o.Audience != "https://mcp.example.com/mcp" || o.Resource != "https://mcp.example.com/mcp" ||
		!reflect.DeepEqual(o.Scopes, []string{"mcp:tools", "flows:write", "openid"}) {
		t.Errorf("oauth: %+v", o)
	}
	cfg, err = Load([]string{"--transport", "http", "--oauth-issuer", "http://127.0.0.1:9/", "--oauth-audience", "https://mcp.example.com/mcp"}, env("HOME", "/h"))
	if err != nil || cfg.Hosted.OAuth.Resource != "https://mcp.example.com/mcp" {
		t.Errorf("the resource defaults to a URL audience: %+v %v", cfg.Hosted.OAuth, err)
	}
}

func TestLoadHostedErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{name: "unknown mode", args: []string{"--transport", "http", "--backend", "sandbox", "--upstream-auth", "mine"}, env: env("HOME", "/h"),
			want: `--upstream-auth: unknown mode "mine": use server or per-request`},
		{name: "scopes without an issuer", args: []string{"--transport", "http", "--oauth-scopes", "mcp"}, env: env("HOME", "/h"),
			want: "--oauth-scopes needs --oauth-issuer (MCP_BRIDGE_OAUTH_ISSUER)"},
		{name: "per-request on stdio", args: []string{"--backend", "sandbox", "--upstream-auth", "per-request"}, env: env("HOME", "/h"),
			want: "--upstream-auth per-request needs --transport http or sse: on stdio there are no request headers to carry credentials"},
		{name: "per-request under auto", args: []string{"--transport", "http", "--upstream-auth", "per-request"}, env: env("HOME", "/h"),
			want: "--upstream-auth per-request needs an explicit backend: --backend imbrace, activepieces or sandbox"},
		{name: "per-request activepieces without its URL", args: []string{"--transport", "http", "--backend", "activepieces"},
			env: env("HOME", "/h", "MCP_BRIDGE_UPSTREAM_AUTH", "per-request"), want: "--backend activepieces needs ACTIVEPIECES_URL (callers send only their keys)"},
		{name: "oauth with the bridge token", args: []string{"--transport", "http", "--oauth-issuer", "https://id.example.com", "--oauth-resource", "https://m.example.com/mcp"},
			env: env("HOME", "/h", "MCP_BRIDGE_AUTH_TOKEN", "0123456789abcdef0123"), want: "--oauth-issuer and MCP_BRIDGE_AUTH_TOKEN both use Authorization: Bearer: set one"},
		{name: "oauth over plain http", args: []string{"--transport", "http", "--oauth-issuer", "http://id.example.com", "--oauth-resource", "https://m.example.com/mcp"},
			env: env("HOME", "/h"), want: `--oauth-issuer: "http://id.example.com" is not an https URL (http only on loopback)`},
		{name: "oauth without a resource", args: []string{"--transport", "http", "--oauth-issuer", "https://id.example.com", "--oauth-audience", "api://bridge"},
			env: env("HOME", "/h"), want: "--oauth-issuer needs --oauth-resource, the public URL of the MCP endpoint (e.g. https://mcp.example.com/mcp)"},
		{name: "oauth on stdio", args: []string{"--oauth-issuer", "https://id.example.com"}, env: env("HOME", "/h"),
			want: "--oauth-issuer needs --transport http or sse"},
		{name: "an audience without an issuer", args: []string{"--transport", "http", "--oauth-audience", "x"}, env: env("HOME", "/h"),
			want: "--oauth-audience needs --oauth-issuer (MCP_BRIDGE_OAUTH_ISSUER)"},
		{name: "bad metrics address", args: []string{"--metrics-addr", "9090"}, env: env("HOME", "/h"),
			want: `--metrics-addr: "9090" is not host:port (e.g. 127.0.0.1:9090)`},
		{name: "bad resume buffer", args: []string{"--resume-buffer", "lots"}, env: env("HOME", "/h"),
			want: `--resume-buffer: "lots" is not a size (e.g. 16MiB, or 0 for none)`},
		{name: "negative calls per caller", args: []string{"--max-calls-per-caller", "-1"}, env: env("HOME", "/h"),
			want: `--max-calls-per-caller: "-1" is not a whole number from 0 to 1048576`},
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
