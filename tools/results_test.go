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
	h.ok("wait_for_run", `{"runId":"`+trig.RunID+`","timeoutSeconds":1}`, &waited)
	if !waited.TimedOut || waited.Done || (waited.Status != "RUNNING" && waited.Status != "QUEUED") {
		t.Errorf("wait_for_run with a short timeout = %+v", waited)
	}
}
