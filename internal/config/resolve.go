package config

import (
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
)

// resolve checks the raw values the command reads and stores them in cfg.
func resolve(cfg *Config, cmd command, v *values, getenv func(string) string) error {
	uses := func(o *option) bool {
		for _, g := range cmd.Groups {
			for _, x := range g {
				if x == o {
					return true
				}
			}
		}
		return false
	}
	if uses(&optBackend) {
		if err := resolveConnection(cfg, v, getenv); err != nil {
			return err
		}
	}
	// The state directory matters only when the sandbox runs.
	if uses(&optSandboxData) && (cfg.Backend == backend.Sandbox || cmd.Name == CommandSandbox || v.get(&optSandboxData) != "") {
		data, err := sandboxData(v, getenv)
		if err != nil {
			return err
		}
		cfg.SandboxData = data
	}
	if uses(&optSandboxEgress) {
		policy, err := egress.ParsePolicy(v.get(&optSandboxEgress))
		if err != nil {
			return fmt.Errorf("%s: %w", v.where(&optSandboxEgress), err)
		}
		cfg.SandboxEgress = policy
	}
	if uses(&optTransport) {
		if err := resolveTransport(cfg, v); err != nil {
			return err
		}
	}
	if uses(&optUpstreamAuth) {
		if err := resolveHosted(cfg, v); err != nil {
			return err
		}
	}
	if uses(&optMaxConns) {
		if err := resolveHTTP(cfg, v, uses(&optSessionTTL)); err != nil {
			return err
		}
	}
	if uses(&optToolsets) {
		cfg.Toolsets = splitList(v.get(&optToolsets))
		cfg.Tools = splitList(v.get(&optTools))
		cfg.ExcludeTools = splitList(v.get(&optExclude))
		ro, err := v.bool(&optReadOnly)
		if err != nil {
			return err
		}
		cfg.ReadOnly = ro
	}
	if uses(&optLogLevel) {
		if err := resolveLogging(cfg, v); err != nil {
			return err
		}
	} else {
		cfg.LogLevel, cfg.LogFormat = slog.LevelInfo, LogFormatText
	}
	if uses(&optJSON) {
		j, err := v.bool(&optJSON)
		if err != nil {
			return err
		}
		cfg.JSON = j
	}
	if uses(&optArgs) {
		cfg.ArgsJSON = v.get(&optArgs)
	}
	if uses(&optSandboxAddr) {
		cfg.Addr = v.get(&optSandboxAddr)
		cfg.SandboxAPIKeys, cfg.SandboxKeyProjects = sandboxKeys(v.get(&optSandboxKeys))
		if err := checkListen(cfg.Addr, v.where(&optSandboxAddr), len(cfg.SandboxAPIKeys) > 0,
			"set MCP_BRIDGE_SANDBOX_API_KEYS"); err != nil {
			return err
		}
	}
	return nil
}

func resolveConnection(cfg *Config, v *values, getenv func(string) string) error {
	cfg.Imbrace = backend.ImbraceSettings{
		Env:            v.get(&optImbraceEnv),
		GatewayURL:     v.get(&optGatewayURL),
		APIKey:         v.get(&optAPIKey),
		AccessToken:    v.get(&optAccessToken),
		OrganizationID: v.get(&optOrgID),
	}
	cfg.Activepieces = backend.ActivepiecesSettings{URL: v.get(&optAPURL), APIKey: v.get(&optAPKey)}
	cfg.ProjectID = v.get(&optProjectID)
	if raw := v.get(&optTimeout); raw != "" {
		secs, err := strconv.ParseFloat(raw, 64)
		if err != nil || secs <= 0 || math.IsInf(secs, 0) || math.IsNaN(secs) {
			return fmt.Errorf("%s: %q is not a positive number of seconds (e.g. 30)", v.where(&optTimeout), raw)
		}
		// Outside these bounds a value would overflow or round to zero, and the
		// client would silently fall back to its default.
		if secs < minTimeoutSeconds || secs > maxTimeoutSeconds {
			return fmt.Errorf("%s: %q is out of range: give between %g and %g seconds", v.where(&optTimeout), raw, minTimeoutSeconds, float64(maxTimeoutSeconds))
		}
		cfg.Timeout = time.Duration(secs * float64(time.Second))
	}
	return resolveBackend(cfg, v)
}

// Bounds of IMBRACE_TIMEOUT, in seconds.
const (
	minTimeoutSeconds = 0.001
	maxTimeoutSeconds = 24 * 60 * 60
)

func resolveTransport(cfg *Config, v *values) error {
	cfg.Transport = strings.ToLower(v.get(&optTransport))
	switch cfg.Transport {
	case TransportStdio, TransportSSE, TransportHTTP:
	default:
		return fmt.Errorf("%s: unknown transport %q: use stdio, sse or http", v.where(&optTransport), v.get(&optTransport))
	}
	stateless, err := v.bool(&optStateless)
	if err != nil {
		return err
	}
	cfg.Stateless = stateless
	if cfg.Stateless && cfg.Transport != TransportHTTP {
		return fmt.Errorf("%s applies only to --transport http, not %s", v.where(&optStateless), cfg.Transport)
	}
	cfg.Addr = v.get(&optAddr)
	token, err := authToken(v)
	if err != nil {
		return err
	}
	cfg.AuthToken = token
	if cfg.Transport == TransportStdio {
		return nil
	}
	// Per-request credentials and OAuth authenticate every caller too: the
	// bridge then holds no credentials a stranger could use.
	callersAuthenticate := perRequestAsked(v) || v.get(&optOAuthIssuer) != ""
	return checkListen(cfg.Addr, v.where(&optAddr), token != "" || callersAuthenticate,
		"set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE")
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "warning": slog.LevelWarn, "error": slog.LevelError,
}

func resolveLogging(cfg *Config, v *values) error {
	level, ok := logLevels[strings.ToLower(v.get(&optLogLevel))]
	if !ok {
		return fmt.Errorf("%s: unknown log level %q: use debug, info, warn or error", v.where(&optLogLevel), v.get(&optLogLevel))
	}
	cfg.LogLevel = level
	cfg.LogFormat = strings.ToLower(v.get(&optLogFormat))
	if cfg.LogFormat != LogFormatText && cfg.LogFormat != LogFormatJSON {
		return fmt.Errorf("%s: unknown log format %q: use text or json", v.where(&optLogFormat), v.get(&optLogFormat))
	}
	return nil
}
