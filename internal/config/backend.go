package config

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
)

// resolveBackend picks the engine: the one asked for, checked for the settings it
// needs, or under auto the first one whose credentials are present. The rules live
// in internal/backend; this adds where the request came from to its errors.
func resolveBackend(cfg *Config, v *values) error {
	requested := backend.Kind(strings.ToLower(v.get(&optBackend)))
	cfg.BackendRequested = requested
	s := cfg.BackendSettings()

	var d backend.Descriptor
	perRequest := perRequestAsked(v)
	switch {
	case requested == backend.Auto && perRequest:
		// Auto looks at the server's credentials, which per-request mode does
		// not use: it would quietly pick the sandbox.
		return fmt.Errorf("--upstream-auth per-request needs an explicit backend: --backend imbrace, activepieces or sandbox")
	case requested == backend.Auto:
		d, cfg.BackendReason = backend.Choose(s)
	default:
		var ok bool
		if d, ok = backend.Lookup(requested); !ok {
			return fmt.Errorf("%s: unknown backend %q: use %s", v.where(&optBackend), v.get(&optBackend), backend.Choices())
		}
		switch {
		case perRequest && d.Kind == backend.Activepieces && s.Activepieces.URL == "":
			return fmt.Errorf("%s activepieces needs ACTIVEPIECES_URL (callers send only their keys)", v.where(&optBackend))
		case !perRequest && !d.Eligible(s):
			return fmt.Errorf("%s %s needs %s", v.where(&optBackend), d.Kind, d.Requires)
		}
		cfg.BackendReason = "asked for with " + v.where(&optBackend)
	}
	cfg.Backend = d.Kind
	return d.Check(s)
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
	return "", fmt.Errorf("--sandbox-data: no default location (neither XDG_STATE_HOME nor HOME is set): give a path, or %s", backend.MemoryDatabase)
}
