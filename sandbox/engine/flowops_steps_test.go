package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// delayActionJSON is an ADD_ACTION/UPDATE_ACTION action: a valid Delay For step.
func delayActionJSON(name string) string {
	return fmt.Sprintf(`{"name": %q, "displayName": "Delay %s", "type": "PIECE", "valid": false,
	  "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor",
	    "input": {"unit": "seconds", "delayFor": 2}}}`, name, name)
}

func TestAddAction(t *testing.T) {
	tests := []struct {
		name    string
		request string
		outline string
	}{
		{"after the trigger", `{"parentStep": "trigger", "action": ` + delayActionJSON("new") + `}`,
			"new " + fixtureOutline},
		{"after a step, location defaulting to AFTER", `{"parentStep": "step_4", "action": ` + delayActionJSON("new") + `}`,
			fixtureOutline + " new"},
		{"after a step inside a loop", `{"parentStep": "step_2", "stepLocationRelativeToParent": "AFTER", "action": ` + delayActionJSON("new") + `}`,
			"step_1 loop_1{step_2 new} router_1[step_3|] step_4"},
		{"first inside a loop", `{"parentStep": "loop_1", "stepLocationRelativeToParent": "INSIDE_LOOP", "action": ` + delayActionJSON("new") + `}`,
			"step_1 loop_1{new step_2} router_1[step_3|] step_4"},
		{"first inside a branch with steps", `{"parentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": 0, "action": ` + delayActionJSON("new") + `}`,
			"step_1 loop_1{step_2} router_1[new step_3|] step_4"},
		{"inside an empty branch", `{"parentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": 1, "action": ` + delayActionJSON("new") + `}`,
			"step_1 loop_1{step_2} router_1[step_3|new] step_4"},
		{"a loop", `{"parentStep": "step_1", "action": {"name": "loop_2", "displayName": "Loop", "type": "LOOP_ON_ITEMS", "settings": {"items": "{{trigger.body}}"}}}`,
			"step_1 loop_2{} loop_1{step_2} router_1[step_3|] step_4"},
		{"a router gets one empty chain per branch", `{"parentStep": "step_4", "action": {"name": "router_2", "displayName": "R", "type": "ROUTER",
			"settings": {"executionType": "EXECUTE_ALL_MATCH", "branches": [{"branchType": "CONDITION", "branchName": "a", "conditions": [[{"firstValue": "1", "operator": "EXISTS"}]]}, {"branchType": "FALLBACK", "branchName": "b"}]}}}`,
			fixtureOutline + " router_2[|]"},
		// Activepieces answers 200 and adds nothing (the sandbox used to answer 400).
		{"under a parent that does not exist: nothing", `{"parentStep": "step_9", "action": ` + delayActionJSON("new") + `}`,
			fixtureOutline},
		{"inside a loop that does not exist: nothing", `{"parentStep": "loop_9", "stepLocationRelativeToParent": "INSIDE_LOOP", "action": ` + delayActionJSON("new") + `}`,
			fixtureOutline},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			flow := fixtureFlow(t)
			f.mustApply(t, flow, "ADD_ACTION", tc.request)
			if got := outline(&flow.Version.Trigger); got != tc.outline {
				t.Fatalf("outline = %q\n         want %q", got, tc.outline)
			}
			if flow.Version.ID != "version_1" {
				t.Errorf("editing a draft changed its id to %s", flow.Version.ID)
			}
			if !flow.Version.Valid {
				t.Errorf("version not valid after adding a valid step: %s", invalidParts(flow.Version))
			}
			if flow.Version.Updated != fixtureStamp || flow.Updated != fixtureStamp {
				t.Errorf("updated = %s / %s, want %s", flow.Version.Updated, flow.Updated, fixtureStamp)
			}
		})
	}
}

// TestStepOperationErrors covers every kind of error the step operations give.
func TestStepOperationErrors(t *testing.T) {
	const invalid, fastify, missing = "FLOW_OPERATION_INVALID", "FST_ERR_VALIDATION", "ENTITY_NOT_FOUND"
	tests := []struct {
		name, op, request string
		status            int
		code, message     string
	}{
		{"duplicate name", "ADD_ACTION", `{"parentStep": "trigger", "action": ` + delayActionJSON("step_2") + `}`,
			400, invalid, `a step named "step_2" already exists in the flow`},
		{"name trigger", "ADD_ACTION", `{"parentStep": "trigger", "action": ` + delayActionJSON("trigger") + `}`,
			400, invalid, `a step named "trigger" already exists in the flow`},
		{"malformed name", "ADD_ACTION", `{"parentStep": "trigger", "action": ` + delayActionJSON("1st-step") + `}`,
			400, invalid, `step name "1st-step" is invalid: it must match ^[a-zA-Z_][a-zA-Z0-9_]*$`},
		{"INSIDE_LOOP on a non-loop", "ADD_ACTION", `{"parentStep": "step_1", "stepLocationRelativeToParent": "INSIDE_LOOP", "action": ` + delayActionJSON("new") + `}`,
			400, invalid, `step "step_1" is a PIECE, not a LOOP_ON_ITEMS: INSIDE_LOOP needs a loop as parent`},
		{"INSIDE_LOOP on the trigger", "ADD_ACTION", `{"parentStep": "trigger", "stepLocationRelativeToParent": "INSIDE_LOOP", "action": ` + delayActionJSON("new") + `}`,
			400, invalid, `INSIDE_LOOP needs a step as parent, not the trigger`},
		{"INSIDE_BRANCH on a loop", "ADD_ACTION", `{"parentStep": "loop_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": 0, "action": ` + delayActionJSON("new") + `}`,
			400, invalid, `step "loop_1" is a LOOP_ON_ITEMS, not a ROUTER: INSIDE_BRANCH needs a router as parent`},
		{"branch index too high", "ADD_ACTION", `{"parentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": 2, "action": ` + delayActionJSON("new") + `}`,
			400, invalid, `branchIndex 2 is out of range: router "router_1" has 2 branches (0 to 1)`},
		{"negative branch index", "ADD_ACTION", `{"parentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": -1, "action": ` + delayActionJSON("new") + `}`,
			400, invalid, `branchIndex -1 is out of range: router "router_1" has 2 branches (0 to 1)`},
		{"branch index missing", "ADD_ACTION", `{"parentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "action": ` + delayActionJSON("new") + `}`,
			400, fastify, "body/request/branchIndex must be integer"},
		{"success branch", "ADD_ACTION", `{"parentStep": "step_1", "stepLocationRelativeToParent": "INSIDE_ON_SUCCESS_BRANCH", "action": ` + delayActionJSON("new") + `}`,
			400, invalid, "INSIDE_ON_SUCCESS_BRANCH needs a BRANCH step, which Activepieces replaced with ROUTER and the sandbox does not support; add a ROUTER and use INSIDE_BRANCH with a branchIndex"},
		{"unknown location", "ADD_ACTION", `{"parentStep": "step_1", "stepLocationRelativeToParent": "BEFORE", "action": ` + delayActionJSON("new") + `}`,
			400, fastify, "body/request/stepLocationRelativeToParent must be equal to one of the allowed values: AFTER, INSIDE_LOOP, INSIDE_BRANCH, INSIDE_ON_SUCCESS_BRANCH, INSIDE_ON_FAILURE_BRANCH"},
		{"request not an object", "ADD_ACTION", `"step_1"`, 400, fastify, "body/request must be object"},
		{"request null", "ADD_ACTION", `null`, 400, fastify, "body/request must be object"},
		{"parent missing", "ADD_ACTION", `{"action": ` + delayActionJSON("new") + `}`, 400, fastify, "body/request/parentStep must be string"},
		{"action missing", "ADD_ACTION", `{"parentStep": "trigger"}`, 400, fastify, "body/request/action must be object"},
		{"action name missing", "ADD_ACTION", `{"parentStep": "trigger", "action": {"displayName": "x", "type": "PIECE", "settings": {}}}`,
			400, fastify, "body/request/action/name must be string"},
		{"action name not a string", "ADD_ACTION", `{"parentStep": "trigger", "action": {"name": 3, "displayName": "x", "type": "PIECE", "settings": {}}}`,
			400, fastify, "body/request/action/name must be string"},
		{"action type unknown", "ADD_ACTION", `{"parentStep": "trigger", "action": {"name": "x", "displayName": "x", "type": "BRANCH", "settings": {}}}`,
			400, fastify, "body/request/action/type must be equal to one of the allowed values: CODE, PIECE, LOOP_ON_ITEMS, ROUTER"},
		{"settings missing", "ADD_ACTION", `{"parentStep": "trigger", "action": {"name": "x", "displayName": "x", "type": "CODE"}}`,
			400, fastify, "body/request/action/settings must be object"},
		{"unknown piece", "ADD_ACTION", `{"parentStep": "trigger", "action": {"name": "x", "displayName": "x", "type": "PIECE",
			"settings": {"pieceName": "@activepieces/piece-slack", "pieceVersion": "0.5.0", "actionName": "send_message", "input": {}}}}`,
			404, missing, "piece @activepieces/piece-slack not found"},
		{"unknown piece version", "ADD_ACTION", `{"parentStep": "trigger", "action": {"name": "x", "displayName": "x", "type": "PIECE",
			"settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "9.9.9", "actionName": "return_response", "input": {}}}}`,
			404, missing, "piece @activepieces/piece-webhook@9.9.9 not found"},
		{"update unknown step", "UPDATE_ACTION", delayActionJSON("step_9"), 400, invalid, `step "step_9" does not exist in the flow`},
		{"update without type", "UPDATE_ACTION", `{"name": "step_1", "displayName": "x", "settings": {}}`,
			400, fastify, "body/request/type must be equal to one of the allowed values: CODE, PIECE, LOOP_ON_ITEMS, ROUTER"},
		{"delete the trigger", "DELETE_ACTION", `{"names": ["trigger"]}`, 400, invalid, "the trigger cannot be deleted; change it with UPDATE_TRIGGER"},
		{"delete unknown", "DELETE_ACTION", `{"names": ["step_1", "step_9"]}`, 400, invalid, `step "step_9" does not exist in the flow`},
		{"delete nothing", "DELETE_ACTION", `{"names": []}`, 400, fastify, "body/request/names must NOT have fewer than 1 items"},
		{"delete names not a list", "DELETE_ACTION", `{"names": "step_1"}`, 400, fastify, "body/request/names must be array of strings"},
		{"duplicate unknown", "DUPLICATE_ACTION", `{"stepName": "nope"}`, 400, invalid, `step "nope" does not exist in the flow`},
		{"duplicate without name", "DUPLICATE_ACTION", `{}`, 400, fastify, "body/request/stepName must be string"},
		{"move unknown", "MOVE_ACTION", `{"name": "nope", "newParentStep": "trigger"}`, 400, invalid, `step "nope" does not exist in the flow`},
		{"move into itself", "MOVE_ACTION", `{"name": "loop_1", "newParentStep": "step_2"}`,
			400, invalid, `step "loop_1" cannot be moved after or inside itself or its own inner steps`},
		{"move inside itself as loop", "MOVE_ACTION", `{"name": "loop_1", "newParentStep": "loop_1", "stepLocationRelativeToParent": "INSIDE_LOOP"}`,
			400, invalid, `step "loop_1" cannot be moved after or inside itself or its own inner steps`},
		{"move to unknown parent", "MOVE_ACTION", `{"name": "step_1", "newParentStep": "nope"}`, 400, invalid, `parent step "nope" does not exist in the flow`},
		{"move without parent", "MOVE_ACTION", `{"name": "step_1"}`, 400, fastify, "body/request/newParentStep must be string"},
		{"skip unknown", "SET_SKIP_ACTION", `{"names": ["nope"], "skip": true}`, 400, invalid, `step "nope" does not exist in the flow`},
		{"skip without flag", "SET_SKIP_ACTION", `{"names": ["step_1"]}`, 400, fastify, "body/request/skip must be boolean"},
		{"unsupported operation", "ADD_BRANCH", `{"stepName": "router_1", "branchIndex": 1}`, 400, invalid,
			`operation type "ADD_BRANCH" is not supported by the sandbox; supported types: UPDATE_TRIGGER, ADD_ACTION, UPDATE_ACTION, DELETE_ACTION, DUPLICATE_ACTION, MOVE_ACTION, SET_SKIP_ACTION, CHANGE_NAME, CHANGE_FOLDER, UPDATE_METADATA, LOCK_AND_PUBLISH, CHANGE_STATUS, USE_AS_DRAFT, IMPORT_FLOW`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			f.mustRefuse(t, fixtureFlow(t), tc.op, tc.request, tc.status, tc.code, tc.message)
		})
	}
}

func TestUpdateAction(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	f.mustApply(t, flow, "SET_SKIP_ACTION", `{"names": ["step_1"], "skip": true}`)
	f.mustApply(t, flow, "UPDATE_ACTION", `{"name": "step_1", "displayName": "Wait longer", "type": "PIECE", "valid": false,
	  "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor",
	    "input": {"unit": "minutes", "delayFor": 5, "notAProp": "dropped"}}}`)
	step := workflows.FindStep(&flow.Version.Trigger, "step_1")
	if step.DisplayName != "Wait longer" || step.Settings.Input["unit"] != "minutes" {
		t.Fatalf("step not updated: %+v", step)
	}
	if _, kept := step.Settings.Input["notAProp"]; kept {
		t.Error("an undeclared input key was kept")
	}
	if !step.Skip {
		t.Error("UPDATE_ACTION without skip cleared the step's skip flag")
	}
	if got := outline(&flow.Version.Trigger); got != fixtureOutline {
		t.Errorf("outline changed to %q", got)
	}

	// Same type: a loop keeps its body; a router keeps its branches' steps.
	f.mustApply(t, flow, "UPDATE_ACTION", `{"name": "loop_1", "displayName": "Each", "type": "LOOP_ON_ITEMS", "settings": {"items": "{{trigger.body.list}}"}}`)
	f.mustApply(t, flow, "UPDATE_ACTION", `{"name": "router_1", "displayName": "Route", "type": "ROUTER", "settings": {"executionType": "EXECUTE_ALL_MATCH",
	  "branches": [{"branchType": "CONDITION", "branchName": "yes", "conditions": [[{"firstValue": "1", "operator": "EXISTS"}]]},
	               {"branchType": "CONDITION", "branchName": "also", "conditions": [[{"firstValue": "1", "operator": "EXISTS"}]]},
	               {"branchType": "FALLBACK", "branchName": "otherwise"}]}}`)
	if got, want := outline(&flow.Version.Trigger), "step_1 loop_1{step_2} router_1[step_3||] step_4"; got != want {
		t.Fatalf("outline = %q, want %q", got, want)
	}
	// Another type: the loop body goes with the loop.
	f.mustApply(t, flow, "UPDATE_ACTION", `{"name": "loop_1", "displayName": "Code now", "type": "CODE",
	  "settings": {"sourceCode": {"code": "export const code = async () => 1", "packageJson": "{}"}, "input": {}}}`)
	if got, want := outline(&flow.Version.Trigger), "step_1 loop_1 router_1[step_3||] step_4"; got != want {
		t.Fatalf("outline = %q, want %q", got, want)
	}
	if !flow.Version.Valid {
		t.Errorf("version should be valid: %s", invalidParts(flow.Version))
	}
}

func TestDeleteDuplicateMoveSkip(t *testing.T) {
	tests := []struct {
		name, op, request, outline string
		check                      func(t *testing.T, flow *workflows.Flow)
	}{
		{name: "delete one step", op: "DELETE_ACTION", request: `{"names": ["step_1"]}`,
			outline: "loop_1{step_2} router_1[step_3|] step_4"},
		{name: "delete a loop with its body", op: "DELETE_ACTION", request: `{"names": ["loop_1"]}`,
			outline: "step_1 router_1[step_3|] step_4"},
		{name: "delete a step and one inside it", op: "DELETE_ACTION", request: `{"names": ["router_1", "step_3"]}`,
			outline: "step_1 loop_1{step_2} step_4"},
		{name: "delete inside a branch", op: "DELETE_ACTION", request: `{"names": ["step_3"]}`,
			outline: "step_1 loop_1{step_2} router_1[|] step_4"},
		{name: "duplicate a step", op: "DUPLICATE_ACTION", request: `{"stepName": "step_1"}`,
			outline: "step_1 step_5 loop_1{step_2} router_1[step_3|] step_4",
			check: func(t *testing.T, flow *workflows.Flow) {
				dup := workflows.FindStep(&flow.Version.Trigger, "step_5")
				if dup.DisplayName != "Wait" || dup.Settings.ActionName != "delayFor" {
					t.Errorf("duplicate is not a copy: %+v", dup)
				}
			}},
		{name: "duplicate a loop renames its body", op: "DUPLICATE_ACTION", request: `{"stepName": "loop_1"}`,
			outline: "step_1 loop_1{step_2} step_5{step_6} router_1[step_3|] step_4"},
		{name: "duplicate inside a branch", op: "DUPLICATE_ACTION", request: `{"stepName": "step_3"}`,
			outline: "step_1 loop_1{step_2} router_1[step_3 step_5|] step_4"},
		{name: "move after another step", op: "MOVE_ACTION", request: `{"name": "step_1", "newParentStep": "step_4"}`,
			outline: "loop_1{step_2} router_1[step_3|] step_4 step_1"},
		{name: "move into a loop", op: "MOVE_ACTION", request: `{"name": "step_4", "newParentStep": "loop_1", "stepLocationRelativeToParent": "INSIDE_LOOP"}`,
			outline: "step_1 loop_1{step_4 step_2} router_1[step_3|]"},
		{name: "move a loop into a branch", op: "MOVE_ACTION", request: `{"name": "loop_1", "newParentStep": "router_1", "stepLocationRelativeToParent": "INSIDE_BRANCH", "branchIndex": 1}`,
			outline: "step_1 router_1[step_3|loop_1{step_2}] step_4"},
		{name: "move out of a branch to the top", op: "MOVE_ACTION", request: `{"name": "step_3", "newParentStep": "trigger"}`,
			outline: "step_3 step_1 loop_1{step_2} router_1[|] step_4"},
		{name: "skip steps", op: "SET_SKIP_ACTION", request: `{"names": ["step_1", "step_3"], "skip": true}`,
			outline: fixtureOutline,
			check: func(t *testing.T, flow *workflows.Flow) {
				for name, want := range map[string]bool{"step_1": true, "step_3": true, "step_2": false} {
					if got := workflows.FindStep(&flow.Version.Trigger, name).Skip; got != want {
						t.Errorf("%s skip = %v, want %v", name, got, want)
					}
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			flow := fixtureFlow(t)
			f.mustApply(t, flow, tc.op, tc.request)
			if got := outline(&flow.Version.Trigger); got != tc.outline {
				t.Fatalf("outline = %q\n         want %q", got, tc.outline)
			}
			if tc.check != nil {
				tc.check(t, flow)
			}
		})
	}
}

func TestUnskipAfterSkip(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	f.mustApply(t, flow, "SET_SKIP_ACTION", `{"names": ["step_2"], "skip": true}`)
	f.mustApply(t, flow, "SET_SKIP_ACTION", `{"names": ["step_2"], "skip": false}`)
	if workflows.FindStep(&flow.Version.Trigger, "step_2").Skip {
		t.Fatal("step_2 still skipped")
	}
}

func TestLastUpdatedDate(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	workflows.FindStep(&flow.Version.Trigger, "step_4").Extra = workflows.Extra{"lastUpdatedDate": []byte(`"2025-05-05T00:00:00.000Z"`)}
	f.mustApply(t, flow, "ADD_ACTION", `{"parentStep": "step_1", "action": `+delayActionJSON("new")+`}`)
	stamps := map[string]string{"trigger": string(flow.Version.Trigger.Extra["lastUpdatedDate"])}
	for _, s := range workflows.WalkSteps(&flow.Version.Trigger) {
		stamps[s.Action.Name] = string(s.Action.Extra["lastUpdatedDate"])
	}
	want := `"` + fixtureStamp + `"`
	for name, got := range stamps {
		wantHere := want
		if name == "step_4" {
			wantHere = `"2025-05-05T00:00:00.000Z"` // untouched steps keep their stamp
		}
		if got != wantHere {
			t.Errorf("%s lastUpdatedDate = %s, want %s", name, got, wantHere)
		}
	}
	f.env.Now = func() time.Time { return fixtureNow.Add(time.Hour) }
	f.mustApply(t, flow, "UPDATE_ACTION", delayActionJSON("step_4"))
	if got := string(workflows.FindStep(&flow.Version.Trigger, "step_4").Extra["lastUpdatedDate"]); got != `"2026-11-27T11:00:00.000Z"` {
		t.Errorf("updated step_4 lastUpdatedDate = %s", got)
	}
	if got := string(workflows.FindStep(&flow.Version.Trigger, "step_1").Extra["lastUpdatedDate"]); got != want {
		t.Errorf("untouched step_1 lastUpdatedDate changed to %s", got)
	}
}

func TestDuplicateRenamesInnerReferences(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	f.mustApply(t, flow, "UPDATE_ACTION", `{"name": "step_2", "displayName": "Wait inside", "type": "PIECE",
	  "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor",
	    "input": {"unit": "seconds", "delayFor": "{{ loop_1.index }} {{loop_1['item']}} {{step_1.delayForInMs}} {{loop_10.x}}"}}}`)
	f.mustApply(t, flow, "DUPLICATE_ACTION", `{"stepName": "loop_1"}`)
	if got, want := outline(&flow.Version.Trigger), "step_1 loop_1{step_2} step_5{step_6} router_1[step_3|] step_4"; got != want {
		t.Fatalf("outline = %q, want %q", got, want)
	}
	copied := workflows.FindStep(&flow.Version.Trigger, "step_6").Settings.Input["delayFor"]
	if want := "{{ step_5.index }} {{step_5['item']}} {{step_1.delayForInMs}} {{loop_10.x}}"; copied != want {
		t.Errorf("copied input = %q\n          want %q", copied, want)
	}
	original := workflows.FindStep(&flow.Version.Trigger, "step_2").Settings.Input["delayFor"]
	if want := "{{ loop_1.index }} {{loop_1['item']}} {{step_1.delayForInMs}} {{loop_10.x}}"; original != want {
		t.Errorf("original input changed to %q", original)
	}
}
