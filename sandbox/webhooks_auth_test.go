package sandbox

import (
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// A flow whose webhook trigger asks for a header answers only calls that carry it;
// a refused call starts no run.
func TestWebhookAuthenticationRefusesWithoutStartingARun(t *testing.T) {
	_, srv := testEngine(t)
	flow := createFlow(t, srv, "Guarded")
	trigger := workflows.WebhookTrigger("0.1.29")
	trigger.Settings.Input = map[string]any{"authType": "header", "authFields": map[string]any{"headerName": "X-Guard", "headerValue": "open-sesame"}}
	trigger.Settings.PropertySettings["authFields"] = workflows.PropertySetting{Type: workflows.PropertyManual}
	path := gw + "/v1/flows/" + flow.ID
	call(t, srv, "POST", path, workflows.UpdateTrigger(trigger)).expect(t, 200)
	respond := workflows.AddActionRequest{ParentStep: "trigger", Action: workflows.NewAction{Name: "step_1", DisplayName: "Reply", Type: workflows.ActionPiece, Valid: true,
		Settings: workflows.Settings{PieceName: workflows.WebhookPieceName, PieceVersion: "0.1.29", ActionName: "return_response",
			Input: map[string]any{"responseType": "json", "respond": "stop", "fields": map[string]any{"status": 200, "headers": map[string]any{}, "body": "{{trigger.body}}"}}}}}
	call(t, srv, "POST", path, workflows.AddAction(respond)).expect(t, 200)
	call(t, srv, "POST", path, workflows.LockAndPublish()).expect(t, 200)

	hook := gw + "/v1/webhooks/" + flow.ID
	call(t, srv, "POST", hook+"/sync", `{"a":1}`).expect(t, 408)
	call(t, srv, "POST", ap+"/v1/webhooks/"+flow.ID+"/sync", `{"a":1}`, "X-Guard", "wrong").expect(t, 204)
	call(t, srv, "POST", hook, `{"a":1}`).expect(t, 200)
	runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?flowId="+flow.ID, nil).expect(t, 200))
	if len(runs.Data) != 0 {
		t.Fatalf("refused calls started %d runs", len(runs.Data))
	}
	ok := call(t, srv, "POST", hook+"/sync", `{"a":1}`, "X-Guard", "open-sesame").expect(t, 200)
	if string(ok.Body) != `{"a":1}` {
		t.Fatalf("guarded flow answered %s", ok.Body)
	}
}
