package mcpextra

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// completeResource asks completion/complete for a resource template's variable.
func (h *harness) completeResource(template, arg, value string, context map[string]string) *mcp.Completion {
	h.t.Helper()
	req := mcp.CompleteRequest{}
	req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: template}
	req.Params.Argument = mcp.CompleteArgument{Name: arg, Value: value}
	req.Params.Context = mcp.CompleteContext{Arguments: context}
	res, err := h.mcp.Complete(testCtx(h.t), req)
	if err != nil {
		h.t.Fatalf("complete %s %s=%q: %v", template, arg, value, err)
	}
	return &res.Completion
}

// completePrompt asks completion/complete for a prompt's argument.
func (h *harness) completePrompt(prompt, arg, value string) *mcp.Completion {
	h.t.Helper()
	req := mcp.CompleteRequest{}
	req.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: prompt}
	req.Params.Argument = mcp.CompleteArgument{Name: arg, Value: value}
	res, err := h.mcp.Complete(testCtx(h.t), req)
	if err != nil {
		h.t.Fatalf("complete prompt %s %s=%q: %v", prompt, arg, value, err)
	}
	return &res.Completion
}

// TestCompletions completes every completable argument, on templates and prompts.
func TestCompletions(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: fastWatch})
	flowA, flowB := h.echoFlow(0), h.echoFlow(1)
	runA := h.call("trigger_flow_sync", map[string]any{"flowId": flowA, "payload": map[string]any{}})["runId"].(string)
	runB := h.call("trigger_flow_sync", map[string]any{"flowId": flowB, "payload": map[string]any{}})["runId"].(string)
	folder := h.call("create_folder", map[string]any{"displayName": "Zebra projects"})["id"].(string)
	table := h.seed("/v1/tables", `{"name":"Leads"}`)

	c := h.completeResource("workflows://flows/{flowId}", "flowId", "", nil)
	if !slices.Contains(c.Values, flowA) || !slices.Contains(c.Values, flowB) || c.Total != len(c.Values) {
		t.Errorf("flowId completions = %+v", c)
	}
	if c := h.completeResource("workflows://flows/{flowId}", "flowId", flowA[:12], nil); !slices.Equal(c.Values, []string{flowA}) {
		t.Errorf("flowId by id prefix = %v, want [%s]", c.Values, flowA)
	}
	// A display name's prefix finds the id too, ignoring case.
	if c := h.completeResource("workflows://flows/{flowId}", "flowId", "echo x", nil); !slices.Equal(c.Values, []string{flowB}) {
		t.Errorf("flowId by name = %v, want [%s]", c.Values, flowB)
	}

	if c := h.completeResource("workflows://runs/{runId}", "runId", "", nil); !slices.Contains(c.Values, runA) || !slices.Contains(c.Values, runB) {
		t.Errorf("runId completions = %v", c.Values)
	}
	// The chosen flow narrows the runs.
	if c := h.completeResource("workflows://runs/{runId}", "runId", "", map[string]string{"flowId": flowB}); !slices.Equal(c.Values, []string{runB}) {
		t.Errorf("runId of flow B = %v, want [%s]", c.Values, runB)
	}
	if c := h.completeResource("workflows://folders/{folderId}", "folderId", "zeb", nil); !slices.Equal(c.Values, []string{folder}) {
		t.Errorf("folderId by name = %v, want [%s]", c.Values, folder)
	}
	// The sandbox's sample table is there too.
	if c := h.completeResource("workflows://tables/{tableId}", "tableId", "", nil); len(c.Values) != 2 || !slices.Contains(c.Values, table) {
		t.Errorf("tableId = %v, want %s and the sample table", c.Values, table)
	}
	for _, typed := range []string{"@activepieces/piece-web", "web", "@activepie"} {
		c := h.completeResource("workflows://pieces/{+pieceName}", "pieceName", typed, nil)
		if !slices.Contains(c.Values, "@activepieces/piece-webhook") {
			t.Errorf("pieceName %q = %v", typed, c.Values)
		}
		for _, v := range c.Values {
			if !strings.Contains(v, "/piece-") {
				t.Errorf("pieceName %q offers %q", typed, v)
			}
		}
	}
	if c := h.completeResource("workflows://pieces/{+pieceName}", "pieceName", "@activepieces/piece-zzz", nil); len(c.Values) != 0 {
		t.Errorf("pieceName with no match = %v", c.Values)
	}

	// Prompts complete the same argument names.
	if c := h.completePrompt("move_flows", "folderId", "Zebra"); !slices.Equal(c.Values, []string{folder}) {
		t.Errorf("move_flows folderId = %v", c.Values)
	}
	if c := h.completePrompt("move_flows", "sourceFolderId", "Zebra"); !slices.Equal(c.Values, []string{folder}) {
		t.Errorf("move_flows sourceFolderId = %v", c.Values)
	}
	if c := h.completePrompt("debug_failed_run", "flowId", flowA[:10]); !slices.Equal(c.Values, []string{flowA}) {
		t.Errorf("debug_failed_run flowId = %v", c.Values)
	}
	if c := h.completePrompt("webhook_api", "name", "x"); len(c.Values) != 0 {
		t.Errorf("a free-text argument has completions: %v", c.Values)
	}
}

// TestCompletionBounds: at most 100 values, with the total and hasMore.
func TestCompletionBounds(t *testing.T) {
	cands := make([]candidate, 150)
	for i := range cands {
		cands[i] = candidate{value: strings.Repeat("a", 20) + string(rune('A'+i%26)), label: "flow"}
	}
	src := func(context.Context, *client.Client, map[string]string) ([]candidate, bool, error) {
		return cands, false, nil
	}
	cp := newCompleter(Fixed(nil), discard())
	old := sources["flowId"]
	sources["flowId"] = src
	defer func() { sources["flowId"] = old }()
	c := cp.complete(context.Background(), mcp.CompleteArgument{Name: "flowId", Value: "FLO"}, mcp.CompleteContext{})
	if len(c.Values) != maxCompletions || c.Total != 150 || !c.HasMore {
		t.Errorf("completion of 150 matches: %d values, total %d, hasMore %v", len(c.Values), c.Total, c.HasMore)
	}
	// An engine that fails gives no completions, not an error.
	sources["flowId"] = func(context.Context, *client.Client, map[string]string) ([]candidate, bool, error) {
		return nil, false, errors.New("down")
	}
	cp = newCompleter(Fixed(nil), discard())
	if c := cp.complete(context.Background(), mcp.CompleteArgument{Name: "flowId"}, mcp.CompleteContext{}); len(c.Values) != 0 || c.Values == nil {
		t.Errorf("completion with the engine down = %+v", c)
	}
}

// TestPieceQuery: what the engine is asked for while a piece name is typed.
func TestPieceQuery(t *testing.T) {
	for typed, want := range map[string]string{"": "", "@activepie": "", "@activepieces/": "", "@activepieces/piece-ht": "ht", "piece-h": "h", "slack": "slack"} {
		if got := pieceQuery(typed); got != want {
			t.Errorf("pieceQuery(%q) = %q, want %q", typed, got, want)
		}
	}
}
