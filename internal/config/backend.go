package config

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// resolveBackend picks the engine: the one asked for, checked for the settings it
// needs, or under auto the first one whose credentials are present.
func resolveBackend(cfg *Config, v *values) error {
	requested := Backend(strings.ToLower(v.get(&optBackend)))
	cfg.BackendRequested = requested
	im, ap := cfg.Imbrace, cfg.Activepieces
	hasImbrace := im.APIKey != "" || im.AccessToken != ""
	hasActivepieces := ap.URL != "" && ap.APIKey != ""

	switch requested {
	case BackendAuto:
		switch {
		case hasImbrace:
			cfg.Backend, cfg.BackendReason = BackendImbrace, "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN is set"
		case hasActivepieces:
			cfg.Backend, cfg.BackendReason = BackendActivepieces, "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY are set"
		default:
			cfg.Backend, cfg.BackendReason = BackendSandbox, "no iMBRACE or Activepieces credentials are set"
			if half := halfActivepieces(ap); half != "" {
				cfg.BackendReason += " (" + half + ")"
			}
		}
	case BackendImbrace:
		if !hasImbrace {
			return fmt.Errorf("%s imbrace needs IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN", v.where(&optBackend))
		}
		cfg.Backend, cfg.BackendReason = BackendImbrace, "asked for with "+v.where(&optBackend)
	case BackendActivepieces:
		if !hasActivepieces {
			return fmt.Errorf("%s activepieces needs ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY", v.where(&optBackend))
		}
		cfg.Backend, cfg.BackendReason = BackendActivepieces, "asked for with "+v.where(&optBackend)
	case BackendSandbox:
		cfg.Backend, cfg.BackendReason = BackendSandbox, "asked for with "+v.where(&optBackend)
	default:
		return fmt.Errorf("%s: unknown backend %q: use auto, imbrace, activepieces or sandbox", v.where(&optBackend), v.get(&optBackend))
	}

	if cfg.Backend == BackendImbrace && im.GatewayURL == "" && im.Env != "" {
		if _, ok := workflows.GatewayPresets[im.Env]; !ok {
			return fmt.Errorf("IMBRACE_ENV: unknown preset %q: use %s, or set IMBRACE_GATEWAY_URL", im.Env, presetNames())
		}
	}
	return nil
}

// halfActivepieces explains an Activepieces configuration that is missing one half,
// which auto mode cannot use.
func halfActivepieces(ap ActivepiecesSettings) string {
	switch {
	case ap.URL != "" && ap.APIKey == "":
		return "ACTIVEPIECES_URL is set but ACTIVEPIECES_API_KEY is not"
	case ap.URL == "" && ap.APIKey != "":
		return "ACTIVEPIECES_API_KEY is set but ACTIVEPIECES_URL is not"
	}
	return ""
}

func presetNames() string {
	names := make([]string, 0, len(workflows.GatewayPresets))
	for n := range workflows.GatewayPresets {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// sandboxData returns the sandbox database path: the one given, or a file in the
// user's state directory.
func sandboxData(v *values, getenv func(string) string) (string, error) {
	if p := v.get(&optSandboxData); p != "" {
		return p, nil
	}
	dir, err := stateDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "mcp-bridge", "sandbox.db"), nil
}

// stateDir follows the XDG base directory rules ($XDG_STATE_HOME, else
// ~/.local/state), with %LocalAppData% on Windows.
func stateDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	if runtime.GOOS == "windows" {
		if d := getenv("LocalAppData"); d != "" {
			return d, nil
		}
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "state"), nil
	}
	return "", fmt.Errorf("--sandbox-data: no default location (neither XDG_STATE_HOME nor HOME is set): give a path, or %s", MemoryDatabase)
}
