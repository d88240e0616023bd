package mcpextra

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// TestViewsNameRealTools: every view's tool is a read tool of the catalogue
// and takes the view's variable as an argument.
func TestViewsNameRealTools(t *testing.T) {
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Views() {
		i := slices.IndexFunc(defs, func(d mcp.Tool) bool { return d.Name == v.Tool })
		if i < 0 {
			t.Errorf("view %s: no tool %s", v.Template, v.Tool)
			continue
		}
		if ro := defs[i].Annotations.ReadOnlyHint; ro == nil || !*ro {
			t.Errorf("view %s: %s is not a read tool", v.Template, v.Tool)
		}
		props := inputProperties(t, defs[i])
		for _, arg := range append([]string{v.Arg}, keys(v.Args)...) {
			if _, ok := props[arg]; !ok {
				t.Errorf("view %s: %s has no argument %s", v.Template, v.Tool, arg)
			}
		}
		if !strings.Contains(v.Template, "{"+v.Arg+"}") && !strings.Contains(v.Template, "{+"+v.Arg+"}") {
			t.Errorf("view %s does not have the variable %s", v.Template, v.Arg)
		}
		if v.Build(nil).Tool.Name != v.Tool {
			t.Errorf("view %s builds %s, not %s", v.Template, v.Build(nil).Tool.Name, v.Tool)
		}
	}
}

func inputProperties(t *testing.T, d mcp.Tool) map[string]json.RawMessage {
	t.Helper()
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(d.RawInputSchema, &s); err != nil {
		t.Fatalf("%s: %v", d.Name, err)
	}
	return s.Properties
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReadViews reads each kind of view and checks it is the tool's JSON.
func TestReadViews(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: fastWatch})
	ctx := testCtx(t)
	templates, err := h.mcp.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rt := range templates.ResourceTemplates {
		got = append(got, rt.URITemplate.Raw())
		if rt.MIMEType != jsonMIME || rt.Description == "" || rt.Title == "" {
			t.Errorf("template %s: mimeType %q, title %q, description %q", rt.URITemplate.Raw(), rt.MIMEType, rt.Title, rt.Description)
		}
	}
	slices.Sort(got)
	want := []string{"workflows://flows/{flowId}", "workflows://folders/{folderId}", "workflows://pieces/{+pieceName}",
		"workflows://runs/{runId}", "workflows://tables/{tableId}"}
	if !slices.Equal(got, want) {
		t.Errorf("templates = %v, want %v", got, want)
	}

	flowID := h.echoFlow(0)
	flow := h.read("workflows://flows/" + flowID)
	if flow.MIMEType != jsonMIME || flow.URI != "workflows://flows/"+flowID {
		t.Errorf("flow contents: uri %s, mimeType %s", flow.URI, flow.MIMEType)
	}
	if tool := h.call("get_flow", map[string]any{"flowId": flowID}); !sameJSON(t, flow.Text, tool) {
		t.Errorf("the flow resource differs from get_flow:\n%s\n%v", flow.Text, tool)
	}

	runID := h.call("trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"message": "x"}})["runId"].(string)
	run := h.read("workflows://runs/" + runID)
	if tool := h.call("get_run", map[string]any{"runId": runID}); !sameJSON(t, run.Text, tool) {
		t.Errorf("the run resource differs from get_run:\n%s\n%v", run.Text, tool)
	}

	folders := h.call("list_folders", map[string]any{})["folders"].([]any)
	folderID := folders[0].(map[string]any)["id"].(string)
	if f := h.read("workflows://folders/" + folderID); !strings.Contains(f.Text, folderID) {
		t.Errorf("folder resource: %s", f.Text)
	}
	tableID := h.seed("/v1/tables", `{"name":"Leads"}`)
	if tb := h.read("workflows://tables/" + tableID); !strings.Contains(tb.Text, `"Leads"`) {
		t.Errorf("table resource: %s", tb.Text)
	}

	// The piece name reads both as it is and percent-encoded, with every input (detail=full).
	for _, uri := range []string{"workflows://pieces/@activepieces/piece-webhook", "workflows://pieces/%40activepieces%2Fpiece-webhook"} {
		p := h.read(uri)
		if !strings.Contains(p.Text, `"return_response"`) || !strings.Contains(p.Text, `"props"`) {
			t.Errorf("%s: %s", uri, p.Text)
		}
	}
}

func sameJSON(t *testing.T, text string, v any) bool {
	t.Helper()
	var a any
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		t.Fatalf("not JSON: %s", text)
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(v)
	return string(x) == string(y)
}

// TestReadViewErrors: a bad or unknown id fails the read with the tool's
// explanation.
func TestReadViewErrors(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	if msg := h.readErr("workflows://flows/nope"); !strings.Contains(msg, "flowId") {
		t.Errorf("bad flow id: %s", msg)
	}
	if msg := h.readErr("workflows://runs/AAAAAAAAAAAAAAAAAAAAA"); !strings.Contains(msg, "list_runs") {
		t.Errorf("unknown run: %s", msg)
	}
	if msg := h.readErr("workflows://pieces/@nobody/piece-none"); !strings.Contains(msg, "list_pieces") {
		t.Errorf("unknown piece: %s", msg)
	}
	if msg := h.readErr("workflows://nothing/here"); !strings.Contains(msg, "not found") {
		t.Errorf("no such resource: %s", msg)
	}
}

// TestReferenceResource: the build_flow reference is listed and read as Markdown.
func TestReferenceResource(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	list, err := h.mcp.ListResources(testCtx(t), mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Resources) != 1 || list.Resources[0].URI != BuildFlowURI || list.Resources[0].MIMEType != markdownMIME {
		t.Fatalf("resources = %+v", list.Resources)
	}
	ref := h.read(BuildFlowURI)
	for _, want := range []string{"LOOP_ON_ITEMS", "NUMBER_IS_GREATER_THAN", "{{trigger.body.", "return_response"} {
		if !strings.Contains(ref.Text, want) {
			t.Errorf("the reference does not mention %s", want)
		}
	}
}
