// Package config turns mcp-bridge's command line and environment into a checked
// configuration. It does no I/O beyond reading a token file, so start-up stays fast
// and every rule is testable with a fake environment.
package config

import (
	"log/slog"
	"time"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
)

// Transports the serve command speaks.
const (
	TransportStdio = "stdio"
	TransportSSE   = "sse"
	TransportHTTP  = "http"
)

// Log formats.
const (
	LogFormatText = "text"
	LogFormatJSON = "json"
)

// Command names.
const (
	CommandServe   = "serve"
	CommandTools   = "tools"
	CommandCall    = "call"
	CommandSandbox = "sandbox"
	CommandVersion = "version"
	CommandHelp    = "help"
)

// Config is everything a command needs, resolved from flags, environment and defaults
// (in that order of precedence).
type Config struct {
	Command string // one of the Command constants

	// Backend is the resolved engine: never backend.Auto.
	Backend backend.Kind
	// BackendRequested is what the user asked for (auto unless set).
	BackendRequested backend.Kind
	// BackendReason says in one sentence why Backend was chosen.
	BackendReason string

	Imbrace      backend.ImbraceSettings
	Activepieces backend.ActivepiecesSettings
	ProjectID    string
	Timeout      time.Duration // per upstream attempt; zero means the client's default

	SandboxData string // SQLite file, or backend.MemoryDatabase
	// SandboxEgress is which addresses the sandbox's pieces may call.
	SandboxEgress egress.Policy

	Transport string
	Stateless bool
	Addr      string
	AuthToken string // bearer for the HTTP transports; empty means none
	HTTP      HTTPSettings
	Stdio     StdioSettings
	Hosted    HostedSettings

	Toolsets     []string
	Tools        []string
	ExcludeTools []string
	ReadOnly     bool

	LogLevel  slog.Level
	LogFormat string

	// tools command.
	JSON bool
	// call command.
	ToolName string
	ArgsJSON string
	// sandbox command (and serve's built-in sandbox under per-request
	// credentials): keys callers must present; none means open.
	SandboxAPIKeys []string
	// SandboxKeyProjects binds some of SandboxAPIKeys to a project each.
	SandboxKeyProjects map[string]string
}

// PerRequest reports whether each HTTP caller brings their own upstream credentials.
func (c *Config) PerRequest() bool { return c.Hosted.UpstreamAuth == UpstreamAuthPerRequest }

// BackendSettings returns what opening a backend reads from c.
func (c *Config) BackendSettings() backend.Settings {
	return backend.Settings{Imbrace: c.Imbrace, Activepieces: c.Activepieces, SandboxData: c.SandboxData, SandboxEgress: c.SandboxEgress}
}

// Secrets returns every credential in c, so loggers can redact them wherever they
// appear.
func (c *Config) Secrets() []string {
	var out []string
	for _, s := range []string{c.Imbrace.APIKey, c.Imbrace.AccessToken, c.Activepieces.APIKey, c.AuthToken} {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, k := range c.SandboxAPIKeys {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}
