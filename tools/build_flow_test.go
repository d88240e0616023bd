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
}

func TestBuildFlowChecksTheWholeSpecFirst(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	cases := []struct{ name, spec, want string }{
		{"missing action", `{"displayName":"x","steps":[{"type":"PIECE","pieceName":"p"}]}`,
			"missing required argument steps[0].actionName: expected the action of a PIECE step (get_piece lists them)"},
		{"nested unknown field", `{"displayName":"x","steps":[{"type":"LOOP_ON_ITEMS","items":"{{trigger.body}}","steps":[{"type":"CODE","code":"x","foo":1}]}]}`,
			"unknown argument steps[0].steps[0].foo: expected one of name, displayName, type, pieceName, pieceVersion, actionName, input, code, items, steps, branches"},
		{"nested bad type", `{"displayName":"x","steps":[{"type":"ROUTER","branches":[{"branchName":"a","steps":[{"type":"SEND"}]}]}]}`,
			`invalid argument steps[0].branches[0].steps[0].type: expected one of PIECE, CODE, LOOP_ON_ITEMS, ROUTER, got "SEND"`},
		{"duplicate name", `{"displayName":"x","steps":[{"type":"CODE","code":"a"},{"name":"step_1","type":"CODE","code":"b"}]}`,
			`invalid argument steps[1].name: expected a name not used by another step (also at steps[0]), got "step_1"`},
		{"steps on a piece", `{"displayName":"x","steps":[{"type":"CODE","code":"a","steps":[{"type":"CODE","code":"b"}]}]}`,
			`invalid argument steps[0].type: expected LOOP_ON_ITEMS when steps is set (routers nest steps in branches), got "CODE"`},
		{"fallback not last", `{"displayName":"x","steps":[{"type":"ROUTER","branches":[{"branchName":"a"},{"branchName":"b","conditions":[[{"firstValue":"1","operator":"EXISTS"}]]}]}]}`,
			"invalid argument steps[0].branches[0].conditions: expected conditions on every branch but the last (the fallback)"},
		{"no display name", `{"steps":[]}`, "missing required argument displayName: expected a string (Flow name)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { h.rejects("build_flow", tc.spec, tc.want) })
	}

	// Checked against the engine's pieces before anything is created.
	h.fails("build_flow", `{"displayName":"x","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-webhook","actionName":"send"}]}`,
		`invalid argument steps[0].actionName: expected an action of @activepieces/piece-webhook: return_response, got "send"`)
	h.fails("build_flow", `{"displayName":"x","trigger":{"triggerName":"catch_mail"}}`,
		`invalid argument trigger.triggerName: expected a trigger of @activepieces/piece-webhook: catch_webhook, got "catch_mail"`)
	h.fails("build_flow", `{"displayName":"x","trigger":{"pieceName":"@activepieces/piece-gmail","triggerName":"new_email"}}`,
		`invalid argument trigger.pieceName: expected a piece the engine has, at that version (list_pieces lists them), got "@activepieces/piece-gmail"`)
	var flows listFlowsOutput
	h.ok("list_flows", `{"name":"x"}`, &flows)
	if len(flows.Flows) != 0 {
		t.Errorf("a rejected spec left flows behind: %+v", flows.Flows)
	}
}

func TestBuildFlowDeletesAHalfBuiltFlow(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	// A delay step without its required input is accepted as a draft but cannot be published.
	text := h.fails("build_flow", `{"displayName":"Half","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor"}],"publish":true}`,
		"build_flow failed while publishing:", "FLOW_OPERATION_INVALID", "was deleted; fix the spec and call build_flow again.")
	if !strings.Contains(text, "The half-built flow") {
		t.Errorf("error does not name the deleted flow: %s", text)
	}
	var flows listFlowsOutput
	h.ok("list_flows", `{"name":"Half"}`, &flows)
	if len(flows.Flows) != 0 {
		t.Errorf("the half-built flow is still there: %+v", flows.Flows)
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
	want := "build_flow failed while adding step_1 (steps[0]): the engine answered 502 Bad Gateway. Hint: the engine or gateway failed; the request may still have been carried out, and calling build_flow again is safe. " +
		"The half-built flow " + unknownID + " was deleted; fix the spec and call build_flow again."
	if err == nil || err.Error() != want {
		t.Errorf("abandonBuild:\n got %v\nwant %s", err, want)
	}
}
