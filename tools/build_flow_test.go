package tools

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// echoStep answers a sync webhook with the request body.
const echoStep = `{"type":"PIECE","pieceName":"@activepieces/piece-webhook","actionName":"return_response",` +
	`"input":{"responseType":"json","fields":{"status":200,"body":"{{trigger.body}}"}}}`

func TestBuildFlowNamesAndNestsStepsDepthFirst(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	spec := `{"displayName":"Nested","steps":[
		{"type":"LOOP_ON_ITEMS","items":"{{trigger.body.items}}","steps":[
			{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0,"unit":"seconds"}},
			{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0,"unit":"seconds"}}]},
		{"type":"ROUTER","branches":[
			{"branchName":"big","conditions":[[{"firstValue":"{{trigger.body.n}}","operator":"NUMBER_IS_GREATER_THAN","secondValue":"5"}]],"steps":[` + echoStep + `]},
			{"branchName":"otherwise","steps":[]}]},
		{"name":"last","type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0,"unit":"seconds"}}],
		"publish":true}`
	var f flowDetail
	h.ok("build_flow", spec, &f)
	type want struct {
		name, typ, parent string
		depth             int
	}
	wants := []want{
		{"step_1", "LOOP_ON_ITEMS", "trigger", 0},
		{"step_2", "PIECE", "step_1", 1}, // first child: INSIDE_LOOP
		{"step_3", "PIECE", "step_2", 1},
		{"step_4", "ROUTER", "step_1", 0}, // next sibling: AFTER the loop
		{"step_5", "PIECE", "step_4", 1},  // INSIDE_BRANCH 0
		{"last", "PIECE", "step_4", 0},
	}
	if len(f.Steps) != len(wants) {
		t.Fatalf("steps = %+v, want %d", f.Steps, len(wants))
	}
	for i, w := range wants {
		s := f.Steps[i]
		if s.Name != w.name || s.Type != w.typ || s.Parent != w.parent || s.Depth != w.depth {
			t.Errorf("step %d = %s %s after %s at depth %d, want %+v", i, s.Name, s.Type, s.Parent, s.Depth, w)
		}
	}
	var full struct {
		Definition workflows.Trigger `json:"definition"`
	}
	h.ok("get_flow", `{"flowId":"`+f.ID+`","detail":"full"}`, &full)
	step2 := workflows.FindStep(&full.Definition, "step_2")
	if step2 == nil || step2.Settings.PropertySettings["delayFor"].Type != "MANUAL" || step2.Settings.PropertySettings["unit"].Type != "MANUAL" {
		t.Errorf("step_2 property settings = %+v, want every input key MANUAL", step2)
	}
	router := workflows.FindStep(&full.Definition, "step_4")
	if router == nil || len(router.Settings.Branches) != 2 || router.Settings.Branches[1].BranchType != "FALLBACK" || router.Settings.Branches[0].BranchName != "big" {
		t.Errorf("router branches = %+v", router)
	}
	if f.Status != "ENABLED" || f.PublishedVersionID == "" || !f.Valid {
		t.Errorf("publish=true: status=%s published=%q valid=%v", f.Status, f.PublishedVersionID, f.Valid)
	}
	// The outline says which branch a step is in.
	if f.Steps[4].Branch != "step_4: big" || f.Steps[5].Branch != "" || f.Steps[1].Branch != "" {
		t.Errorf("branches in the outline: %q, %q, %q", f.Steps[4].Branch, f.Steps[5].Branch, f.Steps[1].Branch)
	}
}

// The three mistakes a model makes most, each answered with one error that
// names the step, the field and what would be valid, before anything is created.
func TestBuildFlowNamesTheStepTheFieldAndTheValidValues(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	const delay = `{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":1}}`
	h.refuses("build_flow", `{"displayName":"x","steps":[{"type":"ROUTER","branches":[`+
		`{"branchName":"big","conditions":[[{"firstValue":"{{trigger.body.n}}","operator":"GREATER_THAN","secondValue":"5"}]]},{"branchName":"else"}]}]}`,
		`invalid argument steps[0].branches[0].conditions[0][0].operator: expected one of `+strings.Join(branchOperators, ", ")+
			` (router step_1), got "GREATER_THAN"`)
	h.refuses("build_flow", `{"displayName":"x","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor"}]}`,
		"missing required argument steps[0].input.delayFor: expected delayFor (Amount, NUMBER), required by action delayFor of @activepieces/piece-delay (step step_1)")
	h.refuses("build_flow", `{"displayName":"x","steps":[`+delay+`,`+echoStepWith(`{{step_l.body}}`)+`]}`,
		`invalid argument steps[1].input.fields.body: expected {{…}} to start from the trigger or a step that runs before step_2: trigger, step_1 (did you mean step_1?), got "step_l"`)
}

// echoStepWith is a Return Response step answering with body.
func echoStepWith(body string) string {
	return `{"type":"PIECE","pieceName":"@activepieces/piece-webhook","actionName":"return_response","input":{"fields":{"body":"` + body + `"}}}`
}

func TestBuildFlowReportsEveryProblemAtOnce(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	h.refuses("build_flow", `{"displayName":"x","trigger":{"triggerName":"catch_mail"},"steps":[
		{"type":"PIECE","pieceName":"@activepieces/piece-webhook","actionName":"send"},
		{"type":"LOOP_ON_ITEMS","items":"{{step_9.list}}","steps":[{"type":"CODE","code":"x","foo":1},{"type":"CODE"}]},
		{"name":"step_1","type":"ROUTER","branches":[{"branchName":"a"},{"branchName":"b","conditions":[[{"firstValue":"1","operator":"EXISTS"}]],"steps":[{"type":"SEND"}]}]},
		{"type":"PIECE","pieceName":"@activepieces/piece-gmail","actionName":"send_email"}]}`,
		`unknown argument steps[1].steps[0].foo: expected one of name, displayName, type, pieceName, pieceVersion, actionName, input, code, items, steps, branches; `+
			`missing required argument steps[1].steps[1].code: expected the source of a CODE step: export const code = async (inputs) => { return … }; `+
			`invalid argument steps[2].name: expected a name not used by another step (also at steps[0]), got "step_1"; `+
			`invalid argument steps[2].branches[0].conditions: expected conditions on every branch but the last (the fallback); `+
			`invalid argument steps[2].branches[1].steps[0].type: expected one of PIECE, CODE, LOOP_ON_ITEMS, ROUTER, got "SEND"; `+
			`invalid argument steps[1].items: expected {{…}} to start from the trigger or a step that runs before step_2: trigger, step_1 (did you mean step_1?), got "step_9"; `+
			`invalid argument trigger.triggerName: expected a trigger of @activepieces/piece-webhook: catch_webhook (step trigger), got "catch_mail"; `+
			`invalid argument steps[0].actionName: expected an action of @activepieces/piece-webhook: return_response (step step_1), got "send"; `+
			`invalid argument steps[3].pieceName: expected a piece the engine has: list_pieces with a searchQuery finds pieces by name, action or trigger (step step_5), got "@activepieces/piece-gmail"`)
	h.rejects("build_flow", `{"steps":[]}`, "missing required argument displayName: expected a string (Flow name)")
}

func TestBuildFlowDryRunCreatesNothing(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	before := h.flowCount()
	var out buildFlowOutput
	h.ok("build_flow", `{"displayName":"Plan","dryRun":true,"publish":true,"steps":[`+
		`{"type":"ROUTER","branches":[{"branchName":"yes","conditions":[[{"firstValue":"{{trigger.body.ok}}","operator":"BOOLEAN_IS_TRUE"}]],"steps":[`+echoStep+`]},{"branchName":"no"}]}]}`, &out)
	if !out.DryRun || out.ID != "" || len(out.Steps) != 2 || out.Steps[1].Name != "step_2" || out.Steps[1].Branch != "step_1: yes" || out.Status != "ENABLED" {
		t.Errorf("dry run = %+v", out)
	}
	if after := h.flowCount(); after != before {
		t.Errorf("a dry run created a flow: %d flows before, %d after", before, after)
	}
	h.refuses("build_flow", `{"displayName":"Plan","dryRun":true,"steps":[{"type":"CODE","code":"x","input":{"a":"{{nope.x}}"}}]}`,
		`invalid argument steps[0].input.a: expected {{…}} to start from the trigger or a step that runs before step_1: trigger, got "nope"`)
}

// A required input with a default is filled in, as the engine's editor does,
// so that the flow is valid and can be published.
func TestBuildFlowFillsInRequiredDefaults(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f buildFlowOutput
	h.ok("build_flow", `{"displayName":"Defaults","publish":true,"steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0}}]}`, &f)
	if !f.Valid || f.Status != "ENABLED" {
		t.Fatalf("flow = %+v", f.flowDetail)
	}
	var full struct {
		Definition workflows.Trigger `json:"definition"`
	}
	h.ok("get_flow", `{"flowId":"`+f.ID+`","detail":"full"}`, &full)
	if step := workflows.FindStep(&full.Definition, "step_1"); step == nil || step.Settings.Input["unit"] != "seconds" {
		t.Errorf("step_1 = %+v, want unit filled in with its default", step)
	}
}

func TestBuildFlowDeletesAHalfBuiltFlow(t *testing.T) {
	h := newHarness(t, harnessConfig{fail: func(r *http.Request, body []byte) int {
		if r.Method == http.MethodPost && strings.Contains(string(body), `"LOCK_AND_PUBLISH"`) {
			return http.StatusBadRequest
		}
		return 0
	}})
	before := h.flowCount()
	text := h.fails("build_flow", `{"displayName":"Half","steps":[`+echoStep+`],"publish":true}`,
		"build_flow failed while publishing: the engine answered 400 Bad Request (code FLOW_OPERATION_INVALID): injected failure.",
		"The half-built flow", "was deleted, so nothing of this call is left. Hint: fix the spec (dryRun:true checks one without creating anything) and call build_flow again.")
	if strings.Contains(text, "get_flow") || strings.Count(text, "Hint:") != 1 {
		t.Errorf("the error points at the deleted flow, or gives two hints: %s", text)
	}
	if after := h.flowCount(); after != before {
		t.Errorf("the half-built flow is still there: %d flows before, %d after", before, after)
	}
}

// After the half-built flow is deleted, the cause must not also say to check
// before calling again: the two hints would contradict each other.
func TestAbandonedBuildSaysToCallAgainOnce(t *testing.T) {
	engine := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodDelete {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer engine.Close()
	c, err := client.New(client.Config{GatewayURL: engine.URL})
	if err != nil {
		t.Fatal(err)
	}
	cause := &client.APIError{Method: "POST", Path: "/v1/flows/f1", Status: http.StatusBadGateway}
	err = abandonBuild(context.Background(), c, toolkit.Spec{Name: "build_flow", Hints: toolkit.CreateHints}, unknownID, "adding step_1 (steps[0])", cause)
	want := "build_flow failed while adding step_1 (steps[0]): the engine answered 502 Bad Gateway. " +
		"The half-built flow " + unknownID + " was deleted, so nothing of this call is left. Hint: call build_flow again shortly."
	if err == nil || err.Error() != want {
		t.Errorf("abandonBuild:\n got %v\nwant %s", err, want)
	}
}

// The checks, the search and the table writes go through the client, so
// they work the same on the Activepieces layout.
func TestChecksSearchAndTablesOnTheActivepiecesLayout(t *testing.T) {
	h := newHarness(t, harnessConfig{cfg: client.Config{Layout: client.LayoutActivepieces}})
	h.refuses("build_flow", `{"displayName":"x","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor"}]}`,
		"missing required argument steps[0].input.delayFor: expected delayFor (Amount, NUMBER), required by action delayFor of @activepieces/piece-delay (step step_1)")
	var plan buildFlowOutput
	h.ok("build_flow", `{"displayName":"x","dryRun":true,"steps":[`+echoStep+`]}`, &plan)
	var found listPiecesOutput
	h.ok("list_pieces", `{"searchQuery":"return response"}`, &found)
	if webhook := pieceNamed(found.Pieces, "@activepieces/piece-webhook"); webhook == nil || len(webhook.Matches) != 1 {
		t.Errorf("search on activepieces = %+v", found.Pieces)
	}
	var table tableDetail
	h.ok("create_table", `{"name":"T","fields":[{"name":"a"}]}`, &table)
	var rows recordsOutput
	h.ok("insert_records", `{"tableId":"`+table.ID+`","records":[{"a":"1"}]}`, &rows)
	if len(rows.Records) != 1 || rows.Records[0].Cells["a"] != "1" {
		t.Errorf("insert on activepieces = %+v", rows.Records)
	}
}

// A schedule trigger's cron expression is checked as the engine checks it when
// it enables the trigger: one it would refuse is refused before anything is
// created, with what would be valid; one it takes builds and publishes.
func TestBuildFlowChecksCronExpressions(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	trigger := func(expr string) string {
		return `"trigger":{"pieceName":"@activepieces/piece-schedule","triggerName":"cron_expression","input":{"cronExpression":"` + expr + `","timezone":"UTC"}}`
	}
	h.refuses("build_flow", `{"displayName":"Mondays","publish":true,`+trigger("0 9 * * MON")+`,"steps":[{"type":"CODE","code":"export const code = async () => 1"}]}`,
		`invalid argument trigger.input.cronExpression: expected `+cronExpectation+`, got "0 9 * * MON"`)
	var out buildFlowOutput
	h.ok("build_flow", `{"displayName":"Mondays","publish":true,`+trigger("0 9 * * 1")+`,"steps":[{"type":"CODE","code":"export const code = async () => 1"}]}`, &out)
	if out.Status != "ENABLED" {
		t.Errorf("a valid schedule: %+v", out)
	}
	h.refusesUnwritten("apply_flow_operation", `{"flowId":"`+out.ID+`","type":"UPDATE_TRIGGER",`+trigger("0 9 ? * *")+`}`,
		`invalid argument trigger.input.cronExpression: expected `+cronExpectation+`, got "0 9 ? * *"`)
}
