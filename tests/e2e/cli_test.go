package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// run runs the bridge to completion and returns stdout, stderr and the exit code.
func run(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := command(t, env, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader(stdin)
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func TestVersionAndHelp(t *testing.T) {
	out, _, code := run(t, hermeticEnv(t), "", "version")
	if code != 0 || !regexp.MustCompile(`^mcp-bridge \S+ \(go1\.`).MatchString(out) {
		t.Errorf("version: %d %q", code, out)
	}
	for _, args := range [][]string{{"--help"}, {"help"}} {
		out, _, code := run(t, hermeticEnv(t), "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		for _, want := range []string{"--backend", "--sandbox-data", "--transport", "--stateless", "--addr", "--toolsets", "--tools", "--exclude-tools",
			"--read-only", "--log-level", "--log-format", "--json", "--args", "MCP_BRIDGE_BACKEND", "IMBRACE_ENV", "IMBRACE_GATEWAY_URL", "IMBRACE_API_KEY",
			"IMBRACE_ACCESS_TOKEN", "IMBRACE_ORGANIZATION_ID", "IMBRACE_TIMEOUT", "ACTIVEPIECES_URL", "ACTIVEPIECES_API_KEY", "MCP_BRIDGE_PROJECT_ID",
			"MCP_BRIDGE_AUTH_TOKEN", "MCP_BRIDGE_AUTH_TOKEN_FILE", "default 127.0.0.1:8080", "default stdio"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v does not mention %s", args, want)
			}
		}
	}
	_, errOut, code := run(t, hermeticEnv(t), "", "--transport", "carrier-pigeon")
	if code != 2 || !strings.Contains(errOut, `unknown transport "carrier-pigeon": use stdio, sse or http`) {
		t.Errorf("bad transport: exit %d, %q", code, errOut)
	}
}

func TestToolsCommand(t *testing.T) {
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, hermeticEnv(t), "", "tools")
	if code != 0 || !strings.Contains(out, "flows (") || !strings.HasSuffix(out, "\n"+strconv.Itoa(len(defs))+" tools\n") {
		t.Errorf("tools: exit %d\n%s", code, out)
	}
	for _, d := range defs {
		if !strings.Contains(out, "  "+d.Name+" ") {
			t.Errorf("tools does not list %s", d.Name)
		}
	}

	out, _, code = run(t, hermeticEnv(t), "", "tools", "--json", "--read-only")
	var listed []mcp.Tool
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil {
		t.Fatalf("tools --json: exit %d, %.200s", code, out)
	}
	readOnly, _ := tools.Definitions(tools.Options{ReadOnly: true})
	if len(listed) != len(readOnly) || len(listed) == 0 {
		t.Errorf("tools --json --read-only listed %d tools, want %d", len(listed), len(readOnly))
	}
	for _, tool := range listed {
		if tool.Annotations.ReadOnlyHint == nil || !*tool.Annotations.ReadOnlyHint {
			t.Errorf("--read-only lists the write tool %s", tool.Name)
		}
	}

	_, errOut, code := run(t, hermeticEnv(t), "", "tools", "--toolsets", "flows,nope")
	if code != 2 || !strings.Contains(errOut, "nope") {
		t.Errorf("unknown toolset: exit %d, %q", code, errOut)
	}
}

func TestCallCommand(t *testing.T) {
	env := hermeticEnv(t)
	out, errOut, code := run(t, env, "", "call", "list_folders", "--sandbox-data", ":memory:", "--args", "{}")
	var folders map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &folders) != nil || !strings.Contains(out, "Channel Workflow") {
		t.Fatalf("call list_folders: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "BACKEND: SANDBOX") {
		t.Errorf("call on the sandbox does not say so on stderr: %q", errOut)
	}

	out, _, code = run(t, env, `{"displayName":"From stdin"}`, "call", "create_folder", "--sandbox-data", ":memory:", "--args", "-")
	if code != 0 || !strings.Contains(out, `"displayName":"From stdin"`) {
		t.Errorf("call --args -: exit %d, %q", code, out)
	}

	out, errOut, code = run(t, env, "", "call", "get_flow", "--sandbox-data", ":memory:", "--args", `{"flowId":"AAAAAAAAAAAAAAAAAAAAA"}`)
	if code != 1 || out != "" || !strings.Contains(errOut, "404") {
		t.Errorf("call with a tool error: exit %d, stdout %q, stderr %q; want exit 1 and the error on stderr", code, out, errOut)
	}

	_, errOut, code = run(t, env, "", "call", "no_such_tool", "--sandbox-data", ":memory:")
	if code != 2 || !strings.Contains(errOut, `unknown tool "no_such_tool": use one of`) {
		t.Errorf("unknown tool: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, env, "", "call", "delete_flow", "--read-only", "--sandbox-data", ":memory:")
	if code != 2 || !strings.Contains(errOut, `tool "delete_flow" is not enabled`) {
		t.Errorf("write tool in read-only mode: exit %d, %q", code, errOut)
	}
	_, errOut, code = run(t, env, "", "call", "list_flows", "--sandbox-data", ":memory:", "--args", "[]")
	if code != 2 || !strings.Contains(errOut, "--args: expected a JSON object") {
		t.Errorf("bad --args: exit %d, %q", code, errOut)
	}
}

// TestSandboxStatePersists checks that the default sandbox keeps its state in a
// file across processes.
func TestSandboxStatePersists(t *testing.T) {
	env := hermeticEnv(t, "XDG_STATE_HOME="+t.TempDir())
	_, errOut, code := run(t, env, "", "call", "create_folder", "--args", `{"displayName":"Persistent"}`)
	if code != 0 {
		t.Fatalf("create_folder: %d %s", code, errOut)
	}
	out, _, code := run(t, env, "", "call", "list_folders")
	if code != 0 || !strings.Contains(out, "Persistent") {
		t.Errorf("a second process does not see the folder: %s", out)
	}
}

// TestStartupTime reports how long spawn → tools/list takes on stdio. It asserts
// nothing about time (machines differ); it fails only if the exchange fails.
func TestStartupTime(t *testing.T) {
	start := time.Now()
	s := startStdio(t)
	s.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": map[string]any{"_meta": modernMeta()}})
	if toolCount(t, s.response(1).Result) == 0 {
		t.Fatal("no tools")
	}
	t.Logf("spawn → tools/list: %v", time.Since(start))
}
