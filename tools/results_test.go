package tools

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStructuredResultCap(t *testing.T) {
	small, err := structured(map[string]string{"a": "<b>"}, "")
	if err != nil || small.IsError || resultText(small) != `{"a":"<b>"}` {
		t.Fatalf("small result: %v %+v", err, small)
	}
	big := map[string]string{"x": strings.Repeat("y", maxResultBytes)}
	res, err := structured(big, "use a smaller limit")
	if err != nil {
		t.Fatal(err)
	}
	want := "the result is 32776 bytes, over the 32768-byte limit: use a smaller limit."
	if !res.IsError || resultText(res) != want {
		t.Errorf("oversized result = %q (isError %v), want %q", resultText(res), res.IsError, want)
	}
}

func TestCutJSON(t *testing.T) {
	if got := cutJSON(json.RawMessage(` {"a":1} `), 100, "x"); string(got.(json.RawMessage)) != `{"a":1}` {
		t.Errorf("short value = %v", got)
	}
	if got := cutJSON(nil, 100, "x"); got != nil {
		t.Errorf("absent value = %v", got)
	}
	long := json.RawMessage(`"` + strings.Repeat("é", 20) + `"`)
	got, ok := cutJSON(long, 10, "get_run with stepName=step_1 shows more").(string)
	if !ok || !strings.HasPrefix(got, `"éééé…[cut: 9 of 42 bytes shown; get_run with stepName=step_1 shows more]`) {
		t.Errorf("long value = %q", got)
	}
}

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
