package tools

import (
	"strings"
	"testing"
)

// apply_flow_operation checks an edit against the flow and the engine's
// pieces before sending it: the engine would silently ignore some of these.
func TestApplyFlowOperationChecksAgainstTheFlowFirst(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f buildFlowOutput
	h.ok("build_flow", `{"displayName":"Checked","steps":[{"type":"LOOP_ON_ITEMS","items":"{{trigger.body.items}}"},`+
		`{"type":"ROUTER","branches":[{"branchName":"a","conditions":[[{"firstValue":"1","operator":"EXISTS"}]]},{"branchName":"else"}]}]}`, &f)
	op := func(rest string) string { return `{"flowId":"` + f.ID + `",` + rest + `}` }
	const code = `"action":{"name":"new_step","type":"CODE","code":"export const code = async () => 1"}`
	h.refusesUnwritten("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"step_9",`+code),
		`invalid argument parentStep: expected the trigger or a step of the flow: trigger, step_1, step_2, got "step_9"`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"step_2","location":"INSIDE_BRANCH","branchIndex":2,`+code),
		`invalid argument branchIndex: expected a branch of router step_2: 0 to 1, got 2`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"step_2","location":"INSIDE_LOOP",`+code),
		`invalid argument location: expected AFTER: INSIDE_LOOP needs a LOOP_ON_ITEMS parentStep, and step_2 is ROUTER, got "INSIDE_LOOP"`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"trigger","action":{"name":"step_1","type":"CODE","code":"x","input":{"v":"{{stpe_2.x}}"}}`),
		`invalid argument action.name: expected a name no step of the flow has yet (UPDATE_ACTION changes an existing step), got "step_1"; `+
			`invalid argument action.input.v: expected {{…}} to start from the trigger or a step that runs before step_1: trigger, step_2 (did you mean step_2?), got "stpe_2"`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"step_1","location":"INSIDE_LOOP","action":{"name":"wait","type":"PIECE",`+
		`"pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"unit":"seconds","delay":3}}`),
		"missing required argument action.input.delayFor: expected delayFor (Amount, NUMBER), required by action delayFor of @activepieces/piece-delay (step wait); "+
			"invalid argument action.input.delay: expected an input of action delayFor of @activepieces/piece-delay (step wait): delayFor, markdown, unit")
	h.refusesUnwritten("apply_flow_operation", op(`"type":"UPDATE_ACTION","action":{"name":"step_7","type":"CODE","code":"x"}`),
		`invalid argument action.name: expected a step of the flow: trigger, step_1, step_2 (ADD_ACTION adds a new one), got "step_7"`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"MOVE_ACTION","stepName":"step_8","parentStep":"trigger"`),
		`invalid argument stepName: expected a step of the flow: trigger, step_1, step_2, got "step_8"`)
	h.refusesUnwritten("apply_flow_operation", op(`"type":"UPDATE_TRIGGER","trigger":{"triggerName":"catch_hook"}`),
		`invalid argument trigger.triggerName: expected a trigger of @activepieces/piece-webhook: catch_webhook (step trigger), got "catch_hook"`)
	h.rejects("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"trigger","action":{"name":"r","type":"ROUTER","branches":[`+
		`{"branchName":"a","conditions":[[{"firstValue":"1","operator":"IS"}]]}]}`),
		`invalid argument action.branches[0].conditions[0][0].operator: expected one of `+strings.Join(branchOperators, ", ")+` (router r), got "IS"`)
	h.rejects("apply_flow_operation", op(`"type":"CHANGE_FOLDER","folderId":"nope"`),
		`invalid argument folderId: expected a folder id of 21 letters and digits, or NULL to unfile the flow, got "nope"`)

	// The step the checks let through lands where it was asked to.
	var got flowDetail
	h.ok("apply_flow_operation", op(`"type":"ADD_ACTION","parentStep":"step_2","location":"INSIDE_BRANCH","branchIndex":1,`+code), &got)
	if len(got.Steps) != 3 || got.Steps[2].Name != "new_step" || got.Steps[2].Branch != "step_2: else" {
		t.Errorf("steps = %+v", got.Steps)
	}
}
