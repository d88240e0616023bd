package mcpextra

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

// placeholderID stands in for a "<...>" placeholder when a step is checked
// against its tool's schema: it is a valid id, name and text alike.
const placeholderID = "A0000000000000000000Z"

// argSets are the argument combinations each prompt is rendered with: none,
// and every argument given.
func argSets(p Prompt) []map[string]string {
	all := map[string]string{}
	for _, a := range p.Args {
		all[a.Name] = "x"
		if a.ID {
			all[a.Name] = "B0000000000000000000Y"
		}
	}
	return []map[string]string{{}, all}
}

// TestPromptsNameRealTools: every step of every prompt calls a tool of the
// catalogue with arguments its input schema accepts, and the text names no
// other snake_case word than tools (and the one piece action it shows).
func TestPromptsNameRealTools(t *testing.T) {
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]mcp.Tool{}
	for _, d := range defs {
		byName[d.Name] = d
	}
	snake := regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`)
	allowed := map[string]bool{"return_response": true}
	for _, p := range Prompts() {
		for _, args := range argSets(p) {
			intro, steps, outro := p.Render(args)
			for i, s := range steps {
				def, ok := byName[s.Tool]
				if !ok {
					t.Errorf("prompt %s step %d: no tool %s", p.Name, i+1, s.Tool)
					continue
				}
				raw, _ := json.Marshal(fillPlaceholders(s.Args))
				if err := schema.Validate(def.RawInputSchema, raw); err != nil {
					t.Errorf("prompt %s step %d: %s refuses %s: %v", p.Name, i+1, s.Tool, raw, err)
				}
			}
			text, err := p.Text(args)
			if err != nil {
				t.Fatal(err)
			}
			for _, word := range snake.FindAllString(intro+" "+outro+" "+text, -1) {
				if _, isTool := byName[word]; !isTool && !allowed[word] {
					t.Errorf("prompt %s names %q, which is not a tool", p.Name, word)
				}
			}
		}
	}
}

// fillPlaceholders replaces every "<...>" string (and map key) in v.
func fillPlaceholders(v any) any {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(v, "<") && strings.HasSuffix(v, ">") {
			return placeholderID
		}
		return v
	case map[string]any:
		out := map[string]any{}
		for k, item := range v {
			out[fillPlaceholders(k).(string)] = fillPlaceholders(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = fillPlaceholders(item)
		}
		return out
	}
	return v
}

// TestPrompts lists and gets the prompts over MCP.
func TestPrompts(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	list, err := h.mcp.ListPrompts(testCtx(t), mcp.ListPromptsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
		if p.Description == "" || p.Title == "" {
			t.Errorf("prompt %s: title %q, description %q", p.Name, p.Title, p.Description)
		}
	}
	if want := []string{"debug_failed_run", "move_flows", "webhook_api"}; !slices.Equal(names, want) {
		t.Errorf("prompts = %v, want %v", names, want)
	}

	text := h.getPrompt("move_flows", map[string]string{"folderId": "B0000000000000000000Y", "name": "invoice"})
	for _, want := range []string{`"folderId":"B0000000000000000000Y","type":"CHANGE_FOLDER"`, `list_flows {"limit":100,"name":"invoice"}`} {
		if !strings.Contains(text, want) {
			t.Errorf("move_flows does not contain %s:\n%s", want, text)
		}
	}
	text = h.getPrompt("debug_failed_run", map[string]string{"flowId": "B0000000000000000000Y"})
	if !strings.Contains(text, `list_runs {"flowId":"B0000000000000000000Y","limit":1,"status":"FAILED"}`) {
		t.Errorf("debug_failed_run with a flow:\n%s", text)
	}
	text = h.getPrompt("debug_failed_run", map[string]string{"runId": "C0000000000000000000X"})
	if strings.Contains(text, "list_runs") || !strings.Contains(text, `get_run {"detail":"full","runId":"C0000000000000000000X"}`) {
		t.Errorf("debug_failed_run with a run:\n%s", text)
	}
	text = h.getPrompt("webhook_api", map[string]string{"behaviour": "echo the caller's message"})
	for _, want := range []string{"echo the caller's message", BuildFlowURI, `"publish":true`, "{{trigger.body.message}}", "trigger_flow_sync", "get_run"} {
		if !strings.Contains(text, want) {
			t.Errorf("webhook_api does not contain %s:\n%s", want, text)
		}
	}

	for args, want := range map[string]string{
		`{}`:                     "needs the argument folderId",
		`{"folderId":"nope"}`:    "expected a 21-character id or NULL",
		`{"folderId":"NULL"}`:    "",
		`{"folderId":" NULL  "}`: "",
	} {
		var m map[string]string
		_ = json.Unmarshal([]byte(args), &m)
		req := mcp.GetPromptRequest{}
		req.Params.Name, req.Params.Arguments = "move_flows", m
		_, err := h.mcp.GetPrompt(testCtx(t), req)
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("move_flows %s: %v, want %q", args, err, want)
		}
	}
}

func (h *harness) getPrompt(name string, args map[string]string) string {
	h.t.Helper()
	req := mcp.GetPromptRequest{}
	req.Params.Name, req.Params.Arguments = name, args
	res, err := h.mcp.GetPrompt(testCtx(h.t), req)
	if err != nil {
		h.t.Fatalf("prompts/get %s: %v", name, err)
	}
	if len(res.Messages) != 1 || res.Messages[0].Role != mcp.RoleUser {
		h.t.Fatalf("prompts/get %s: %+v", name, res.Messages)
	}
	tc, ok := res.Messages[0].Content.(mcp.TextContent)
	if !ok {
		h.t.Fatalf("prompts/get %s: %T", name, res.Messages[0].Content)
	}
	return tc.Text
}

// TestPromptsFollowTheTools: in read-only mode, and when --tools leaves one
// out, the prompts that need a missing tool are not offered.
func TestPromptsFollowTheTools(t *testing.T) {
	for _, tc := range []struct {
		opts tools.Options
		want []string
	}{
		{tools.Options{ReadOnly: true}, nil},
		{tools.Options{Tools: []string{"list_runs", "get_run", "get_flow", "apply_flow_operation"}}, []string{"debug_failed_run"}},
	} {
		h := newHarness(t, harnessConfig{toolOpt: tc.opts})
		list, err := h.mcp.ListPrompts(testCtx(t), mcp.ListPromptsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range list.Prompts {
			names = append(names, p.Name)
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%+v: prompts %v, want %v", tc.opts, names, tc.want)
		}
	}
}

// TestPromptNullOnlyWhereAllowed: NULL is a folder argument's "no folder", not a flow id.
func TestPromptNullOnlyWhereAllowed(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	req := mcp.GetPromptRequest{}
	req.Params.Name, req.Params.Arguments = "debug_failed_run", map[string]string{"flowId": "NULL"}
	if _, err := h.mcp.GetPrompt(testCtx(t), req); err == nil || !strings.Contains(err.Error(), `expected a 21-character id, got "NULL"`) {
		t.Errorf("debug_failed_run flowId=NULL: %v", err)
	}
}
