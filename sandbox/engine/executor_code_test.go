package engine

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// codeWith builds a CODE step with the given source and input (JSON).
func codeWith(name, source, input, next string) string {
	settings, _ := json.Marshal(map[string]any{"sourceCode": map[string]any{"code": source, "packageJson": "{}"},
		"input": json.RawMessage(input)})
	return step(name, "CODE", string(settings), next)
}

func TestExecuteCodeStep(t *testing.T) {
	f := &execFixture{}
	res := f.run(t, context.Background(), codeWith("step_1", `export const code = async (inputs) => {
		console.log("name is", inputs.name);
		return { greeting: "Hi " + inputs.name, n: inputs.count * 2 };
	}`, `{"name": "{{trigger.body.name}}", "count": "{{trigger.body.count}}"}`,
		returnResponse("step_2", `{"fields": {"body": {"g": "{{step_1.greeting}}", "n": "{{step_1.n + 1}}"}}}`, "")), sampleInput)
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
	}
	s := res.Steps["step_1"]
	if out := decodeRaw(t, s.Output); !reflect.DeepEqual(out, map[string]any{"greeting": "Hi Ada", "n": float64(6)}) {
		t.Errorf("step_1 output %v", out)
	}
	if in := decodeRaw(t, s.Input); !reflect.DeepEqual(in, map[string]any{"name": "Ada", "count": float64(3)}) {
		t.Errorf("step_1 input %v", in)
	}
	if logs := decodeRaw(t, s.Extra["logs"]); !reflect.DeepEqual(logs, []any{"name is Ada"}) {
		t.Errorf("step_1 logs %v", logs)
	}
	if len(f.responses) != 1 || !reflect.DeepEqual(f.responses[0].Body, map[string]any{"g": "Hi Ada", "n": float64(7)}) {
		t.Errorf("responses %+v", f.responses)
	}
}

func TestExecuteCodeStepFails(t *testing.T) {
	t.Run("thrown error", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), codeWith("step_1", `export const code = async () => { console.log("trying"); throw new Error("no luck") }`, `{}`,
			returnResponse("step_2", `{"fields": {"body": "{}"}}`, "")), sampleInput)
		wantFailed(t, res, "step_1", "Error: no luck")
		if logs := decodeRaw(t, res.Steps["step_1"].Extra["logs"]); !reflect.DeepEqual(logs, []any{"trying"}) {
			t.Errorf("logs of the failed step %v", logs)
		}
		if _, ran := res.Steps["step_2"]; ran {
			t.Error("the step after the failure ran")
		}
	})
	t.Run("endless loop", func(t *testing.T) {
		f := &execFixture{}
		env := f.env()
		env.JS = &jsrun.Runner{CodeLimits: jsrun.Limits{Time: 200 * time.Millisecond}}
		v := flowVersion(t, codeWith("step_1", `export const code = async () => { for (;;) {} }`, `{}`, ""))
		res := Execute(context.Background(), env, v, sampleInput)
		wantFailed(t, res, "step_1", "the code ran longer than 200ms, the sandbox's time limit, and was stopped (an endless loop?)")
	})
	t.Run("run deadline", func(t *testing.T) {
		f := &execFixture{}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		res := f.run(t, ctx, codeWith("step_1", `export const code = async () => { for (;;) {} }`, `{}`, ""), sampleInput)
		if res.Status != "TIMEOUT" || res.FailedStep == nil || res.FailedStep.Message != "the run reached its time limit" {
			t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
		}
	})
}

func TestExecuteCodeInLoop(t *testing.T) {
	f := &execFixture{}
	res := f.run(t, context.Background(), step("loop_1", "LOOP_ON_ITEMS", `{"items": "{{trigger.body.items}}"}`, "",
		`"firstLoopAction": `+codeWith("step_2", `export const code = async (i) => i.item.toUpperCase() + i.index`,
			`{"item": "{{loop_1.item}}", "index": "{{loop_1.index}}"}`, "")), sampleInput)
	if res.Status != "SUCCEEDED" {
		t.Fatalf("status %s failed %+v", res.Status, res.FailedStep)
	}
	out := decodeRaw(t, res.Steps["loop_1"].Output).(map[string]any)
	iterations := out["iterations"].([]any)
	last := iterations[2].(map[string]any)["step_2"].(map[string]any)
	if len(iterations) != 3 || last["output"] != "C3" {
		t.Fatalf("iterations %v", iterations)
	}
}

// flowVersion builds a version whose steps (after a webhook trigger) are
// given as the JSON of the first step.
func flowVersion(t *testing.T, firstStep string) *workflows.FlowVersion {
	t.Helper()
	trigger := `{"name": "trigger", "displayName": "Catch Webhook", "type": "PIECE_TRIGGER",
	  "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.24", "triggerName": "catch_webhook", "input": {"authType": "none"}},
	  "nextAction": ` + firstStep + `}`
	var v workflows.FlowVersion
	if err := json.Unmarshal([]byte(trigger), &v.Trigger); err != nil {
		t.Fatalf("flow: %v", err)
	}
	return &v
}
