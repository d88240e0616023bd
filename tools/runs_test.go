package tools

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

func TestTriggerFlowSyncRespondsWithProgress(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	id := h.echoFlowID()
	res := h.call("trigger_flow_sync", `{"flowId":"`+id+`","payload":{"hello":"world","n":[1,2]}}`, "sync-1")
	var out triggerSyncOutput
	h.decode("trigger_flow_sync", res, &out)
	body, _ := json.Marshal(out.Body)
	if out.Outcome != "responded" || out.Status != 200 || string(body) != `{"hello":"world","n":[1,2]}` {
		t.Fatalf("trigger_flow_sync = %+v body %s", out, body)
	}
	notes := h.progressNotices("sync-1")
	if len(notes) == 0 {
		t.Fatal("no progress notification for a call with a progressToken")
	}
	last := notes[len(notes)-1]
	if msg, _ := last["message"].(string); !strings.Contains(msg, "answered 200") {
		t.Errorf("last progress message = %q", msg)
	}

	h.rejects("trigger_flow_sync", `{"flowId":"`+id+`x"}`,
		`invalid argument flowId: expected an id of 21 letters and digits (A published, enabled flow), got "`+id+`x"`)
	h.rejects("trigger_flow_sync", `{"payload":{}}`,
		"missing required argument flowId: expected an id of 21 letters and digits (A published, enabled flow)")
}

func TestTriggerFlowFindsTheRunAndWaitForRunFollowsIt(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	id := h.echoFlowID()
	var trig triggerOutput
	h.ok("trigger_flow", `{"flowId":"`+id+`","payload":{"a":1}}`, &trig)
	if trig.WebhookID == "" || trig.RunID == "" || !strings.Contains(trig.Note, "wait_for_run runId="+trig.RunID) {
		t.Fatalf("trigger_flow = %+v", trig)
	}
	res := h.call("wait_for_run", `{"runId":"`+trig.RunID+`","timeoutSeconds":30}`, "wait-1")
	var waited waitForRunOutput
	h.decode("wait_for_run", res, &waited)
	if !waited.Done || waited.TimedOut || waited.Status != "SUCCEEDED" || waited.FlowID != id {
		t.Fatalf("wait_for_run = %+v", waited)
	}
	if len(h.progressNotices("wait-1")) == 0 {
		t.Error("wait_for_run sent no progress notification")
	}
	var run runDetail
	h.ok("get_run", `{"runId":"`+trig.RunID+`"}`, &run)
	if len(run.Steps) != 2 || run.Steps[0].Name != "trigger" || run.Steps[1].Name != "step_1" || run.Steps[1].Output != nil {
		t.Errorf("get_run summary steps = %+v", run.Steps)
	}
	h.ok("get_run", `{"runId":"`+trig.RunID+`","detail":"full"}`, &run)
	out, _ := json.Marshal(run.Steps[0].Output)
	if !strings.Contains(string(out), `"body":{"a":1}`) {
		t.Errorf("get_run full trigger output = %s", out)
	}
	h.ok("get_run", `{"runId":"`+trig.RunID+`","stepName":"trigger"}`, &run)
	if len(run.Steps) != 1 || run.Steps[0].Name != "trigger" || run.Steps[0].Output == nil {
		t.Errorf("get_run stepName=trigger steps = %+v", run.Steps)
	}
	var runs listRunsOutput
	h.ok("list_runs", `{"flowId":"`+id+`","status":"SUCCEEDED"}`, &runs)
	if len(runs.Runs) != 1 || runs.Runs[0].ID != trig.RunID {
		t.Errorf("list_runs = %+v", runs.Runs)
	}

	h.rejects("trigger_flow", `{"flowId":"`+id+`","body":{}}`, "unknown argument body: expected one of flowId, payload")
	h.rejects("wait_for_run", `{"runId":"`+trig.RunID+`","timeoutSeconds":301}`,
		"invalid argument timeoutSeconds: expected an integer from 1 to 300, got 301")
	h.rejects("get_run", `{"runId":7}`, "invalid argument runId: expected an id of 21 letters and digits (Run id), got 7")
	h.rejects("list_runs", `{"status":"DONE"}`,
		`invalid argument status: expected one of QUEUED, RUNNING, PAUSED, SUCCEEDED, FAILED, QUOTA_EXCEEDED, INTERNAL_ERROR, MEMORY_LIMIT_EXCEEDED, TIMEOUT, CANCELED, LOG_SIZE_EXCEEDED, STOPPED, got "DONE"`)
	h.rejects("list_runs", `{"createdAfter":"yesterday"}`,
		`invalid argument createdAfter: expected an ISO-8601 time such as 2026-01-31T09:00:00Z, got "yesterday"`)
	h.fails("get_run", `{"runId":"`+trig.RunID+`","stepName":"step_9"}`,
		`invalid argument stepName: expected a step of this run: trigger, step_1, got "step_9"`)
	h.fails("get_run", `{"runId":"`+unknownID+`"}`, "404", "list_runs lists run ids")
}

func TestTriggerFlowRefusesAnUnpublishedFlow(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("create_flow", `{"displayName":"Draft"}`, &f)
	h.fails("trigger_flow", `{"flowId":"`+f.ID+`"}`, "is not published and enabled", "LOCK_AND_PUBLISH")
	h.fails("trigger_flow", `{"flowId":"`+unknownID+`"}`, "404", "list_flows lists flow ids")
}

func TestTriggerFlowSyncNoAnswerNamesTheRun(t *testing.T) {
	// The sandbox answers a run that ends without a Return Response with 408 under
	// the gateway layout and 204 under Activepieces': both mean "no answer".
	for _, tc := range []struct {
		backend client.Layout
		status  int
	}{{client.LayoutGateway, 408}, {client.LayoutActivepieces, 204}} {
		t.Run(string(tc.backend), func(t *testing.T) {
			h := newHarness(t, harnessConfig{cfg: client.Config{Layout: tc.backend}})
			var f flowDetail
			h.ok("build_flow", `{"displayName":"Silent","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0,"unit":"seconds"}}],"publish":true}`, &f)
			var out triggerSyncOutput
			h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`"}`, &out)
			if out.Outcome != "no_answer" || out.Status != tc.status || out.RunID == "" || !strings.Contains(out.Note, "wait_for_run runId="+out.RunID) ||
				!strings.Contains(out.Note, "may still be going") {
				t.Fatalf("trigger_flow_sync without Return Response = %+v", out)
			}
		})
	}
}

// When the bridge's own wait runs out before the engine answers, the result is
// the same "no answer" outcome as a 204/408/504, naming the run, not an error.
func TestTriggerFlowSyncPastTheBridgesWaitNamesTheRun(t *testing.T) {
	h := newHarness(t, harnessConfig{cfg: client.Config{SyncWait: 300 * time.Millisecond}})
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Slow","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":2,"unit":"seconds"}},`+echoStep+`],"publish":true}`, &f)
	var out triggerSyncOutput
	h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`"}`, &out)
	if out.Outcome != "no_answer" || out.Status != 0 || out.RunID == "" || !strings.Contains(out.Note, "may still be going") ||
		!strings.Contains(out.Note, "wait_for_run runId="+out.RunID) {
		t.Fatalf("trigger_flow_sync past the wait = %+v", out)
	}
}

func TestTriggerFlowSyncFailedNamesTheStep(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Broken","steps":[{"type":"CODE","code":"export const code = async () => { throw new Error('no stock for order 7') }"},`+echoStep+`],"publish":true}`, &f)
	var out triggerSyncOutput
	h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`"}`, &out)
	if out.Outcome != "failed" || out.Status != 500 || out.RunID == "" || out.FailedStep == nil || out.FailedStep.Name != "step_1" ||
		!strings.Contains(out.FailedStep.Message, "no stock for order 7") {
		t.Fatalf("trigger_flow_sync of a failing flow = %+v (failed step %+v)", out, out.FailedStep)
	}
}

// A flow's answer too long to show is cut, not turned into an error: the flow
// has run, and an error would invite calling the trigger again.
func TestTriggerFlowSyncCutsALongAnswer(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	id := h.echoFlowID()
	blob := strings.Repeat("x", toolkit.MaxResultBytes)
	var out triggerSyncOutput
	h.ok("trigger_flow_sync", `{"flowId":"`+id+`","payload":{"blob":"`+blob+`"}}`, &out)
	body, _ := out.Body.(string)
	if out.Outcome != "responded" || out.Status != 200 || !strings.HasPrefix(body, `{"blob":"xxx`) ||
		!strings.Contains(body, "…[cut: 16384 of 32779 bytes shown; the flow's whole answer is too long to show]") {
		t.Fatalf("trigger_flow_sync = outcome %q status %d, body of %d bytes ending %q", out.Outcome, out.Status, len(body), body[max(0, len(body)-120):])
	}
	var runs listRunsOutput
	h.ok("list_runs", `{"flowId":"`+id+`"}`, &runs)
	if len(runs.Runs) != 1 {
		t.Errorf("the flow ran %d times, want once", len(runs.Runs))
	}
}
