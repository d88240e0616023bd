package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// execFixture runs flows and keeps what they answered.
type execFixture struct {
	mu        sync.Mutex
	responses []pieces.Response
	maxDelay  time.Duration
}

func (f *execFixture) env() ExecEnv {
	return ExecEnv{Catalogue: pieces.NewCatalogue(pieces.All), MaxDelay: f.maxDelay, Respond: func(r pieces.Response) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.responses = append(f.responses, r)
	}}
}

// run executes a version whose steps (after a webhook trigger) are given as
// the JSON of the first step.
func (f *execFixture) run(t *testing.T, ctx context.Context, firstStep string, in TriggerInput) RunResult {
	t.Helper()
	trigger := `{"name": "trigger", "displayName": "Catch Webhook", "type": "PIECE_TRIGGER",
	  "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.24", "triggerName": "catch_webhook", "input": {"authType": "none"}}`
	if firstStep != "" {
		trigger += `, "nextAction": ` + firstStep
	}
	var v workflows.FlowVersion
	v.Trigger = workflows.Trigger{}
	if err := json.Unmarshal([]byte(trigger+"}"), &v.Trigger); err != nil {
		t.Fatalf("flow: %v", err)
	}
	return Execute(ctx, f.env(), &v, in)
}

// step builds the JSON of a step; next is the JSON of the step after it, or "".
func step(name, typ, settings, next string, extra ...string) string {
	s := fmt.Sprintf(`{"name": %q, "displayName": "Display %s", "type": %q, "settings": %s`, name, name, typ, settings)
	for _, e := range extra {
		s += ", " + e
	}
	if next != "" {
		s += `, "nextAction": ` + next
	}
	return s + "}"
}

func returnResponse(name, input, next string) string {
	return step(name, "PIECE", `{"pieceName": "@activepieces/piece-webhook", "pieceVersion": "~0.1.24",
	  "actionName": "return_response", "input": `+input+`}`, next)
}

func delayFor(name, amount, unit, next string) string {
	return step(name, "PIECE", fmt.Sprintf(`{"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26",
	  "actionName": "delayFor", "input": {"unit": %q, "delayFor": %s}}`, unit, amount), next)
}

func codeStep(name, next string, extra ...string) string {
	return step(name, "CODE", `{"sourceCode": {"code": "export const code = async () => 1", "packageJson": "{}"}, "input": {"a": "{{trigger.body.name}}"}}`, next, extra...)
}

var sampleInput = TriggerInput{
	Method:      "POST",
	Headers:     map[string]string{"content-type": "application/json"},
	Body:        map[string]any{"name": "Ada", "count": 3, "kind": "alpha", "items": []any{"a", "b", "c"}},
	QueryParams: map[string]string{"q": "1"},
}

func decodeRaw(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

func TestExecuteTriggerOutput(t *testing.T) {
	f := &execFixture{}
	res := f.run(t, context.Background(), "", sampleInput)
	if res.Status != workflows.RunSucceeded || res.FailedStep != nil {
		t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
	}
	tr := res.Steps["trigger"]
	if tr.Type != "PIECE_TRIGGER" || tr.Status != "SUCCEEDED" || tr.Duration == nil {
		t.Fatalf("trigger step = %+v", tr)
	}
	want := map[string]any{"method": "POST", "headers": map[string]any{"content-type": "application/json"},
		"body":        map[string]any{"name": "Ada", "count": float64(3), "kind": "alpha", "items": []any{"a", "b", "c"}},
		"queryParams": map[string]any{"q": "1"}}
	if got := decodeRaw(t, tr.Output); !reflect.DeepEqual(got, want) {
		t.Fatalf("trigger output = %v\nwant %v", got, want)
	}
	if res.Start.IsZero() || res.Finish.Before(res.Start) {
		t.Errorf("start %v finish %v", res.Start, res.Finish)
	}
	if len(f.responses) != 0 {
		t.Errorf("a flow without Return Response responded: %+v", f.responses)
	}
}

func TestExecuteReturnResponse(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		want     pieces.Response
		wantBody any
	}{
		{"json body is the referenced object", `{"responseType": "json", "fields": {"body": "{{trigger.body}}"}}`,
			pieces.Response{Status: 200, Headers: map[string]string{}},
			map[string]any{"name": "Ada", "count": float64(3), "kind": "alpha", "items": []any{"a", "b", "c"}}},
		{"json text with embedded references is parsed", `{"fields": {"status": 201, "body": "{\"greeting\": \"Hi {{trigger.body.name}}\", \"n\": {{trigger.body.count}}}"}}`,
			pieces.Response{Status: 201, Headers: map[string]string{}},
			map[string]any{"greeting": "Hi Ada", "n": float64(3)}},
		{"json object body with references", `{"responseType": "json", "fields": {"body": {"who": "{{trigger.body.name}}", "first": "{{trigger.body.items[0]}}"}}}`,
			pieces.Response{Status: 200, Headers: map[string]string{}},
			map[string]any{"who": "Ada", "first": "a"}},
		{"raw text with status and headers", `{"responseType": "raw", "fields": {"status": "202", "headers": {"X-Name": "{{trigger.body.name}}", "X-Count": "{{trigger.body.count}}"}, "body": "hello {{trigger.body.name}}"}}`,
			pieces.Response{Status: 202, Headers: map[string]string{"X-Name": "Ada", "X-Count": "3"}, Raw: true},
			"hello Ada"},
		{"raw object body is sent as JSON text", `{"responseType": "raw", "fields": {"body": "{{trigger.body.items}}"}}`,
			pieces.Response{Status: 200, Headers: map[string]string{}, Raw: true},
			`["a","b","c"]`},
		{"redirect", `{"responseType": "redirect", "fields": {"body": "example.com/{{trigger.body.name}}"}}`,
			pieces.Response{Status: 301, Headers: map[string]string{"Location": "https://example.com/Ada"}, Raw: true},
			"https://example.com/Ada"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &execFixture{}
			res := f.run(t, context.Background(), returnResponse("step_1", tc.input, ""), sampleInput)
			if res.Status != workflows.RunSucceeded {
				t.Fatalf("status %s: %+v", res.Status, res.FailedStep)
			}
			if len(f.responses) != 1 {
				t.Fatalf("responded %d times, want once", len(f.responses))
			}
			got := f.responses[0]
			tc.want.Body = tc.wantBody
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("response = %#v\n      want %#v", got, tc.want)
			}
			s := res.Steps["step_1"]
			if s.Status != "SUCCEEDED" || s.Type != "PIECE" || s.Duration == nil {
				t.Errorf("step = %+v", s)
			}
			out := decodeRaw(t, s.Output).(map[string]any)
			if out["status"] != float64(tc.want.Status) {
				t.Errorf("step output = %v", out)
			}
		})
	}
}

func TestExecuteReturnResponseErrors(t *testing.T) {
	tests := []struct{ name, input, message string }{
		{"json body that is not JSON", `{"responseType": "json", "fields": {"body": "{{trigger.body.name}}"}}`,
			`fields.body must be JSON for responseType json, but it is the text "Ada"; use responseType raw to send text`},
		{"json body missing", `{"responseType": "json", "fields": {"body": "{{trigger.body.nope}}"}}`,
			"fields.body must be JSON for responseType json, but it is empty"},
		{"bad status", `{"fields": {"status": 42, "body": "{}"}}`, "fields.status must be an HTTP status code from 100 to 599, not 42"},
		{"headers not an object", `{"fields": {"headers": "{{trigger.body.items}}", "body": "{}"}}`,
			"fields.headers must be an object of header names to values, not a list"},
		{"unknown response type", `{"responseType": "xml", "fields": {"body": "{}"}}`, `responseType must be json, raw or redirect, not "xml"`},
		{"unknown respond mode", `{"respond": "later", "fields": {"body": "{}"}}`, `respond must be stop or respond, not "later"`},
		{"redirect without URL", `{"responseType": "redirect", "fields": {}}`, "a redirect needs the URL in fields.body"},
		{"expression that breaks a limit", `{"fields": {"body": "{{'x'.repeat(2 * 1024 * 1024)}}"}}`,
			"the value of {{'x'.repeat(2 * 1024 * 1024)}} is 2097154 bytes of JSON, more than the sandbox's limit of 1 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &execFixture{}
			res := f.run(t, context.Background(), returnResponse("step_1", tc.input, delayFor("step_2", "0", "seconds", "")), sampleInput)
			wantFailed(t, res, "step_1", tc.message)
			if len(f.responses) != 0 {
				t.Errorf("a failed step responded: %+v", f.responses)
			}
			if _, ran := res.Steps["step_2"]; ran {
				t.Error("the step after a failure ran")
			}
		})
	}
}

// wantFailed checks a run failed at the named step with the message.
func wantFailed(t *testing.T, res RunResult, stepName, message string) {
	t.Helper()
	if res.Status != workflows.RunFailed {
		t.Fatalf("run status = %s, want FAILED", res.Status)
	}
	want := &workflows.FailedStep{Name: stepName, DisplayName: "Display " + stepName, Message: message}
	if !reflect.DeepEqual(res.FailedStep, want) {
		t.Fatalf("failedStep = %+v\n      want %+v", res.FailedStep, want)
	}
	s := res.Steps[stepName]
	if s.Status != "FAILED" || decodeRaw(t, s.ErrorMessage) != message {
		t.Fatalf("step %s = %s %s", stepName, s.Status, s.ErrorMessage)
	}
}

func TestExecuteRespondModes(t *testing.T) {
	t.Run("stop ends the run", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(),
			returnResponse("step_1", `{"respond": "stop", "fields": {"body": "{\"n\": 1}"}}`, codeStep("step_2", "")), sampleInput)
		if res.Status != workflows.RunSucceeded || len(f.responses) != 1 {
			t.Fatalf("status %s, %d responses", res.Status, len(f.responses))
		}
		if _, ran := res.Steps["step_2"]; ran {
			t.Fatal("a step after respond=stop ran")
		}
	})
	t.Run("respond answers once and goes on", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(),
			returnResponse("step_1", `{"respond": "respond", "fields": {"body": "{\"id\": 7}"}}`,
				returnResponse("step_2", `{"responseType": "raw", "fields": {"body": "{{step_1.body.id}}/{{step_1.output.status}}"}}`, "")),
			sampleInput)
		if res.Status != workflows.RunSucceeded {
			t.Fatalf("status %s %+v", res.Status, res.FailedStep)
		}
		if len(f.responses) != 1 || !reflect.DeepEqual(f.responses[0].Body, map[string]any{"id": float64(7)}) {
			t.Fatalf("responses = %+v, want only the first", f.responses)
		}
		out := decodeRaw(t, res.Steps["step_2"].Output).(map[string]any)
		if out["body"] != "7/200" {
			t.Fatalf("step_2 body = %v, want the first step's output through both reference forms", out["body"])
		}
	})
}

func TestExecuteDelay(t *testing.T) {
	t.Run("capped by MaxDelay", func(t *testing.T) {
		f := &execFixture{maxDelay: time.Millisecond}
		res := f.run(t, context.Background(), delayFor("step_1", "1", "hours", ""), sampleInput)
		if res.Status != workflows.RunSucceeded {
			t.Fatalf("status %s %+v", res.Status, res.FailedStep)
		}
		got := decodeRaw(t, res.Steps["step_1"].Output)
		want := map[string]any{"delayForInMs": float64(3600000), "success": true, "waitedInMs": float64(1)}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("output = %v, want %v", got, want)
		}
	})
	t.Run("amount from a template, below the cap", func(t *testing.T) {
		f := &execFixture{maxDelay: time.Hour}
		in := sampleInput
		in.Body = map[string]any{"wait": "0"}
		res := f.run(t, context.Background(), delayFor("step_1", `"{{trigger.body.wait}}"`, "seconds", ""), in)
		got := decodeRaw(t, res.Steps["step_1"].Output)
		if want := map[string]any{"delayForInMs": float64(0), "success": true}; !reflect.DeepEqual(got, want) {
			t.Fatalf("output = %v, want %v", got, want)
		}
	})
	t.Run("delay until a past time", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), step("step_1", "PIECE", `{"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26",
		  "actionName": "delay_until", "input": {"delayUntilTimestamp": "2020-01-02T03:04:05Z"}}`, ""), sampleInput)
		got := decodeRaw(t, res.Steps["step_1"].Output)
		if want := map[string]any{"delayTill": "2020-01-02T03:04:05Z", "success": true}; !reflect.DeepEqual(got, want) {
			t.Fatalf("output = %v, want %v", got, want)
		}
	})
	t.Run("negative amount", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), delayFor("step_1", "-1", "seconds", ""), sampleInput)
		wantFailed(t, res, "step_1", "delayFor must be a number of seconds, at least 0, not -1")
	})
	t.Run("deadline during a delay times the run out", func(t *testing.T) {
		f := &execFixture{}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		res := f.run(t, ctx, delayFor("step_1", "1", "hours", delayFor("step_2", "0", "seconds", "")), sampleInput)
		if res.Status != workflows.RunTimeout {
			t.Fatalf("status = %s, want TIMEOUT", res.Status)
		}
		if res.FailedStep == nil || res.FailedStep.Name != "step_1" || res.FailedStep.Message != "the run reached its time limit" {
			t.Fatalf("failedStep = %+v", res.FailedStep)
		}
		if _, ran := res.Steps["step_2"]; ran {
			t.Error("a step ran after the time limit")
		}
	})
	t.Run("cancel before a step", func(t *testing.T) {
		f := &execFixture{}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res := f.run(t, ctx, delayFor("step_1", "0", "seconds", ""), sampleInput)
		if res.Status != workflows.RunCanceled || res.FailedStep == nil ||
			res.FailedStep.Message != "the run ended before this step: the run was cancelled" {
			t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
		}
	})
}

func TestExecuteLoop(t *testing.T) {
	body := returnResponse("step_2", `{"respond": "respond", "responseType": "raw", "fields": {"body": "{{loop_1.item}}-{{loop_1.index}}"}}`, "")
	loop := func(items, next string) string {
		return step("loop_1", "LOOP_ON_ITEMS", fmt.Sprintf(`{"items": %q}`, items), next, `"firstLoopAction": `+body)
	}
	t.Run("runs the body per item", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), loop("{{trigger.body.items}}", returnResponse("step_3", `{"responseType": "raw", "fields": {"body": "{{loop_1.index}}"}}`, "")), sampleInput)
		if res.Status != workflows.RunSucceeded {
			t.Fatalf("status %s %+v", res.Status, res.FailedStep)
		}
		out := decodeRaw(t, res.Steps["loop_1"].Output).(map[string]any)
		if out["item"] != "c" || out["index"] != float64(3) {
			t.Fatalf("loop output item/index = %v/%v", out["item"], out["index"])
		}
		iterations := out["iterations"].([]any)
		if len(iterations) != 3 {
			t.Fatalf("%d iterations", len(iterations))
		}
		for i, want := range []string{"a-1", "b-2", "c-3"} {
			run := iterations[i].(map[string]any)["step_2"].(map[string]any)
			if got := run["output"].(map[string]any)["body"]; got != want {
				t.Errorf("iteration %d body = %v, want %s", i, got, want)
			}
		}
		if got := decodeRaw(t, res.Steps["step_2"].Output).(map[string]any)["body"]; got != "c-3" {
			t.Errorf("steps map holds %v for step_2, want the last iteration", got)
		}
		if got := decodeRaw(t, res.Steps["step_3"].Output).(map[string]any)["body"]; got != "3" {
			t.Errorf("after the loop {{loop_1.index}} = %v, want 3", got)
		}
		if in := decodeRaw(t, res.Steps["loop_1"].Input); !reflect.DeepEqual(in, map[string]any{"items": []any{"a", "b", "c"}}) {
			t.Errorf("loop input = %v", in)
		}
	})
	t.Run("an empty list runs nothing", func(t *testing.T) {
		f := &execFixture{}
		in := sampleInput
		in.Body = map[string]any{"items": []any{}}
		res := f.run(t, context.Background(), loop("{{trigger.body.items}}", ""), in)
		out := decodeRaw(t, res.Steps["loop_1"].Output).(map[string]any)
		if res.Status != workflows.RunSucceeded || len(out["iterations"].([]any)) != 0 {
			t.Fatalf("status %s output %v", res.Status, out)
		}
		if _, ran := res.Steps["step_2"]; ran {
			t.Error("the body ran for an empty list")
		}
	})
	t.Run("items that are not a list", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), loop("{{trigger.body.name}}", ""), sampleInput)
		wantFailed(t, res, "loop_1", `items must resolve to a list, but "{{trigger.body.name}}" gave the text "Ada"`)
	})
	t.Run("a failure inside fails the loop", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(),
			step("loop_1", "LOOP_ON_ITEMS", `{"items": "{{trigger.body.items}}"}`, "", `"firstLoopAction": `+
				step("step_2", "CODE", `{"sourceCode": {"code": "export const code = async () => { throw new Error('no') }", "packageJson": "{}"}}`, "")),
			sampleInput)
		if res.Status != workflows.RunFailed || res.FailedStep == nil || res.FailedStep.Name != "step_2" {
			t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
		}
		if res.Steps["loop_1"].Status != "FAILED" {
			t.Errorf("loop status = %s", res.Steps["loop_1"].Status)
		}
		if out := decodeRaw(t, res.Steps["loop_1"].Output).(map[string]any); len(out["iterations"].([]any)) != 1 {
			t.Errorf("loop went on after a failure: %v", out)
		}
	})
}

func TestExecuteSkippedStep(t *testing.T) {
	f := &execFixture{}
	res := f.run(t, context.Background(), codeStep("step_1", returnResponse("step_2", `{"fields": {"body": "{}"}}`, ""), `"skip": true`), sampleInput)
	if res.Status != workflows.RunSucceeded {
		t.Fatalf("status %s %+v", res.Status, res.FailedStep)
	}
	s := res.Steps["step_1"]
	if s.Status != "SKIPPED" || s.Type != "CODE" || s.Output != nil || s.Duration != nil {
		t.Fatalf("skipped step = %+v", s)
	}
	if res.Steps["step_2"].Status != "SUCCEEDED" || len(f.responses) != 1 {
		t.Fatal("the step after a skipped step did not run")
	}
}

func TestExecuteUnrunnableSteps(t *testing.T) {
	tests := []struct{ name, first, failed, message string }{
		{"CODE step with npm packages", step("step_1", "CODE", `{"sourceCode": {"code": "export const code = async () => 1",
		  "packageJson": "{\"dependencies\": {\"lodash\": \"4.17.21\"}}"}}`, returnResponse("step_2", `{"fields": {"body": "{}"}}`, "")), "step_1",
			"the sandbox installs no npm packages, but the step's packageJson depends on lodash; " +
				"remove the dependencies and the code that requires them, or run the flow on an Activepieces server"},
		{"unknown piece", step("step_1", "PIECE", `{"pieceName": "@activepieces/piece-slack", "pieceVersion": "0.5.0", "actionName": "send_message", "input": {}}`, ""),
			"step_1", "the sandbox cannot execute piece @activepieces/piece-slack: it only runs " + pieces.NewCatalogue(pieces.All).Names()},
		{"unknown piece version", step("step_1", "PIECE", `{"pieceName": "@activepieces/piece-delay", "pieceVersion": "1.0.0", "actionName": "delayFor", "input": {}}`, ""),
			"step_1", `the sandbox has no version of @activepieces/piece-delay matching "1.0.0"`},
		{"unknown action", step("step_1", "PIECE", `{"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "sleep", "input": {}}`, ""),
			"step_1", `piece @activepieces/piece-delay has no action "sleep"`},
		{"unknown step type", step("step_1", "BRANCH", `{}`, ""), "step_1", `the sandbox cannot execute steps of type "BRANCH"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &execFixture{}
			res := f.run(t, context.Background(), tc.first, sampleInput)
			wantFailed(t, res, tc.failed, tc.message)
			if _, ran := res.Steps["step_2"]; ran || len(f.responses) != 0 {
				t.Error("the run went on after an unrunnable step")
			}
		})
	}
	t.Run("continueOnFailure records the failure and goes on", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), step("step_1", "CODE", `{"sourceCode": {"code": "x", "packageJson": "{}"},
		  "errorHandlingOptions": {"continueOnFailure": {"value": true}, "retryOnFailure": {"value": false}}}`,
			returnResponse("step_2", `{"fields": {"body": "{}"}}`, "")), sampleInput)
		if res.Status != workflows.RunSucceeded || res.FailedStep != nil {
			t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
		}
		if res.Steps["step_1"].Status != "FAILED" || !strings.Contains(string(res.Steps["step_1"].ErrorMessage), "ReferenceError: x is not defined") {
			t.Fatalf("step_1 = %+v", res.Steps["step_1"])
		}
		if res.Steps["step_2"].Status != "SUCCEEDED" {
			t.Fatal("step_2 did not run")
		}
	})
}
