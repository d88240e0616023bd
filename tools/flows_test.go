package tools

import (
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

func TestListAndGetFlows(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var list listFlowsOutput
	h.ok("list_flows", `{"limit":5}`, &list)
	if len(list.Flows) != 1 || list.Flows[0].DisplayName != sandbox.EchoFlowName || !list.Flows[0].Published || list.Flows[0].Status != "ENABLED" {
		t.Fatalf("list_flows = %+v, want the published echo flow", list.Flows)
	}
	if list.HasMore || list.NextCursor != "" {
		t.Errorf("one flow: hasMore=%v nextCursor=%q", list.HasMore, list.NextCursor)
	}
	id := list.Flows[0].ID

	var summary flowDetail
	h.ok("get_flow", `{"flowId":"`+id+`"}`, &summary)
	if summary.Trigger == nil || summary.Trigger.TriggerName != "catch_webhook" || len(summary.Steps) != 1 ||
		summary.Steps[0].Name != "step_1" || summary.Steps[0].ActionName != "return_response" || summary.Definition != nil {
		t.Errorf("get_flow summary = %+v", summary)
	}
	var full flowDetail
	h.ok("get_flow", `{"flowId":"`+id+`","detail":"full"}`, &full)
	if full.Definition == nil {
		t.Error("get_flow detail=full has no definition")
	}

	h.rejects("list_flows", `{"limit":0}`, "invalid argument limit: expected an integer from 1 to 100, got 0")
	h.rejects("list_flows", `{"status":"ON"}`, `invalid argument status: expected one of ENABLED, DISABLED, got "ON"`)
	h.rejects("get_flow", `{"flowId":"abc"}`, `invalid argument flowId: expected an id of 21 letters and digits (Flow id), got "abc"`)
	h.rejects("get_flow", `{"flowId":"`+id+`","detail":"all"}`, `invalid argument detail: expected one of summary, full, got "all"`)
	h.fails("get_flow", `{"flowId":"`+unknownID+`"}`, "404", "ENTITY_NOT_FOUND", "Hint: no such item: list_flows lists flow ids.")
}

func TestCreateRenameAndDeleteFlow(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var created flowDetail
	h.ok("create_flow", `{"displayName":"Draft one"}`, &created)
	if created.DisplayName != "Draft one" || created.Status != "DISABLED" || created.VersionState != "DRAFT" || created.Valid {
		t.Fatalf("create_flow = %+v", created)
	}
	var renamed flowDetail
	h.ok("apply_flow_operation", `{"flowId":"`+created.ID+`","type":"CHANGE_NAME","displayName":"Renamed"}`, &renamed)
	if renamed.DisplayName != "Renamed" {
		t.Errorf("after CHANGE_NAME displayName = %q", renamed.DisplayName)
	}
	var gone deleted
	h.ok("delete_flow", `{"flowId":"`+created.ID+`"}`, &gone)
	if !gone.Deleted || gone.ID != created.ID {
		t.Errorf("delete_flow = %+v", gone)
	}
	h.fails("get_flow", `{"flowId":"`+created.ID+`"}`, "404")

	h.rejects("create_flow", `{}`, "missing required argument displayName: expected a string (Flow name)")
	h.rejects("create_flow", `{"displayName":"x","folderId":"`+unknownID+`","folderName":"y"}`,
		`invalid argument folderName: expected either folderId or folderName, not both, got "y"`)
	h.rejects("delete_flow", `{"flowId":"abc-def-ghi-jkl-mno-pq"}`,
		`invalid argument flowId: expected an id of 21 letters and digits (Flow id), got "abc-def-ghi-jkl-mno-pq"`)
}

func TestApplyFlowOperation(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var f flowDetail
	h.ok("create_flow", `{"displayName":"Ops"}`, &f)
	id := f.ID
	h.ok("apply_flow_operation", `{"flowId":"`+id+`","type":"UPDATE_TRIGGER"}`, &f)
	if f.Trigger == nil || f.Trigger.PieceName != "@activepieces/piece-webhook" || f.Trigger.TriggerName != "catch_webhook" || !f.Trigger.Valid {
		t.Fatalf("after UPDATE_TRIGGER trigger = %+v", f.Trigger)
	}
	h.ok("apply_flow_operation", `{"flowId":"`+id+`","type":"ADD_ACTION","parentStep":"trigger","action":{"name":"step_1","type":"PIECE",`+
		`"pieceName":"@activepieces/piece-webhook","actionName":"return_response","input":{"responseType":"json","fields":{"status":201,"body":"{{trigger.body}}"}}}}`, &f)
	if len(f.Steps) != 1 || f.Steps[0].Name != "step_1" || !f.Steps[0].Valid {
		t.Fatalf("after ADD_ACTION steps = %+v", f.Steps)
	}
	h.ok("apply_flow_operation", `{"flowId":"`+id+`","type":"LOCK_AND_PUBLISH"}`, &f)
	if f.Status != "ENABLED" || f.PublishedVersionID == "" {
		t.Errorf("after LOCK_AND_PUBLISH status=%s published=%q", f.Status, f.PublishedVersionID)
	}
	// A raw request is sent as is.
	h.ok("apply_flow_operation", `{"flowId":"`+id+`","type":"CHANGE_STATUS","request":{"status":"DISABLED"}}`, &f)
	if f.Status != "DISABLED" {
		t.Errorf("after raw CHANGE_STATUS status = %s", f.Status)
	}

	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"ADD_ACTION","parentStep":"trigger"}`,
		"missing required argument action: expected a value: ADD_ACTION takes action, parentStep, location, branchIndex")
	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"RENAME"}`,
		`invalid argument type: expected one of UPDATE_TRIGGER, ADD_ACTION, UPDATE_ACTION, DELETE_ACTION, DUPLICATE_ACTION, MOVE_ACTION, SET_SKIP_ACTION, CHANGE_NAME, CHANGE_FOLDER, UPDATE_METADATA, LOCK_AND_PUBLISH, CHANGE_STATUS, USE_AS_DRAFT, IMPORT_FLOW, ADD_BRANCH, DELETE_BRANCH, DUPLICATE_BRANCH, MOVE_BRANCH, UPDATE_MINUTES_SAVED, UPDATE_OWNER, LOCK_FLOW, SAVE_SAMPLE_DATA, UPDATE_SAMPLE_DATA_INFO, ADD_NOTE, UPDATE_NOTE, DELETE_NOTE, got "RENAME"`)
	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"CHANGE_NAME","displayName":"x","names":["step_1"]}`,
		`invalid argument names: expected only displayName with CHANGE_NAME`)
	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"ADD_NOTE"}`,
		"missing required argument request: expected the request object of ADD_NOTE (it has no typed fields)")
	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"ADD_ACTION","parentStep":"trigger","action":{"name":"r","type":"ROUTER","branches":[{"branchName":"a","conditions":[[{"firstValue":"1"}]]}]}}`,
		"missing required argument action.branches[0].conditions[0][0].operator: expected a string (e.g. TEXT_CONTAINS, NUMBER_IS_GREATER_THAN, EXISTS)")
	h.rejects("apply_flow_operation", `{"flowId":"`+id+`","type":"ADD_ACTION","parentStep":"trigger","action":{"name":"s","type":"PIECE","pieceName":"@activepieces/piece-webhook"}}`,
		"missing required argument action.actionName: expected the action of a PIECE step (get_piece lists them)")
	text := h.fails("apply_flow_operation", `{"flowId":"`+id+`","type":"DELETE_ACTION","names":["step_9"]}`, "Hint:")
	if !strings.Contains(text, "400") && !strings.Contains(text, "404") {
		t.Errorf("deleting a missing step: %s", text)
	}
}

func TestApplyFlowOperationTypedOperations(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	const delay = `{"type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":0,"unit":"seconds"}}`
	var f flowDetail
	h.ok("build_flow", `{"displayName":"Typed","steps":[`+delay+`]}`, &f)
	var folders listFoldersOutput
	h.ok("list_folders", `{"limit":1}`, &folders)
	op := func(args string) flowDetail {
		t.Helper()
		var out flowDetail
		h.ok("apply_flow_operation", `{"flowId":"`+f.ID+`",`+args+`}`, &out)
		return out
	}
	if got := op(`"type":"DUPLICATE_ACTION","stepName":"step_1"`); len(got.Steps) != 2 {
		t.Fatalf("DUPLICATE_ACTION: steps %+v", got.Steps)
	}
	got := op(`"type":"SET_SKIP_ACTION","names":["step_1"],"skip":true`)
	if !got.Steps[0].Skip {
		t.Errorf("SET_SKIP_ACTION: %+v", got.Steps[0])
	}
	copyName := got.Steps[1].Name
	if got := op(`"type":"MOVE_ACTION","stepName":"` + copyName + `","parentStep":"trigger"`); got.Steps[0].Name != copyName {
		t.Errorf("MOVE_ACTION: steps %+v", got.Steps)
	}
	if got := op(`"type":"DELETE_ACTION","names":["` + copyName + `"]`); len(got.Steps) != 1 || got.Steps[0].Name != "step_1" {
		t.Errorf("DELETE_ACTION: steps %+v", got.Steps)
	}
	if got := op(`"type":"UPDATE_ACTION","action":{"name":"step_1","displayName":"Wait","type":"PIECE","pieceName":"@activepieces/piece-delay","actionName":"delayFor","input":{"delayFor":1,"unit":"seconds"}}`); got.Steps[0].DisplayName != "Wait" {
		t.Errorf("UPDATE_ACTION: %+v", got.Steps[0])
	}
	if got := op(`"type":"CHANGE_FOLDER","folderId":"` + folders.Folders[0].ID + `"`); got.FolderID != folders.Folders[0].ID {
		t.Errorf("CHANGE_FOLDER: folder %q", got.FolderID)
	}
	if got := op(`"type":"CHANGE_FOLDER","folderId":"NULL"`); got.FolderID != "" {
		t.Errorf("CHANGE_FOLDER NULL: folder %q", got.FolderID)
	}
	op(`"type":"UPDATE_METADATA","metadata":{"owner":"sales"}`)
	published := op(`"type":"LOCK_AND_PUBLISH","status":"DISABLED"`)
	if published.Status != "DISABLED" || published.PublishedVersionID == "" {
		t.Errorf("LOCK_AND_PUBLISH status=DISABLED: %+v", published)
	}
	if got := op(`"type":"CHANGE_STATUS","status":"ENABLED"`); got.Status != "ENABLED" {
		t.Errorf("CHANGE_STATUS: %s", got.Status)
	}
	if got := op(`"type":"USE_AS_DRAFT","versionId":"` + published.PublishedVersionID + `"`); got.VersionState != "DRAFT" || got.VersionID == published.PublishedVersionID {
		t.Errorf("USE_AS_DRAFT: version %s %s", got.VersionID, got.VersionState)
	}
	h.rejects("apply_flow_operation", `{"flowId":"`+f.ID+`","type":"SET_SKIP_ACTION","names":["step_1"]}`,
		"missing required argument skip: expected a value: SET_SKIP_ACTION takes names, skip")
	h.rejects("apply_flow_operation", `{"flowId":"`+f.ID+`","type":"MOVE_ACTION","stepName":"step_1","parentStep":"x","location":"INSIDE_BRANCH"}`,
		"missing required argument branchIndex: expected the branch number (from 0) with location INSIDE_BRANCH")
	h.rejects("apply_flow_operation", `{"flowId":"`+f.ID+`","type":"CHANGE_NAME","request":{"displayName":"x"},"displayName":"y"}`,
		"invalid argument displayName: expected no typed field together with request (request is sent as is)")
}
