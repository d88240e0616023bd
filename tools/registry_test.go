package tools

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// sdkTools maps every operation of upstream-api §2 (the SDK's client.workflows
// surface, plus getPiece from its generated API and the new wait_for_run and
// buildFlow helper) to the tool that exposes it.
var sdkTools = map[string]string{
	"listChannelAutomation": "list_channel_automations",
	"listFlows":             "list_flows",
	"getFlow":               "get_flow",
	"createFlow":            "create_flow",
	"deleteFlow":            "delete_flow",
	"applyFlowOperation":    "apply_flow_operation",
	"buildFlow":             "build_flow",
	"triggerFlow":           "trigger_flow",
	"triggerFlowSync":       "trigger_flow_sync",
	"listRuns":              "list_runs",
	"getRun":                "get_run",
	"waitForRun":            "wait_for_run",
	"listFolders":           "list_folders",
	"getFolder":             "get_folder",
	"createFolder":          "create_folder",
	"updateFolder":          "update_folder",
	"deleteFolder":          "delete_folder",
	"listConnections":       "list_connections",
	"getConnection":         "get_connection",
	"upsertConnection":      "upsert_connection",
	"deleteConnection":      "delete_connection",
	"listPieces":            "list_pieces",
	"getPiece":              "get_piece",
	"getTriggerRunStatus":   "get_trigger_run_status",
	"testTrigger":           "test_trigger",
	"listTables":            "list_tables",
	"getTable":              "get_table",
	"listRecords":           "list_records",
	"createTable":           "create_table",
	"insertRecords":         "insert_records",
	"updateRecord":          "update_record",
	"deleteRecords":         "delete_records",
	"listMcpServers":        "list_mcp_servers",
	"getMcpServer":          "get_mcp_server",
	"createMcpServer":       "create_mcp_server",
	"deleteMcpServer":       "delete_mcp_server",
	"rotateMcpToken":        "rotate_mcp_token",
	"listInvitations":       "list_invitations",
	"deleteInvitation":      "delete_invitation",
}

func allDefinitions(t *testing.T) []mcp.Tool {
	t.Helper()
	defs, err := Definitions(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return defs
}

func toolNames(defs []mcp.Tool) []string {
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.Name
	}
	return names
}

func TestEverySDKOperationHasATool(t *testing.T) {
	names := toolNames(allDefinitions(t))
	mapped := map[string]bool{}
	for method, tool := range sdkTools {
		if !slices.Contains(names, tool) {
			t.Errorf("SDK operation %s: tool %s is not in the registry", method, tool)
		}
		mapped[tool] = true
	}
	for _, name := range names {
		if !mapped[name] {
			t.Errorf("tool %s maps to no SDK operation: add it to sdkTools", name)
		}
	}
}

func TestRegistryIsSortedAndUnique(t *testing.T) {
	names := toolNames(allDefinitions(t))
	if !slices.IsSorted(names) {
		t.Errorf("definitions are not sorted: %v", names)
	}
	if len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("duplicate tool names: %v", names)
	}
	for _, ts := range Catalogue(nil) {
		for _, st := range ts.Tools() {
			if got := ToolsetOf(st.Tool.Name); got != ts.Name() {
				t.Errorf("ToolsetOf(%s) = %q, want %q", st.Tool.Name, got, ts.Name())
			}
		}
	}
	want := []string{"channels", "connections", "flows", "folders", "invitations", "mcp_servers", "pieces", "runs", "tables", "triggers"}
	if got := ToolsetNames(); !slices.Equal(got, want) {
		t.Errorf("ToolsetNames() = %v, want %v", got, want)
	}
}

func TestSchemasArePortable(t *testing.T) {
	for _, d := range allDefinitions(t) {
		for kind, raw := range map[string]json.RawMessage{"input": d.RawInputSchema, "output": d.RawOutputSchema} {
			if err := schema.CheckPortable(raw); err != nil {
				t.Errorf("%s %s schema: %v", d.Name, kind, err)
			}
			if kind == "output" && d.Name != "trigger_flow_sync" && strings.Contains(string(raw), `"enum"`) {
				t.Errorf("%s output schema has an enum: a value the engine adds later would fail clients' checks", d.Name)
			}
			if strings.Contains(string(raw), `"$schema"`) || strings.Contains(string(raw), `"$id"`) {
				t.Errorf("%s %s schema carries $schema or $id", d.Name, kind)
			}
		}
		// The wire form must carry the raw schemas and all four hints.
		wire, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("%s: marshalling the tool: %v", d.Name, err)
		}
		var back struct {
			InputSchema  map[string]any `json:"inputSchema"`
			OutputSchema map[string]any `json:"outputSchema"`
			Annotations  map[string]any `json:"annotations"`
		}
		if err := json.Unmarshal(wire, &back); err != nil {
			t.Fatal(err)
		}
		if back.InputSchema["type"] != "object" || back.OutputSchema["type"] != "object" {
			t.Errorf("%s on the wire: input type %v, output type %v", d.Name, back.InputSchema["type"], back.OutputSchema["type"])
		}
		if !strings.Contains(string(wire), `"title":"`+d.Title+`"`) || d.Title == "" {
			t.Errorf("%s on the wire lacks its title", d.Name)
		}
		for _, hint := range []string{"title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"} {
			if _, ok := back.Annotations[hint]; !ok {
				t.Errorf("%s on the wire lacks %s", d.Name, hint)
			}
		}
	}
}

func TestHintsAreExplicitAndAgreeWithTheirList(t *testing.T) {
	for _, ts := range Catalogue(nil) {
		for _, st := range ts.ReadTools() {
			if err := toolkit.CheckHints(st.Tool, true); err != nil {
				t.Error(err)
			}
		}
		for _, st := range ts.WriteTools() {
			if err := toolkit.CheckHints(st.Tool, false); err != nil {
				t.Error(err)
			}
			if strings.HasPrefix(st.Tool.Name, "delete_") && !*st.Tool.Annotations.DestructiveHint {
				t.Errorf("%s deletes but is not marked destructive", st.Tool.Name)
			}
		}
		for _, st := range ts.ReadTools() {
			if strings.HasPrefix(st.Tool.Name, "delete_") || strings.HasPrefix(st.Tool.Name, "create_") {
				t.Errorf("%s is in a read list", st.Tool.Name)
			}
		}
	}
}

// Annotations and names must say what a tool does, so that a client's
// confirmation prompts and a model's choice of tool are right.
func TestAnnotationsAndNamesSayWhatToolsDo(t *testing.T) {
	defs := map[string]mcp.Tool{}
	for _, d := range allDefinitions(t) {
		defs[d.Name] = d
	}
	if *defs["update_folder"].Annotations.DestructiveHint {
		t.Error("update_folder, a rename, is marked destructive")
	}
	for name, must := range map[string][]string{
		"test_trigger":           {"only a flow's trigger", "does not run the flow"},
		"get_trigger_run_status": {"per trigger piece", "not per flow"},
	} {
		for _, m := range must {
			if !strings.Contains(defs[name].Description, m) {
				t.Errorf("%s: description %q lacks %q", name, defs[name].Description, m)
			}
		}
	}
	op := string(defs["apply_flow_operation"].RawInputSchema)
	if !strings.Contains(op, "MOVE_ACTION: the step") || !strings.Contains(op, "CHANGE_FOLDER (moves the flow)") {
		t.Errorf("apply_flow_operation does not tell MOVE_ACTION (a step) from CHANGE_FOLDER (the flow): %s", op)
	}
}

func TestToolsetRefusesAToolWithWrongHints(t *testing.T) {
	read := ListFlows(nil)
	write := DeleteFlow(nil)
	noHints := ListFlows(nil)
	noHints.Tool.Annotations.IdempotentHint = nil
	untitled := ListFlows(nil)
	untitled.Tool.Annotations.Title = ""
	cases := []struct {
		name string
		add  func(*toolkit.Toolset)
		want string
	}{
		{"write tool in the read list", func(ts *toolkit.Toolset) { ts.AddReadTools(write) },
			"toolset x: tool delete_flow is in a read list but is not marked readOnly, non-destructive and idempotent"},
		{"read tool in the write list", func(ts *toolkit.Toolset) { ts.AddWriteTools(read) }, "toolset x: tool list_flows is in a write list but is marked readOnly"},
		{"missing hint", func(ts *toolkit.Toolset) { ts.AddReadTools(noHints) }, "toolset x: tool list_flows does not set all four hints"},
		{"missing title", func(ts *toolkit.Toolset) { ts.AddReadTools(untitled) }, "toolset x: tool list_flows has no title, or two different ones"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tc.want {
					t.Errorf("panic = %v, want %q", got, tc.want)
				}
			}()
			tc.add(toolkit.NewToolset("x", ""))
		})
	}
}

func TestReadOnlyRegistersNoWriteTool(t *testing.T) {
	c, err := client.New(client.Config{GatewayURL: "http://engine.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	s := server.NewMCPServer("t", "0", server.WithToolCapabilities(false))
	names, err := Register(s, c, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	registered := s.ListTools()
	if len(registered) != len(names) || len(names) == 0 {
		t.Fatalf("registered %d tools, Register reported %d", len(registered), len(names))
	}
	for name, st := range registered {
		if !*st.Tool.Annotations.ReadOnlyHint {
			t.Errorf("read-only mode registered %s", name)
		}
	}
	for _, must := range []string{"list_flows", "get_run", "wait_for_run"} {
		if _, ok := registered[must]; !ok {
			t.Errorf("read-only mode left out read tool %s", must)
		}
	}
	if _, ok := registered["trigger_flow"]; ok {
		t.Error("read-only mode registered trigger_flow")
	}
	if _, err := Register(s, nil, Options{}); err == nil {
		t.Error("Register with a nil client succeeded")
	}
}

func TestFilters(t *testing.T) {
	cases := []struct {
		name    string
		opts    Options
		want    []string
		wantErr string
	}{
		{"one toolset", Options{Toolsets: []string{"folders"}}, []string{"create_folder", "delete_folder", "get_folder", "list_folders", "update_folder"}, ""},
		{"two toolsets read-only", Options{Toolsets: []string{"runs", "pieces"}, ReadOnly: true}, []string{"get_piece", "get_run", "list_pieces", "list_runs", "wait_for_run"}, ""},
		{"all with tools", Options{Toolsets: []string{"all"}, Tools: []string{"trigger_flow", "get_run"}}, []string{"get_run", "trigger_flow"}, ""},
		{"exclude", Options{Toolsets: []string{"triggers"}, ExcludeTools: []string{"test_trigger"}}, []string{"get_trigger_run_status"}, ""},
		{"tool outside the toolsets", Options{Toolsets: []string{"folders"}, Tools: []string{"get_run"}}, nil,
			"the filters select no tool (toolsets [folders], tools [get_run], exclude-tools [], read-only false): widen them"},
		{"read-only with only write tools", Options{Tools: []string{"trigger_flow"}, ReadOnly: true}, nil,
			"the filters select no tool (toolsets [], tools [trigger_flow], exclude-tools [], read-only true): widen them; mcp-bridge tools --read-only lists the read tools"},
		{"unknown toolset", Options{Toolsets: []string{"flow"}}, nil,
			`unknown toolset "flow"; valid toolsets: all, channels, connections, flows, folders, invitations, mcp_servers, pieces, runs, tables, triggers`},
		{"unknown tool", Options{Tools: []string{"run_flow"}}, nil, `unknown tool "run_flow" in tools; valid tools: apply_flow_operation, build_flow,`},
		{"unknown excluded tool", Options{ExcludeTools: []string{"nope"}}, nil, `unknown tool "nope" in exclude-tools; valid tools: apply_flow_operation,`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defs, err := Definitions(tc.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want prefix %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := toolNames(defs); !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("tools = %v, want %v", got, tc.want)
			}
		})
	}
}

// Budgets on what every model sees in tools/list for each tool: the compact
// JSON object of its name, description and input schema. Long reference text belongs
// where it is read on demand (get_piece, error hints, the instructions), not
// in every definition. Before the budget was tightened (35 tools): 572 bytes
// on average, apply_flow_operation 2,930 and build_flow 2,558 (without the
// member names, which this measure now counts, as docs/benchmarks.md does).
const (
	budgetAverage = 500
	budgetOneTool = 1500
)

func TestDefinitionSizeBudget(t *testing.T) {
	defs := allDefinitions(t)
	total, largest, largestName := 0, 0, ""
	for _, d := range defs {
		// Measured as the benchmark measures it: the compact JSON object a
		// client shows the model, member names included.
		seen, err := json.Marshal(struct {
			Name        string          `json:"name"`
			Description string          `json:"description"`
			InputSchema json.RawMessage `json:"inputSchema"`
		}{d.Name, d.Description, d.RawInputSchema})
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		size := len(seen)
		total += size
		if size > budgetOneTool {
			t.Errorf("%s: %d bytes, over the %d-byte budget of one tool", d.Name, size, budgetOneTool)
		}
		if size > largest {
			largest, largestName = size, d.Name
		}
		if len(d.Description) > 300 {
			t.Errorf("%s: description of %d bytes; keep it short", d.Name, len(d.Description))
		}
	}
	avg := total / len(defs)
	t.Logf("%d tools, %d bytes in all, %d on average, largest %s with %d", len(defs), total, avg, largestName, largest)
	if avg > budgetAverage {
		t.Errorf("average definition is %d bytes, over the %d-byte budget", avg, budgetAverage)
	}
}

// A model fills in arguments from their descriptions: every input property,
// nested ones included, must have one.
func TestEveryInputPropertyIsDescribed(t *testing.T) {
	for _, d := range allDefinitions(t) {
		var root map[string]any
		if err := json.Unmarshal(d.RawInputSchema, &root); err != nil {
			t.Fatal(err)
		}
		for _, path := range undescribed(root, "") {
			t.Errorf("%s: input property %s has no description", d.Name, path)
		}
	}
}

// undescribed lists the properties under node (and its array items) that lack a description.
func undescribed(node map[string]any, path string) []string {
	var out []string
	props, _ := node["properties"].(map[string]any)
	for name, raw := range props {
		prop, _ := raw.(map[string]any)
		at := strings.TrimPrefix(path+"."+name, ".")
		if desc, _ := prop["description"].(string); strings.TrimSpace(desc) == "" {
			out = append(out, at)
		}
		out = append(out, undescribed(prop, at)...)
	}
	if items, ok := node["items"].(map[string]any); ok {
		out = append(out, undescribed(items, path+"[]")...)
	}
	return out
}

func TestGetToolsTakeDetailAndListToolsPage(t *testing.T) {
	for _, d := range allDefinitions(t) {
		in, out := string(d.RawInputSchema), string(d.RawOutputSchema)
		if strings.HasPrefix(d.Name, "get_") && !strings.Contains(in, `"detail":{"type":"string","enum":["summary","full"]`) {
			t.Errorf("%s takes no detail: summary|full", d.Name)
		}
		// The channel service returns every automation at once: there is nothing to page.
		if strings.HasPrefix(d.Name, "list_") && d.Name != "list_channel_automations" && !strings.Contains(out, `"hasMore"`) {
			t.Errorf("%s does not say whether more items follow", d.Name)
		}
		if strings.HasPrefix(d.Name, "list_") && strings.Contains(in, `"cursor"`) && !strings.Contains(out, `"nextCursor"`) {
			t.Errorf("%s takes a cursor but returns none", d.Name)
		}
	}
}
