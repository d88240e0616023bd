package workflows

import (
	"encoding/json"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
)

func TestFlowOperationsEncode(t *testing.T) {
	folder := "fOld3r000000000000001"
	one := 1
	schema := "7"
	cases := []struct {
		name string
		op   FlowOperation
		want string
	}{
		{"UPDATE_TRIGGER with the webhook trigger", UpdateTrigger(WebhookTrigger("0.1.24")),
			`{"type":"UPDATE_TRIGGER","request":{"name":"trigger","displayName":"Catch Webhook","valid":true,"type":"PIECE_TRIGGER",
			"settings":{"pieceName":"@activepieces/piece-webhook","pieceVersion":"0.1.24","triggerName":"catch_webhook",
			"input":{"authType":"none"},"propertySettings":{"authType":{"type":"MANUAL"}}}}}`},
		{"ADD_ACTION inside a router branch", AddAction(AddActionRequest{ParentStep: "step_4", StepLocationRelativeToParent: LocationInsideBranch, BranchIndex: &one,
			Action: NewAction{Name: "step_7", DisplayName: "Note", Type: ActionCode, Valid: true,
				Settings: Settings{SourceCode: &SourceCode{Code: "export const code = async () => 1;", PackageJSON: "{}"}, Input: map[string]any{}}}}),
			`{"type":"ADD_ACTION","request":{"parentStep":"step_4","stepLocationRelativeToParent":"INSIDE_BRANCH","branchIndex":1,
			"action":{"name":"step_7","displayName":"Note","type":"CODE","valid":true,"skip":false,
			"settings":{"input":{},"sourceCode":{"code":"export const code = async () =\u003e 1;","packageJson":"{}"}}}}}`},
		{"ADD_ACTION after a step", AddAction(AddActionRequest{ParentStep: "trigger", Action: NewAction{Name: "step_1", DisplayName: "Loop", Type: ActionLoop,
			Settings: Settings{Items: ptr("{{trigger.body.items}}")}}}),
			`{"type":"ADD_ACTION","request":{"parentStep":"trigger","action":{"name":"step_1","displayName":"Loop","type":"LOOP_ON_ITEMS","valid":false,"skip":false,
			"settings":{"items":"{{trigger.body.items}}"}}}}`},
		{"UPDATE_ACTION", UpdateAction(NewAction{Name: "step_1", DisplayName: "Send", Type: ActionPiece, Valid: true, Skip: true,
			Settings: Settings{PieceName: "@activepieces/piece-slack", PieceVersion: "0.9.2", ActionName: "send_channel_message",
				Input: map[string]any{"text": "hi"}, PropertySettings: map[string]PropertySetting{"text": {Type: PropertyManual}}}}),
			`{"type":"UPDATE_ACTION","request":{"name":"step_1","displayName":"Send","type":"PIECE","valid":true,"skip":true,
			"settings":{"pieceName":"@activepieces/piece-slack","pieceVersion":"0.9.2","actionName":"send_channel_message",
			"input":{"text":"hi"},"propertySettings":{"text":{"type":"MANUAL"}}}}}`},
		{"UPDATE_ACTION sends skip false so a skipped step can be resumed", UpdateAction(NewAction{Name: "step_1", DisplayName: "Wait", Type: ActionLoop, Settings: Settings{Items: ptr("[]")}}),
			`{"type":"UPDATE_ACTION","request":{"name":"step_1","displayName":"Wait","type":"LOOP_ON_ITEMS","valid":false,"skip":false,"settings":{"items":"[]"}}}`},
		{"DELETE_ACTION", DeleteAction("step_1", "step_2"), `{"type":"DELETE_ACTION","request":{"names":["step_1","step_2"]}}`},
		{"DUPLICATE_ACTION", DuplicateAction("step_3"), `{"type":"DUPLICATE_ACTION","request":{"stepName":"step_3"}}`},
		{"MOVE_ACTION into a loop", MoveAction(MoveActionRequest{Name: "step_3", NewParentStep: "step_2", StepLocationRelativeToParent: LocationInsideLoop}),
			`{"type":"MOVE_ACTION","request":{"name":"step_3","newParentStep":"step_2","stepLocationRelativeToParent":"INSIDE_LOOP"}}`},
		{"SET_SKIP_ACTION", SetSkipAction(true, "step_3"), `{"type":"SET_SKIP_ACTION","request":{"names":["step_3"],"skip":true}}`},
		{"SET_SKIP_ACTION off", SetSkipAction(false, "step_3"), `{"type":"SET_SKIP_ACTION","request":{"names":["step_3"],"skip":false}}`},
		{"CHANGE_NAME", ChangeName("Orders"), `{"type":"CHANGE_NAME","request":{"displayName":"Orders"}}`},
		{"CHANGE_FOLDER", ChangeFolder(&folder), `{"type":"CHANGE_FOLDER","request":{"folderId":"fOld3r000000000000001"}}`},
		{"CHANGE_FOLDER to unfiled", ChangeFolder(nil), `{"type":"CHANGE_FOLDER","request":{"folderId":null}}`},
		{"UPDATE_METADATA", UpdateMetadata(json.RawMessage(`{"owner":"ops"}`)), `{"type":"UPDATE_METADATA","request":{"metadata":{"owner":"ops"}}}`},
		{"LOCK_AND_PUBLISH", LockAndPublish(), `{"type":"LOCK_AND_PUBLISH","request":{}}`},
		{"CHANGE_STATUS", ChangeStatus(FlowDisabled), `{"type":"CHANGE_STATUS","request":{"status":"DISABLED"}}`},
		{"USE_AS_DRAFT", UseAsDraft("vEr51onLkD8sQ3mZpT6yW"), `{"type":"USE_AS_DRAFT","request":{"versionId":"vEr51onLkD8sQ3mZpT6yW"}}`},
		{"IMPORT_FLOW keeps unknown trigger members", ImportFlow(ImportFlowRequest{DisplayName: "Copy", SchemaVersion: &schema, Notes: json.RawMessage(`[]`),
			Trigger: Trigger{Name: "trigger", DisplayName: "Empty", Type: TriggerEmpty, Extra: Extra{"lastUpdatedDate": json.RawMessage(`"2025-01-01"`)}}}),
			`{"type":"IMPORT_FLOW","request":{"displayName":"Copy","schemaVersion":"7","notes":[],
			"trigger":{"name":"trigger","displayName":"Empty","valid":false,"type":"EMPTY","settings":{},"lastUpdatedDate":"2025-01-01"}}}`},
		{"raw ADD_BRANCH", RawOperation("ADD_BRANCH", json.RawMessage(`{"stepName":"step_4","branchIndex":1,"branchName":"New"}`)),
			`{"type":"ADD_BRANCH","request":{"stepName":"step_4","branchIndex":1,"branchName":"New"}}`},
		{"raw without a request", RawOperation("LOCK_FLOW", nil), `{"type":"LOCK_FLOW","request":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.op)
			if err != nil {
				t.Fatal(err)
			}
			jsontest.Same(t, "operation", []byte(tc.want), got)
		})
	}
}

func ptr[T any](v T) *T { return &v }
