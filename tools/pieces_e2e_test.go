package tools

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
)

// runSpec builds and publishes a flow from steps (JSON, without the final
// Return Response, which answers reply) with build_flow, calls it with
// trigger_flow_sync and returns the flow's answer, as a model would.
func (h *harness) runSpec(steps, reply, payload string) triggerSyncOutput {
	h.t.Helper()
	replyStep := `{"type":"PIECE","pieceName":"@activepieces/piece-webhook","actionName":"return_response",` +
		`"input":{"responseType":"json","fields":{"status":200,"body":` + reply + `}}}`
	if steps != "" {
		replyStep = steps + "," + replyStep
	}
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Piece test","publish":true,"steps":[`+replyStep+`]}`, &f)
	var out triggerSyncOutput
	h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`","payload":`+payload+`}`, &out)
	if out.Outcome != "responded" {
		h.t.Fatalf("flow %s did not answer: %+v (failed step %+v)", f.ID, out, out.FailedStep)
	}
	return out
}

func bodyJSON(t *testing.T, out triggerSyncOutput) string {
	t.Helper()
	b, err := json.Marshal(out.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEachSandboxPieceThroughTheTools builds a flow with each piece the sandbox
// runs through build_flow, runs it with trigger_flow_sync, and checks the
// answer holds what the piece computed.
func TestEachSandboxPieceThroughTheTools(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"got":%q}`, r.Method, body)
	}))
	defer target.Close()
	h := newHarness(t, harnessConfig{engineOpts: []sandbox.Option{sandbox.WithEgress(egress.Loopback)}})
	cases := []struct {
		name, steps, reply, payload, want string
	}{
		{"CODE", `{"type":"CODE","code":"export const code = async (inputs) => { await new Promise(r => setTimeout(r, 5)); return { sum: inputs.a + inputs.b } }",` +
			`"input":{"a":"{{trigger.body.a}}","b":"{{trigger.body.b}}"}}`,
			`{"sum":"{{step_1.sum}}"}`, `{"a":2,"b":3}`, `{"sum":5}`},
		{"expression", "", `{"n":"{{trigger.body.items.length}}","up":"{{trigger.body.name.toUpperCase()}}"}`,
			`{"items":[1,2,3],"name":"ada"}`, `{"n":3,"up":"ADA"}`},
		{"store", `{"type":"PIECE","pieceName":"@activepieces/piece-store","actionName":"put","input":{"key":"greeting","value":"{{trigger.body.v}}","store_scope":"COLLECTION"}},` +
			`{"type":"PIECE","pieceName":"@activepieces/piece-store","actionName":"get","input":{"key":"greeting","store_scope":"COLLECTION"}}`,
			`{"kept":"{{step_2}}"}`, `{"v":"hello"}`, `{"kept":"hello"}`},
		{"data mapper", `{"type":"PIECE","pieceName":"@activepieces/piece-data-mapper","actionName":"advanced_mapping","input":{"mapping":{"full":"{{trigger.body.first}} {{trigger.body.last}}"}}}`,
			`"{{step_1}}"`, `{"first":"Ada","last":"Lovelace"}`, `{"full":"Ada Lovelace"}`},
		{"HTTP", `{"type":"PIECE","pieceName":"@activepieces/piece-http","actionName":"send_request","input":{"method":"POST","url":"` + target.URL +
			`/echo","headers":{},"queryParams":{},"authType":"NONE","body_type":"json","body":{"data":{"q":"{{trigger.body.q}}"}},"failureMode":"continue_none"}}`,
			`{"status":"{{step_1.status}}","answer":"{{step_1.body}}"}`, `{"q":"flows"}`, `{"answer":{"got":"{\"q\":\"flows\"}","method":"POST"},"status":200}`},
		{"delay", `{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0.01,"unit":"seconds"}}`,
			`{"waited":true}`, `{}`, `{"waited":true}`},
		{"tables", `{"type":"PIECE","pieceName":"@activepieces/piece-tables","actionName":"tables-find-records","input":{"table_id":"customers","limit":1}}`,
			`{"found":"{{step_1.length}}"}`, `{}`, `{"found":1}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := h.runSpec(tc.steps, tc.reply, tc.payload)
			if got := bodyJSON(t, out); got != tc.want {
				t.Errorf("the flow answered %s, want %s", got, tc.want)
			}
			if out.RunID == "" || out.RunMatch != "matched" {
				t.Errorf("the answer does not name its run: %+v", out)
			}
		})
	}
}

// TestHTTPPieceRefusesLoopbackByDefault: an agent's flow may not reach the
// user's own machine unless the sandbox is told to allow it. With "Do not
// retry" the step fails; with the default "stop the flow" the flow answers
// the failure itself, which trigger_flow_sync reports as the flow's reply.
func TestHTTPPieceRefusesLoopbackByDefault(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer target.Close()
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Reach home","publish":true,"steps":[{"type":"PIECE","pieceName":"@activepieces/piece-http","actionName":"send_request",`+
		`"input":{"method":"GET","url":"`+target.URL+`","headers":{},"queryParams":{},"authType":"NONE","body_type":"none","failureMode":"retry_none"}}]}`, &f)
	var out triggerSyncOutput
	h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`"}`, &out)
	if out.Outcome != "failed" || out.FailedStep == nil || !strings.Contains(strings.ToLower(out.FailedStep.Message), "loopback") {
		t.Fatalf("a flow calling loopback = %+v (failed step %+v), want the step refused for reaching a loopback address", out, out.FailedStep)
	}
	h.ok("build_flow", `{"displayName":"Reach home, stop","publish":true,"steps":[{"type":"PIECE","pieceName":"@activepieces/piece-http","actionName":"send_request",`+
		`"input":{"method":"GET","url":"`+target.URL+`","headers":{},"queryParams":{},"authType":"NONE","body_type":"none","failureMode":"continue_none"}}]}`, &f)
	h.ok("trigger_flow_sync", `{"flowId":"`+f.ID+`"}`, &out)
	if body, _ := out.Body.(string); out.Outcome != "responded" || out.Status != 500 || !strings.Contains(body, "loopback") {
		t.Fatalf("a flow stopped by its refused HTTP step = %+v, want its own 500 answer naming the refusal", out)
	}
}
