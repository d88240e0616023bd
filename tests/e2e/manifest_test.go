package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// manifestPath is the MCPB manifest at the repository root.
var manifestPath = filepath.Join("..", "..", "manifest.json")

// manifestTool is an entry of the manifest's tool list, which go generate ./...
// writes and tools/internal/gen's tests keep equal to the registry.
type manifestTool struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type manifest struct {
	ManifestVersion string `json:"manifest_version"`
	Name            string `json:"name"`
	Version         string `json:"version"`
	Server          struct {
		Type       string `json:"type"`
		EntryPoint string `json:"entry_point"`
		MCPConfig  struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcp_config"`
	} `json:"server"`
	Tools      []manifestTool `json:"tools"`
	UserConfig map[string]struct {
		Type      string `json:"type"`
		Title     string `json:"title"`
		Sensitive bool   `json:"sensitive"`
		Required  bool   `json:"required"`
		Default   any    `json:"default"`
	} `json:"user_config"`
}

var userConfigRef = regexp.MustCompile(`\$\{user_config\.([a-z_]+)\}`)

// TestManifestShape checks what mcpb validate cannot: that the bundle runs the
// binary, passes credentials only through sensitive settings, and sets only
// variables the binary reads.
func TestManifestShape(t *testing.T) {
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.ManifestVersion != "0.3" || m.Server.Type != "binary" || m.Server.EntryPoint != "server/mcp-bridge" {
		t.Errorf("manifest_version %q, server.type %q, entry_point %q", m.ManifestVersion, m.Server.Type, m.Server.EntryPoint)
	}
	if m.Server.MCPConfig.Command != "${__dirname}/"+m.Server.EntryPoint {
		t.Errorf("mcp_config.command %q does not run the entry point", m.Server.MCPConfig.Command)
	}
	help, _, _ := run(t, hermeticEnv(t), "", "help")
	secrets := map[string]bool{"IMBRACE_API_KEY": true, "IMBRACE_ACCESS_TOKEN": true, "ACTIVEPIECES_API_KEY": true}
	for name, value := range m.Server.MCPConfig.Env {
		if !strings.Contains(help, name) {
			t.Errorf("mcp_config.env sets %s, which the binary does not read", name)
		}
		refs := userConfigRef.FindAllStringSubmatch(value, -1)
		for _, ref := range refs {
			opt, ok := m.UserConfig[ref[1]]
			if !ok {
				t.Errorf("%s refers to a missing user_config.%s", name, ref[1])
			}
			if secrets[name] && (!opt.Sensitive || opt.Type != "string") {
				t.Errorf("%s comes from user_config.%s, which is not a sensitive string", name, ref[1])
			}
		}
		if secrets[name] && len(refs) == 0 {
			t.Errorf("%s is not taken from user_config", name)
		}
	}
	if _, ok := m.Server.MCPConfig.Env["IMBRACE_API_KEY"]; !ok {
		t.Error("the manifest does not pass an iMBRACE API key")
	}
}

// TestManifestLaunch runs the bundle's command as a host would with every optional
// setting left at its default, and checks it serves the manifest's tools.
func TestManifestLaunch(t *testing.T) {
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	env := hermeticEnv(t, "XDG_STATE_HOME="+t.TempDir())
	for name, value := range m.Server.MCPConfig.Env {
		value = userConfigRef.ReplaceAllStringFunc(value, func(ref string) string {
			def := m.UserConfig[userConfigRef.FindStringSubmatch(ref)[1]].Default
			if def == nil {
				return ""
			}
			return fmt.Sprint(def)
		})
		env = append(env, name+"="+value)
	}
	cmd := exec.Command(bridge, m.Server.MCPConfig.Args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}` + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bundle command: %v\n%s", err, stderr.String())
	}
	var resp struct {
		Result mcp.ListToolsResult `json:"result"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatalf("stdout %q: %v", out, err)
	}
	var names []string
	for _, tool := range resp.Result.Tools {
		names = append(names, tool.Name)
	}
	var want []string
	for _, tool := range m.Tools {
		want = append(want, tool.Name)
	}
	if !slices.Equal(names, want) {
		t.Errorf("the bundle serves %v\nthe manifest lists %v", names, want)
	}
	if !strings.Contains(stderr.String(), "BACKEND: SANDBOX") {
		t.Errorf("with no key the bundle should run the sandbox and say so:\n%s", stderr.String())
	}
}
