package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
)

// Upstream authentication modes (--upstream-auth).
const (
	// UpstreamAuthServer: every call uses the credentials the server is
	// configured with (the environment), as a single-user bridge does.
	UpstreamAuthServer = "server"
	// UpstreamAuthPerRequest: each HTTP caller sends their own credentials in
	// headers, and the bridge acts for them with those.
	UpstreamAuthPerRequest = "per-request"
)

// HostedSettings configure a bridge shared by many users: whose credentials
// reach the engine, how callers prove who they are (OAuth), where metrics are
// served and how much of each stream is kept for clients that reconnect.
type HostedSettings struct {
	UpstreamAuth string // UpstreamAuthServer or UpstreamAuthPerRequest
	OAuth        OAuthSettings
	MetricsAddr  string // a separate listener for /metrics; empty: /metrics on the HTTP transport's own port only
	ResumeBuffer int64  // bytes of stream events kept for Last-Event-ID resumption; 0 turns it off
	// MaxCallsPerCaller caps the tool calls one identified caller (an OAuth
	// subject, else an upstream account) runs at once; 0: no cap.
	MaxCallsPerCaller int
}

// OAuthSettings make the bridge an OAuth resource server: callers send a JWT
// access token from Issuer, checked against the issuer's keys.
type OAuthSettings struct {
	Issuer   string   // empty: OAuth is off
	Audience string   // the aud the tokens must carry; defaults to Resource
	JWKSURL  string   // empty: from the issuer's metadata, else Issuer + /.well-known/jwks.json
	Resource string   // the public URL of the MCP endpoint, published in the protected-resource metadata
	Scopes   []string // every access token must carry these; published as scopes_supported
}

// Enabled reports whether OAuth checks callers.
func (o OAuthSettings) Enabled() bool { return o.Issuer != "" }

// DefaultResumeBuffer is the default of --resume-buffer.
const DefaultResumeBuffer = 16 << 20

// DefaultMaxCallsPerCaller is the default of --max-calls-per-caller: more
// than an agent's parallel calls, far fewer than the connections a replica
// serves, so one caller cannot take them all.
const DefaultMaxCallsPerCaller = 32

var (
	optUpstreamAuth  = option{Flag: "upstream-auth", Env: "MCP_BRIDGE_UPSTREAM_AUTH", Default: UpstreamAuthServer, Usage: "whose credentials reach the engine: server (the IMBRACE_*/ACTIVEPIECES_* environment) or per-request (each HTTP caller sends their own in X-Imbrace-Api-Key or X-Imbrace-Access-Token with X-Imbrace-Organization-Id, or X-Activepieces-Api-Key; needs an explicit --backend)"}
	optOAuthIssuer   = option{Flag: "oauth-issuer", Env: "MCP_BRIDGE_OAUTH_ISSUER", Usage: "OAuth authorization server whose JWT access tokens callers must send as Authorization: Bearer (turns on the resource-server mode)"}
	optOAuthAudience = option{Flag: "oauth-audience", Env: "MCP_BRIDGE_OAUTH_AUDIENCE", Usage: "audience (aud) the access tokens must carry; defaults to --oauth-resource"}
	optOAuthJWKS     = option{Flag: "oauth-jwks-url", Env: "MCP_BRIDGE_OAUTH_JWKS_URL", Usage: "URL of the issuer's signing keys; default: jwks_uri of the issuer's metadata, else the issuer + /.well-known/jwks.json"}
	optOAuthResource = option{Flag: "oauth-resource", Env: "MCP_BRIDGE_OAUTH_RESOURCE", Usage: "public URL of the MCP endpoint (e.g. https://mcp.example.com/mcp), published at /.well-known/oauth-protected-resource; defaults to --oauth-audience when that is a URL"}
	optOAuthScopes   = option{Flag: "oauth-scopes", Env: "MCP_BRIDGE_OAUTH_SCOPES", Usage: "scopes every access token must carry (space- or comma-separated), in its scope or scp claim; a token without them gets 403 insufficient_scope; published as scopes_supported"}
	optMetricsAddr   = option{Flag: "metrics-addr", Env: "MCP_BRIDGE_METRICS_ADDR", Usage: "host:port of a separate listener for /metrics (Prometheus), also on stdio; when set, the HTTP transports no longer serve /metrics on their own port"}
	optResumeBuffer  = option{Flag: "resume-buffer", Env: "MCP_BRIDGE_RESUME_BUFFER", Default: "16MiB", Usage: "memory for stream events kept so a Streamable HTTP client that reconnects with Last-Event-ID gets what it missed (stateful sessions only); 0 turns resumption off"}
	optMaxPerCaller  = option{Flag: "max-calls-per-caller", Env: "MCP_BRIDGE_MAX_CALLS_PER_CALLER", Default: "32", Usage: "tool calls one caller (an OAuth subject, else the upstream account of its per-request credentials) may run at once on the HTTP transports; more are answered with a tool error at once; 0 for no cap"}
	optServeKeys     = option{Env: "MCP_BRIDGE_SANDBOX_API_KEYS", Secret: true, Usage: "with --backend sandbox and --upstream-auth per-request: comma-separated keys the built-in sandbox accepts, key:project binds a key to a project"}

	// groupHosted applies to serve only.
	groupHosted = []*option{&optUpstreamAuth, &optOAuthIssuer, &optOAuthAudience, &optOAuthJWKS, &optOAuthResource, &optOAuthScopes, &optMetricsAddr, &optResumeBuffer, &optMaxPerCaller, &optServeKeys}
)

// perRequestAsked reports whether the command line or environment asks for
// per-request credentials, which the backend rules need before the transport
// is resolved.
func perRequestAsked(v *values) bool {
	return strings.EqualFold(strings.TrimSpace(v.get(&optUpstreamAuth)), UpstreamAuthPerRequest)
}

// resolveHosted reads groupHosted; the transport and backend are resolved by then.
func resolveHosted(cfg *Config, v *values) error {
	h := &cfg.Hosted
	h.UpstreamAuth = strings.ToLower(strings.TrimSpace(v.get(&optUpstreamAuth)))
	switch h.UpstreamAuth {
	case UpstreamAuthServer:
	case UpstreamAuthPerRequest:
		if cfg.Transport == TransportStdio {
			return fmt.Errorf("%s per-request needs --transport http or sse: on stdio there are no request headers to carry credentials", v.where(&optUpstreamAuth))
		}
	default:
		return fmt.Errorf("%s: unknown mode %q: use %s or %s", v.where(&optUpstreamAuth), v.get(&optUpstreamAuth), UpstreamAuthServer, UpstreamAuthPerRequest)
	}
	if err := resolveOAuth(cfg, v); err != nil {
		return err
	}
	if h.MetricsAddr = strings.TrimSpace(v.get(&optMetricsAddr)); h.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(h.MetricsAddr); err != nil {
			return fmt.Errorf("%s: %q is not host:port (e.g. 127.0.0.1:9090)", v.where(&optMetricsAddr), h.MetricsAddr)
		}
	}
	raw := strings.TrimSpace(v.get(&optResumeBuffer))
	n, err := humanize.ParseBytes(raw)
	if err != nil || n > 1<<40 {
		return fmt.Errorf("%s: %q is not a size (e.g. 16MiB, or 0 for none)", v.where(&optResumeBuffer), raw)
	}
	h.ResumeBuffer = int64(n)
	if h.MaxCallsPerCaller, err = intIn(v, &optMaxPerCaller, 0, 1<<20); err != nil {
		return err
	}
	if h.UpstreamAuth == UpstreamAuthPerRequest && cfg.Backend == backend.Sandbox {
		cfg.SandboxAPIKeys, cfg.SandboxKeyProjects = sandboxKeys(v.get(&optServeKeys))
	}
	return nil
}

// resolveOAuth checks the OAuth settings: an issuer turns them on and then
// needs an audience or a resource URL, and cannot share Authorization: Bearer
// with the bridge's own token.
func resolveOAuth(cfg *Config, v *values) error {
	o := &cfg.Hosted.OAuth
	o.Issuer = strings.TrimSpace(v.get(&optOAuthIssuer))
	o.Audience = strings.TrimSpace(v.get(&optOAuthAudience))
	o.JWKSURL = strings.TrimSpace(v.get(&optOAuthJWKS))
	o.Resource = strings.TrimSpace(v.get(&optOAuthResource))
	o.Scopes = strings.Fields(strings.ReplaceAll(v.get(&optOAuthScopes), ",", " "))
	if o.Issuer == "" {
		for _, opt := range []*option{&optOAuthAudience, &optOAuthJWKS, &optOAuthResource, &optOAuthScopes} {
			if v.get(opt) != "" {
				return fmt.Errorf("%s needs --oauth-issuer (MCP_BRIDGE_OAUTH_ISSUER)", v.where(opt))
			}
		}
		return nil
	}
	if cfg.Transport == TransportStdio {
		return fmt.Errorf("%s needs --transport http or sse", v.where(&optOAuthIssuer))
	}
	if cfg.AuthToken != "" {
		return fmt.Errorf("%s and MCP_BRIDGE_AUTH_TOKEN both use Authorization: Bearer: set one", v.where(&optOAuthIssuer))
	}
	for _, u := range []struct {
		opt *option
		val string
	}{{&optOAuthIssuer, o.Issuer}, {&optOAuthJWKS, o.JWKSURL}, {&optOAuthResource, o.Resource}} {
		if u.val != "" && !secureURL(u.val) {
			return fmt.Errorf("%s: %q is not an https URL (http only on loopback)", v.where(u.opt), u.val)
		}
	}
	if o.Resource == "" && secureURL(o.Audience) {
		o.Resource = o.Audience
	}
	if o.Audience == "" {
		o.Audience = o.Resource
	}
	if o.Resource == "" {
		return fmt.Errorf("%s needs --oauth-resource, the public URL of the MCP endpoint (e.g. https://mcp.example.com/mcp)", v.where(&optOAuthIssuer))
	}
	return nil
}

// secureURL reports whether raw is an absolute https URL, or an http one on a
// loopback host (for tests and a local issuer).
func secureURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && IsLoopback(u.Hostname()))
}

// sandboxKeys reads MCP_BRIDGE_SANDBOX_API_KEYS: plain keys, and key:project
// entries that bind a key to a project. It returns every key (for the
// redactor and the sandbox's check) and the bindings.
func sandboxKeys(raw string) ([]string, map[string]string) {
	var keys []string
	var bound map[string]string
	for _, entry := range splitList(raw) {
		// The last colon: project names have none, keys may.
		key, project := entry, ""
		if i := strings.LastIndexByte(entry, ':'); i > 0 && i < len(entry)-1 {
			key, project = entry[:i], entry[i+1:]
		}
		keys = append(keys, key)
		if project != "" {
			if bound == nil {
				bound = map[string]string{}
			}
			bound[key] = project
		}
	}
	return keys, bound
}
