package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// The tasks of the agent-experience issue, each played by an agent that knows
// only what the server says (see agent) and held to a number of tool calls.
//
// The three mistakes a model makes most in build_flow (a bad router operator,
// a missing required input, a misspelled step reference) are covered in
// tools/build_flow_test.go by TestBuildFlowNamesTheStepTheFieldAndTheValidValues:
// one error each, naming the step, the field and the valid values, with as
// many flows (list_flows) after the refused call as before.

// TestAgentGreeterWebhook builds, publishes, calls a webhook flow and shows
// its run in three calls.
func TestAgentGreeterWebhook(t *testing.T) {
	t.Parallel()
	a := newAgent(t)
	flow := a.call("build_flow", map[string]any{"displayName": said{"Greeter webhook"}, "publish": true, "steps": []any{
		replyStep(said{map[string]any{"greeting": "hello {{trigger.body.name}}"}}),
	}})
	if str(flow, "status") != "ENABLED" {
		t.Fatalf("build_flow publish:true gave status %q: %v", str(flow, "status"), flow)
	}
	answer := a.call("trigger_flow_sync", map[string]any{"flowId": str(flow, "id"), "payload": said{map[string]any{"name": "Ada"}}})
	if str(answer, "outcome") != "responded" || str(answer, "body.greeting") != "hello Ada" {
		t.Fatalf("trigger_flow_sync = %v, want the greeting templated from the payload", answer)
	}
	run := a.call("get_run", map[string]any{"runId": str(answer, "runId"), "detail": "full"})
	if str(run, "status") != "SUCCEEDED" || str(run, "flowId") != str(flow, "id") || !strings.Contains(marshal(t, run), "hello Ada") {
		t.Errorf("get_run = %v, want the succeeded run with the reply's output", run)
	}
	a.done("greeter webhook", 3)
}

// TestAgentRouteOnKind routes on a text field and tries both branches.
func TestAgentRouteOnKind(t *testing.T) {
	t.Parallel()
	a := newAgent(t)
	if ref := a.readResource("workflows://reference/build-flow"); !strings.Contains(ref, "TEXT_EXACTLY_MATCHES") {
		t.Fatalf("the build_flow reference lists no TEXT_EXACTLY_MATCHES: %.300s", ref)
	}
	kindIs := []any{[]any{map[string]any{
		"firstValue": said{"{{trigger.body.kind}}"}, "operator": "TEXT_EXACTLY_MATCHES", "secondValue": said{"order"},
	}}}
	flow := a.call("build_flow", map[string]any{"displayName": said{"Route on kind"}, "publish": true, "steps": []any{
		map[string]any{"type": "ROUTER", "branches": []any{
			map[string]any{"branchName": said{"orders"}, "conditions": kindIs,
				"steps": []any{replyStep(said{map[string]any{"handled": "as an order"}})}},
			map[string]any{"branchName": said{"anything else"},
				"steps": []any{replyStep(said{map[string]any{"handled": "as {{trigger.body.kind}}, not an order"}})}},
		}},
	}})
	if steps, _ := flow["steps"].([]any); len(steps) != 3 || str(flow, "status") != "ENABLED" {
		t.Fatalf("build_flow = %v, want a published router and a reply in each branch", flow)
	}
	for _, tc := range []struct{ kind, want string }{
		{"order", "as an order"},
		{"refund", "as refund, not an order"},
	} {
		answer := a.call("trigger_flow_sync", map[string]any{"flowId": str(flow, "id"), "payload": said{map[string]any{"kind": tc.kind}}})
		if str(answer, "outcome") != "responded" || str(answer, "body.handled") != tc.want {
			t.Errorf("kind %q: trigger_flow_sync = %v, want handled %q", tc.kind, answer, tc.want)
		}
	}
	a.done("route on kind", 4)
}

// TestAgentExplainsLastFailedRun finds the newest failed run, its failed
// step and the error in one call, among older failures and newer successes.
func TestAgentExplainsLastFailedRun(t *testing.T) {
	t.Parallel()
	a := newAgent(t)
	failing := a.prepare("build_flow", map[string]any{"displayName": said{"Stock check"}, "publish": true, "steps": []any{
		map[string]any{"type": "CODE",
			"code":  said{`export const code = async (inputs) => { throw new Error("no stock for " + inputs.sku) }`},
			"input": said{map[string]any{"sku": "{{trigger.body.sku}}"}}},
	}})
	for _, sku := range []string{"A1", "B2"} {
		a.prepare("trigger_flow_sync", map[string]any{"flowId": str(failing, "id"), "payload": said{map[string]any{"sku": sku}}})
	}
	working := a.prepare("build_flow", map[string]any{"displayName": said{"Ping"}, "publish": true, "steps": []any{
		replyStep(said{map[string]any{"pong": true}}),
	}})
	a.prepare("trigger_flow_sync", map[string]any{"flowId": str(working, "id")})

	if recipe := a.readPrompt("debug_failed_run"); !strings.Contains(recipe, "list_runs") {
		t.Fatalf("debug_failed_run does not start from list_runs:\n%s", recipe)
	}
	found := a.call("list_runs", map[string]any{"status": "FAILED", "limit": 1})
	runs, _ := found["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("list_runs status=FAILED limit=1 = %v, want one run", found)
	}
	run, _ := runs[0].(map[string]any)
	if str(run, "flowId") != str(failing, "id") || str(run, "status") != "FAILED" {
		t.Errorf("newest failed run = %v, want one of flow %s", run, str(failing, "id"))
	}
	if str(run, "failedStep.name") != "step_1" || !strings.Contains(str(run, "failedStep.message"), "no stock for B2") {
		t.Errorf("newest failed run = %v, want its failed step (step_1) and the newest error (no stock for B2)", run)
	}
	a.done("last failed run", 1)
}

// TestAgentTableCreatedFilledListed creates a table, fills it and lists it.
func TestAgentTableCreatedFilledListed(t *testing.T) {
	t.Parallel()
	a := newAgent(t)
	table := a.call("create_table", map[string]any{"name": said{"Contacts"}, "fields": []any{
		map[string]any{"name": said{"Name"}, "type": "TEXT"},
		map[string]any{"name": said{"Age"}, "type": "NUMBER"},
	}})
	// The columns are named as create_table's result names them.
	rows := []map[string]any{{"Name": "Ada", "Age": 36}, {"Name": "Grace", "Age": 45}}
	var records []any
	for _, row := range rows {
		records = append(records, map[string]any{"Name": said{row["Name"]}, "Age": said{row["Age"]}})
	}
	a.call("insert_records", map[string]any{"tableId": str(table, "id"), "records": records})
	listed := a.call("list_records", map[string]any{"tableId": str(table, "id")})
	got, _ := listed["records"].([]any)
	if len(got) != len(rows) {
		t.Fatalf("list_records = %v, want the %d records inserted", listed, len(rows))
	}
	for i, row := range rows {
		cells, _ := at(got[i].(map[string]any), "cells").(map[string]any)
		for col, want := range row {
			if fmt.Sprint(cells[col]) != fmt.Sprint(want) {
				t.Errorf("record %d: %s = %v, want %v (records %v)", i, col, cells[col], want, got)
			}
		}
	}
	a.done("table", 3)
}

// replyStep is the Return Response step as the instructions spell it out,
// answering with body.
func replyStep(body said) map[string]any {
	return map[string]any{"type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
		"input": map[string]any{"responseType": "json", "fields": map[string]any{"status": 200, "body": body}}}
}

// TestAgentLiteralCheck shows that the check refuses what a model would
// guess: a name inside a longer one, a key and a reference no one told it.
func TestAgentLiteralCheck(t *testing.T) {
	a := &agent{t: t}
	a.learn(tools.Guide(false))
	args := map[string]any{
		"steps": []any{map[string]any{"type": "ROUTER", "branches": []any{map[string]any{
			"branchName": said{"big"},
			"conditions": []any{[]any{map[string]any{
				"firstValue": said{"{{trigger.payload.n}}"}, "operator": "GREATER_THAN", "secondValue": said{"5"},
			}}},
			"steps": []any{map[string]any{"type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "respond",
				"input": map[string]any{"fields": map[string]any{"body": said{"{{step_1.x}} and {{trigger.body.n}}"}}}}},
			"branchType": "CONDITION",
		}}}},
	}
	got := a.unknown("build_flow", args)
	want := []string{
		"key steps[0].branches[0].branchType",
		`steps[0].branches[0].branchType = "CONDITION"`,
		`steps[0].branches[0].conditions[0][0].firstValue: reference {{trigger.payload.n}}`,
		`steps[0].branches[0].conditions[0][0].operator = "GREATER_THAN"`,
		`steps[0].branches[0].steps[0].actionName = "respond"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unknown literals:\n got %q\nwant %q", got, want)
	}
}
