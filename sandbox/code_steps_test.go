package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// publishCodeFlow publishes a flow whose webhook runs a CODE step (step_1)
// with the given source and inputs, then a Return Response (step_2) whose
// body is body, and returns the flow's id.
func publishCodeFlow(t *testing.T, srv *httptest.Server, name, source string, inputs, body map[string]any) string {
	t.Helper()
	flow := createFlow(t, srv, name)
	ops := []workflows.FlowOperation{
		workflows.UpdateTrigger(workflows.WebhookTrigger("0.1.29")),
		workflows.AddAction(workflows.AddActionRequest{ParentStep: "trigger", Action: workflows.NewAction{
			Name: "step_1", DisplayName: "Compute", Type: workflows.ActionCode, Valid: true,
			Settings: workflows.Settings{Input: inputs,
				SourceCode: &workflows.SourceCode{Code: source, PackageJSON: "{}"}},
		}}),
		workflows.AddAction(workflows.AddActionRequest{ParentStep: "step_1", Action: workflows.NewAction{
			Name: "step_2", DisplayName: "Return Response", Type: workflows.ActionPiece, Valid: true,
			Settings: workflows.Settings{
				PieceName: workflows.WebhookPieceName, PieceVersion: "0.1.29", ActionName: "return_response",
				Input: map[string]any{"responseType": "json", "respond": "stop",
					"fields": map[string]any{"status": 200, "body": body}},
				PropertySettings: map[string]workflows.PropertySetting{
					"responseType": {Type: workflows.PropertyManual}, "respond": {Type: workflows.PropertyManual}, "fields": {Type: workflows.PropertyManual},
				},
			},
		}}),
		workflows.LockAndPublish(),
	}
	for _, op := range ops {
		call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, op).expect(t, 200)
	}
	return flow.ID
}

// TestCodeStepThroughSyncWebhook: a CODE step computes from the request body
// and the flow answers the sync webhook with the computed value, through
// {{step_1.sum}} and other expressions. A memory bomb in another flow's
// CODE step fails that run only: the server goes on serving.
func TestCodeStepThroughSyncWebhook(t *testing.T) {
	_, srv := testEngine(t)
	sumFlow := publishCodeFlow(t, srv, "sum", `
export const code = async (inputs: { numbers: number[] }) => {
	console.log("adding", inputs.numbers.length, "numbers");
	await new Promise((resolve) => setTimeout(resolve, 10));
	return { sum: inputs.numbers.reduce((a, b) => a + b, 0) };
};`,
		map[string]any{"numbers": "{{trigger.body.numbers}}"},
		map[string]any{"sum": "{{step_1.sum}}", "text": "sum={{step_1.sum}}", "count": "{{trigger.body.numbers.length}}",
			"doubled": "{{step_1.sum * 2}}"})
	bombFlow := publishCodeFlow(t, srv, "bomb", `export const code = async () => 'a'.repeat(2 ** 29).length`,
		map[string]any{}, map[string]any{"never": true})

	askSum := func() {
		t.Helper()
		a := call(t, srv, "POST", gw+"/v1/webhooks/"+sumFlow+"/sync", `{"numbers": [1, 2, 3, 4.5]}`).expect(t, 200)
		got := decode[map[string]any](t, a)
		want := map[string]any{"sum": 10.5, "text": "sum=10.5", "count": float64(4), "doubled": float64(21)}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("answer %v, want %v", got, want)
		}
	}
	askSum()
	run := waitForRun(t, srv, sumFlow)
	var logs []string
	if err := json.Unmarshal(run.Steps["step_1"].Extra["logs"], &logs); err != nil || !reflect.DeepEqual(logs, []string{"adding 4 numbers"}) {
		t.Errorf("step_1's logs %s (%v)", run.Steps["step_1"].Extra["logs"], err)
	}

	call(t, srv, "POST", gw+"/v1/webhooks/"+bombFlow+"/sync", `{}`).expect(t, 500)
	bombRun := waitForRun(t, srv, bombFlow)
	if bombRun.Status != workflows.RunFailed || bombRun.Steps["step_1"].Status != "FAILED" ||
		!strings.Contains(string(bombRun.Steps["step_1"].ErrorMessage), "the code ran out of memory") {
		t.Fatalf("bomb run %s, step_1 %+v", bombRun.Status, bombRun.Steps["step_1"])
	}
	askSum()
}
