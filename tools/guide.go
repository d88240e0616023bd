package tools

import "strings"

// Guide is the part of the server's MCP instructions about the tools: the
// shortest path to a working flow first, then the reference that the tool
// definitions leave out to stay small (a step's shape, templates, router
// operators). Clients read instructions once per session, where every
// tools/list would repeat what definitions carry.
func Guide(readOnly bool) string {
	if readOnly {
		return "These tools read a workflow automation engine: flows, runs, folders, app connections, pieces, trigger status, tables, " +
			"MCP servers, invitations and channel automations. The server runs read-only: tools that change anything are not available. " +
			"To see why a run failed: list_runs (flowId, status FAILED) → get_run runId with detail=full. Ids come from the list_* tools."
	}
	return strings.Join([]string{
		"Shortest path to a working flow: build_flow {displayName, steps, publish:true} → trigger_flow_sync {flowId, payload} " +
			"(returns the flow's Return Response) → get_run {runId, detail:full} (each step's input, output and error). " +
			"build_flow checks the whole spec against the engine first and lists every problem; dryRun:true checks without creating anything. " +
			"Find pieces with list_pieces searchQuery (it matches action and trigger names too, e.g. \"return response\") " +
			"and an action's inputs with get_piece.",
		"A step is {type, name, displayName, pieceName, pieceVersion, actionName, input, code, items, steps, branches}; " +
			"names default to step_1, step_2, … depth-first. " +
			"PIECE: pieceName, actionName and input (required inputs with a default are filled in). " +
			"CODE: code \"export const code = async (inputs) => { return … }\", inputs from input. " +
			"LOOP_ON_ITEMS: items (e.g. {{trigger.body.items}}) and steps; inside, {{step_1.item}} is the current item. " +
			"ROUTER: branches [{branchName, conditions: [[{firstValue, operator, secondValue, caseSensitive}]], steps}]: " +
			"conditions are an OR of AND groups, and the last branch, without conditions, is the fallback. " +
			"Operators: " + strings.Join(branchOperators, ", ") + ".",
		"Templates: {{trigger.body.x}} is the webhook's JSON body, {{step_1.x}} an earlier step's output. " +
			"To answer trigger_flow_sync, end with a Return Response step: pieceName @activepieces/piece-webhook, actionName return_response, " +
			"input {responseType: \"json\", fields: {status: 200, body: {...}}}.",
		"Editing: apply_flow_operation changes one thing per call: ADD_ACTION (after or inside parentStep), UPDATE_ACTION, DELETE_ACTION, " +
			"MOVE_ACTION (moves a step within the flow; CHANGE_FOLDER moves the flow to a folder), LOCK_AND_PUBLISH (publishes and enables). " +
			"test_trigger only captures a trigger's sample data; it does not run the flow. " +
			"Ids come from the list_* tools; tool errors name the argument to fix and what is valid.",
	}, "\n\n")
}
