package sandbox

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// runFunc is the signature of Engine.run.
type runFunc = func(context.Context, engine.ExecEnv, *workflows.FlowVersion, engine.TriggerInput) engine.RunResult

// withRunner replaces the executor, so the HTTP layer is tested on its own.
func withRunner(run runFunc) Option { return func(e *Engine) { e.run = run } }

// withCloseWait shortens how long Close waits for runs.
func withCloseWait(d time.Duration) Option { return func(e *Engine) { e.closeWait = d } }

// fakeRun records the trigger output, optionally responds, and ends with status.
func fakeRun(status workflows.RunStatus, fr *pieces.Response) runFunc {
	return func(ctx context.Context, env engine.ExecEnv, v *workflows.FlowVersion, in engine.TriggerInput) engine.RunResult {
		start := time.Now()
		output, _ := json.Marshal(in)
		steps := map[string]workflows.StepRun{"trigger": {Type: "PIECE_TRIGGER", Status: "SUCCEEDED", Output: output}}
		res := engine.RunResult{Status: status, Steps: steps, Start: start, Finish: time.Now()}
		if fr != nil {
			env.Respond(*fr)
		}
		if status == workflows.RunFailed {
			res.FailedStep = &workflows.FailedStep{Name: "step_1", DisplayName: "Step 1", Message: "it broke"}
		}
		return res
	}
}

// blockingRun waits until release is closed (or the run is cancelled), then succeeds.
func blockingRun(release <-chan struct{}) runFunc {
	return func(ctx context.Context, env engine.ExecEnv, v *workflows.FlowVersion, in engine.TriggerInput) engine.RunResult {
		start := time.Now()
		select {
		case <-release:
			return engine.RunResult{Status: workflows.RunSucceeded, Start: start, Finish: time.Now(), Steps: map[string]workflows.StepRun{}}
		case <-ctx.Done():
			return engine.RunResult{Status: workflows.RunCanceled, Start: start, Finish: time.Now(), Steps: map[string]workflows.StepRun{}}
		}
	}
}

// echoFlowID returns the seeded, published echo flow's id.
func echoFlowID(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	flows := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?name=echo", nil).expect(t, 200))
	if len(flows.Data) != 1 {
		t.Fatalf("found %d echo flows", len(flows.Data))
	}
	return flows.Data[0].ID
}

// waitForRun polls the flow's newest production run until it is terminal.
func waitForRun(t *testing.T, srv *httptest.Server, flowID string) workflows.FlowRun {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?flowId="+flowID, nil).expect(t, 200))
		if len(runs.Data) > 0 && runs.Data[0].Status.Terminal() {
			return decode[workflows.FlowRun](t, call(t, srv, "GET", gw+"/v1/flow-runs/"+runs.Data[0].ID, nil).expect(t, 200))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no finished run of flow %s", flowID)
	return workflows.FlowRun{}
}

func TestWebhookAsync(t *testing.T) {
	_, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, nil)))
	flowID := echoFlowID(t, srv)
	a := call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"?source=test&source=twice", `{"hello":"world","n":3}`, "X-Custom", "yes").expect(t, 200)
	if string(a.Body) != "{}" || !store.ValidID(a.Header.Get("x-webhook-id")) {
		t.Fatalf("async answer %q with x-webhook-id %q", a.Body, a.Header.Get("x-webhook-id"))
	}
	run := waitForRun(t, srv, flowID)
	switch {
	case run.Status != workflows.RunSucceeded || run.Environment != workflows.EnvProduction:
		t.Fatalf("run %s in %s, want SUCCEEDED in PRODUCTION", run.Status, run.Environment)
	case run.StartTime == nil || run.FinishTime == nil || !store.ValidID(run.ID) || run.FlowVersionID == "":
		t.Fatalf("run lacks times or ids: %+v", run)
	case run.StepsCount == nil || *run.StepsCount != 1:
		t.Fatalf("stepsCount %v, want 1", run.StepsCount)
	}
	var in engine.TriggerInput
	if err := json.Unmarshal(run.Steps["trigger"].Output, &in); err != nil {
		t.Fatalf("trigger output %s: %v", run.Steps["trigger"].Output, err)
	}
	body, _ := in.Body.(map[string]any)
	if in.Method != "POST" || in.Headers["x-custom"] != "yes" || in.QueryParams["source"] != "test" || body["hello"] != "world" || body["n"] != float64(3) {
		t.Fatalf("trigger input %+v", in)
	}
}

func TestWebhookSyncAnswers(t *testing.T) {
	cases := []struct {
		name        string
		run         runFunc
		path        string
		status      int
		contentType string
		body        string
		header      [2]string
	}{
		{"json response", fakeRun(workflows.RunSucceeded, &pieces.Response{Status: 201, Headers: map[string]string{"X-Echo": "1"}, Body: map[string]any{"ok": true}}),
			gw, 201, "application/json; charset=utf-8", `{"ok":true}`, [2]string{"X-Echo", "1"}},
		{"status defaults to 200", fakeRun(workflows.RunSucceeded, &pieces.Response{Body: []any{1, 2}}), ap, 200, "application/json; charset=utf-8", `[1,2]`, [2]string{}},
		{"raw response", fakeRun(workflows.RunSucceeded, &pieces.Response{Status: 200, Body: "plain words", Raw: true}), gw, 200, "text/plain; charset=utf-8", "plain words", [2]string{}},
		{"response headers choose the type", fakeRun(workflows.RunSucceeded, &pieces.Response{Status: 200, Body: "<p>", Raw: true, Headers: map[string]string{"Content-Type": "text/html"}}),
			gw, 200, "text/html", "<p>", [2]string{}},
		{"responded, then failed", fakeRun(workflows.RunFailed, &pieces.Response{Status: 202, Body: map[string]any{}}), gw, 202, "application/json; charset=utf-8", `{}`, [2]string{}},
		{"failed run", fakeRun(workflows.RunFailed, nil), gw, 500, "application/json; charset=utf-8", `{"message":"` + flowFailedMessage + `"}`, [2]string{}},
		{"failed run, activepieces layout", fakeRun(workflows.RunFailed, nil), ap, 500, "application/json; charset=utf-8", `{"message":"` + flowFailedMessage + `"}`, [2]string{}},
		{"no response, activepieces layout", fakeRun(workflows.RunSucceeded, nil), ap, 204, "", "", [2]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := testEngine(t, withRunner(tc.run))
			a := call(t, srv, "POST", tc.path+"/v1/webhooks/"+echoFlowID(t, srv)+"/sync", `{"x":1}`).expect(t, tc.status)
			if got := a.Header.Get("Content-Type"); got != tc.contentType {
				t.Fatalf("content type %q, want %q", got, tc.contentType)
			}
			if string(a.Body) != tc.body {
				t.Fatalf("body %q, want %q", a.Body, tc.body)
			}
			if tc.header[0] != "" && a.Header.Get(tc.header[0]) != tc.header[1] {
				t.Fatalf("header %s = %q, want %q", tc.header[0], a.Header.Get(tc.header[0]), tc.header[1])
			}
		})
	}
	t.Run("no response, gateway layout", func(t *testing.T) {
		_, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, nil)))
		a := call(t, srv, "POST", gw+"/v1/webhooks/"+echoFlowID(t, srv)+"/sync", `{}`).expect(t, 408)
		if msg := decode[errorBody](t, a).Message; !strings.Contains(msg, "without returning a response") {
			t.Fatalf("408 message %q", msg)
		}
	})
}

func TestWebhookSyncTimeoutLeavesTheRunGoing(t *testing.T) {
	for _, tc := range []struct {
		base   string
		status int
	}{{gw, 408}, {ap, 204}} {
		t.Run(tc.base, func(t *testing.T) {
			release := make(chan struct{})
			_, srv := testEngine(t, withRunner(blockingRun(release)), WithSyncWait(20*time.Millisecond))
			flowID := echoFlowID(t, srv)
			a := call(t, srv, "POST", tc.base+"/v1/webhooks/"+flowID+"/sync", `{}`).expect(t, tc.status)
			if tc.status == 408 && !strings.Contains(decode[errorBody](t, a).Message, "the run goes on") {
				t.Fatalf("408 body %s", a.Body)
			}
			runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?flowId="+flowID, nil).expect(t, 200))
			if len(runs.Data) != 1 || runs.Data[0].Status != workflows.RunRunning {
				t.Fatalf("after the timeout the runs are %+v, want one RUNNING", runs.Data)
			}
			close(release)
			if run := waitForRun(t, srv, flowID); run.Status != workflows.RunSucceeded {
				t.Fatalf("the run ended %s, want SUCCEEDED", run.Status)
			}
		})
	}
}

func TestWebhookRefusals(t *testing.T) {
	_, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, nil)))
	echo := echoFlowID(t, srv)
	draft := createFlow(t, srv, "never published")
	big := `{"x":"` + strings.Repeat("a", maxBodyBytes) + `"}`
	cases := []struct {
		name, path, body string
		status           int
		code             string
	}{
		// Activepieces answers these with {} and x-webhook-id (the sandbox used to send FLOW_NOT_FOUND / FLOW_DISABLED codes).
		{"missing flow", "/v1/webhooks/" + missingID, `{}`, 410, ""},
		{"missing flow, sync", "/v1/webhooks/" + missingID + "/sync", `{}`, 410, ""},
		{"missing flow, draft", "/v1/webhooks/" + missingID + "/draft/sync", `{}`, 410, ""},
		{"disabled flow", "/v1/webhooks/" + draft.ID, `{}`, 404, ""},
		{"disabled flow, sync", "/v1/webhooks/" + draft.ID + "/sync", `{}`, 404, ""},
		{"body too large", "/v1/webhooks/" + echo, big, 413, "FST_ERR_CTP_BODY_TOO_LARGE"},
		{"malformed JSON", "/v1/webhooks/" + echo + "/sync", `{"a":`, 400, "FST_ERR_CTP_INVALID_JSON_BODY"},
	}
	for _, tc := range cases {
		for _, base := range layouts {
			t.Run(tc.name+base, func(t *testing.T) {
				a := call(t, srv, "POST", base+tc.path, tc.body)
				if tc.code == "" {
					a.expectWebhookAnswer(t, tc.status)
					return
				}
				a.expectError(t, tc.status, tc.code, "")
			})
		}
	}
	runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs", nil).expect(t, 200))
	if len(runs.Data) != 0 {
		t.Fatalf("refused calls started %d runs", len(runs.Data))
	}
}

func TestDraftWebhookRunsTheLatestVersionAsATest(t *testing.T) {
	e, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, &pieces.Response{Status: 200, Body: "draft", Raw: true})))
	flow := createFlow(t, srv, "draft only")
	a := call(t, srv, "POST", gw+"/v1/webhooks/"+flow.ID+"/draft/sync", `{}`).expect(t, 200)
	if string(a.Body) != "draft" {
		t.Fatalf("draft sync answered %q", a.Body)
	}
	call(t, srv, "POST", ap+"/v1/webhooks/"+flow.ID+"/draft", `{}`).expect(t, 200)
	listed := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?flowId="+flow.ID, nil).expect(t, 200))
	if len(listed.Data) != 0 {
		t.Fatalf("TESTING runs are listed: %+v", listed.Data)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		stored, err := store.ListDocs[workflows.FlowRun](context.Background(), e.store.DB, store.KindRun, store.Scope{ParentID: flow.ID})
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, it := range stored {
			if it.Value.Environment != workflows.EnvTesting || it.Value.FlowVersionID != flow.Version.ID {
				t.Fatalf("draft run %+v, want TESTING on version %s", it.Value, flow.Version.ID)
			}
			if it.Value.Status.Terminal() {
				done++
			}
		}
		if len(stored) == 2 && done == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d draft runs stored, %d finished; want 2 finished", len(stored), done)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// A TESTING run is still readable by id.
	stored, _ := store.ListDocs[workflows.FlowRun](context.Background(), e.store.DB, store.KindRun, store.Scope{ParentID: flow.ID})
	call(t, srv, "GET", gw+"/v1/flow-runs/"+stored[0].Value.ID, nil).expect(t, 200)
}

func TestCloseWaitsThenCancelsRuns(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	path := t.TempDir() + "/close.db"
	e, srv := openServed(t, path, withRunner(blockingRun(release)), withCloseWait(20*time.Millisecond))
	flowID := echoFlowID(t, srv)
	call(t, srv, "POST", gw+"/v1/webhooks/"+flowID, `{}`).expect(t, 200)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	_, srv2 := openServed(t, path)
	if run := waitForRun(t, srv2, flowID); run.Status != workflows.RunCanceled {
		t.Fatalf("a run cut short by Close ended %s, want CANCELED", run.Status)
	}
}

func TestExecutorPanicFailsTheRun(t *testing.T) {
	_, srv := testEngine(t, withRunner(func(context.Context, engine.ExecEnv, *workflows.FlowVersion, engine.TriggerInput) engine.RunResult {
		panic("executor bug")
	}))
	flowID := echoFlowID(t, srv)
	a := call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"/sync", `{}`).expect(t, 500)
	if decode[errorBody](t, a).Message != flowFailedMessage {
		t.Fatalf("body %s", a.Body)
	}
	run := waitForRun(t, srv, flowID)
	if run.Status != workflows.RunInternalError || run.FailedStep == nil || strings.Contains(run.FailedStep.Message, "executor bug") {
		t.Fatalf("run %s, failed step %+v: want INTERNAL_ERROR without the panic text", run.Status, run.FailedStep)
	}
}
