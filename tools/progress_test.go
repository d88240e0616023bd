package tools

import (
	"strings"
	"testing"
)

func TestWaitForRunStopsAtItsTimeout(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Slow","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":2,"unit":"seconds"}}],"publish":true}`, &f)
	var trig triggerOutput
	h.ok("trigger_flow", `{"flowId":"`+f.ID+`"}`, &trig)
	if trig.RunID == "" {
		t.Fatalf("trigger_flow found no run: %+v", trig)
	}
	var waited waitForRunOutput
	h.decode("wait_for_run", h.call("wait_for_run", `{"runId":"`+trig.RunID+`","timeoutSeconds":1}`, "slow-1"), &waited)
	if !waited.TimedOut || waited.Done || (waited.Status != "RUNNING" && waited.Status != "QUEUED") {
		t.Errorf("wait_for_run with a short timeout = %+v", waited)
	}
	notes := h.progressNotices("slow-1")
	if len(notes) == 0 || notes[len(notes)-1]["total"] != float64(1) {
		t.Fatalf("progress notifications = %v, want the last with total 1", notes)
	}
	if msg, _ := notes[len(notes)-1]["message"].(string); !strings.Contains(msg, "stopped waiting") {
		t.Errorf("last progress message = %q", msg)
	}
}

func TestTriggerFlowSyncReportsProgressWhileWaiting(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Slow echo","steps":[{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":2,"unit":"seconds"}},`+echoStep+`],"publish":true}`, &f)
	var out triggerSyncOutput
	h.decode("trigger_flow_sync", h.call("trigger_flow_sync", `{"flowId":"`+f.ID+`","payload":{"k":"v"}}`, 42), &out)
	if out.Outcome != "responded" {
		t.Fatalf("trigger_flow_sync = %+v", out)
	}
	var waiting, progress []float64
	for _, n := range h.progressNoticesAny(float64(42)) {
		progress = append(progress, n["progress"].(float64))
		if msg, _ := n["message"].(string); strings.Contains(msg, "waiting for flow") {
			waiting = append(waiting, n["progress"].(float64))
		}
	}
	if len(waiting) == 0 {
		t.Errorf("no progress while the flow ran: %v", progress)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] <= progress[i-1] {
			t.Errorf("progress does not increase: %v", progress)
		}
	}
}
