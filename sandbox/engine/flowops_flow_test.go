package engine

import (
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestEditingALockedVersionClonesADraft(t *testing.T) {
	versionEdits := []struct{ op, request string }{
		{"ADD_ACTION", `{"parentStep": "step_4", "action": ` + delayActionJSON("new") + `}`},
		{"UPDATE_ACTION", delayActionJSON("step_1")},
		{"DELETE_ACTION", `{"names": ["step_1"]}`},
		{"DUPLICATE_ACTION", `{"stepName": "step_1"}`},
		{"MOVE_ACTION", `{"name": "step_1", "newParentStep": "step_4"}`},
		{"SET_SKIP_ACTION", `{"names": ["step_1"], "skip": true}`},
		{"CHANGE_NAME", `{"displayName": "Renamed"}`},
		{"UPDATE_TRIGGER", jsonText(t, workflows.WebhookTrigger("0.1.29"))},
		{"IMPORT_FLOW", `{"displayName": "Imported", "trigger": ` + fixtureTrigger + `}`},
	}
	for _, tc := range versionEdits {
		t.Run(tc.op, func(t *testing.T) {
			f := newOpFixture()
			flow := fixtureFlow(t)
			f.mustApply(t, flow, "LOCK_AND_PUBLISH", `{}`)
			locked := flow.Version
			if locked.State != workflows.VersionLocked {
				t.Fatalf("publish left state %s", locked.State)
			}
			lockedJSON := jsonText(t, locked)

			f.mustApply(t, flow, tc.op, tc.request)
			v := flow.Version
			if v.ID != "newid0000000000000001" || v.State != workflows.VersionDraft {
				t.Fatalf("version after edit = %s %s, want a new DRAFT newid0000000000000001", v.ID, v.State)
			}
			if v.FlowID != "flow_1" || v.Created != fixtureStamp || v.Updated != fixtureStamp {
				t.Errorf("draft flowId/created/updated = %s %s %s", v.FlowID, v.Created, v.Updated)
			}
			if *flow.PublishedVersionID != "version_1" || flow.Status != workflows.FlowEnabled {
				t.Errorf("published %s status %s, want version_1 ENABLED", *flow.PublishedVersionID, flow.Status)
			}
			if jsonText(t, locked) != lockedJSON {
				t.Error("the locked version was modified")
			}
		})
	}
	t.Run("flow-level operations keep the locked version", func(t *testing.T) {
		f := newOpFixture()
		flow := fixtureFlow(t)
		f.mustApply(t, flow, "LOCK_AND_PUBLISH", `{}`)
		f.mustApply(t, flow, "CHANGE_FOLDER", `{"folderId": "folder_1"}`)
		f.mustApply(t, flow, "UPDATE_METADATA", `{"metadata": {"a": 1}}`)
		f.mustApply(t, flow, "CHANGE_STATUS", `{"status": "DISABLED"}`)
		if flow.Version.ID != "version_1" || flow.Version.State != workflows.VersionLocked {
			t.Fatalf("version = %s %s, want the locked version_1", flow.Version.ID, flow.Version.State)
		}
	})
}

func TestValidityIsRecomputed(t *testing.T) {
	tests := []struct {
		name      string
		action    string
		wantValid bool
		check     func(t *testing.T, a *workflows.Action)
	}{
		{"valid piece step", delayActionJSON("x"), true, nil},
		{"request's valid is ignored", `{"name": "x", "displayName": "x", "type": "PIECE", "valid": true,
			"settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor", "input": {"unit": "seconds"}}}`,
			false, nil},
		{"required prop empty", `{"name": "x", "displayName": "x", "type": "PIECE",
			"settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.24", "actionName": "return_response", "input": {"fields": null}}}`,
			false, nil},
		{"undeclared keys are dropped", `{"name": "x", "displayName": "x", "type": "PIECE",
			"settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "~0.1.24", "actionName": "return_response",
			  "input": {"fields": {"body": "{}"}, "body": {"data": 1}, "extra": 2},
			  "propertySettings": {"fields": {"type": "MANUAL"}, "extra": {"type": "MANUAL"}}}}`,
			true, func(t *testing.T, a *workflows.Action) {
				if len(a.Settings.Input) != 1 || a.Settings.Input["fields"] == nil {
					t.Errorf("input = %v, want only fields", a.Settings.Input)
				}
				if _, ok := a.Settings.PropertySettings["extra"]; ok || len(a.Settings.PropertySettings) != 1 {
					t.Errorf("propertySettings = %v, want only fields", a.Settings.PropertySettings)
				}
			}},
		{"unknown action of a known piece", `{"name": "x", "displayName": "x", "type": "PIECE",
			"settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "sleep", "input": {}}}`, false, nil},
		{"code with code", `{"name": "x", "displayName": "x", "type": "CODE",
			"settings": {"sourceCode": {"code": "export const code = async () => 1", "packageJson": "{}"}, "input": {}}}`, true, nil},
		{"code without code", `{"name": "x", "displayName": "x", "type": "CODE", "settings": {"sourceCode": {"code": " ", "packageJson": "{}"}}}`, false, nil},
		{"loop with items", `{"name": "x", "displayName": "x", "type": "LOOP_ON_ITEMS", "settings": {"items": "{{trigger.body}}"}}`, true, nil},
		{"loop without items", `{"name": "x", "displayName": "x", "type": "LOOP_ON_ITEMS", "settings": {}}`, false, nil},
		{"router without branches", `{"name": "x", "displayName": "x", "type": "ROUTER", "settings": {"executionType": "EXECUTE_FIRST_MATCH", "branches": []}}`, false, nil},
		{"router with an unknown operator", `{"name": "x", "displayName": "x", "type": "ROUTER", "settings": {"executionType": "EXECUTE_FIRST_MATCH",
			"branches": [{"branchType": "CONDITION", "branchName": "a", "conditions": [[{"firstValue": "1", "operator": "IS_PRIME"}]]}]}}`, false, nil},
		{"router with a real operator name", `{"name": "x", "displayName": "x", "type": "ROUTER", "settings": {"executionType": "EXECUTE_FIRST_MATCH",
			"branches": [{"branchType": "CONDITION", "branchName": "a", "conditions": [[{"firstValue": "abc", "operator": "TEXT_START_WITH", "secondValue": "a"}]]},
			             {"branchType": "FALLBACK", "branchName": "b"}]}}`, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			flow := fixtureFlow(t)
			f.mustApply(t, flow, "ADD_ACTION", `{"parentStep": "step_4", "action": `+tc.action+`}`)
			a := workflows.FindStep(&flow.Version.Trigger, "x")
			if a.Valid != tc.wantValid || flow.Version.Valid != tc.wantValid {
				t.Fatalf("step valid = %v, version valid = %v, want %v", a.Valid, flow.Version.Valid, tc.wantValid)
			}
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}

func TestTriggerValidity(t *testing.T) {
	f := newOpFixture()
	flow := emptyFlow()
	f.mustApply(t, flow, "ADD_ACTION", `{"parentStep": "trigger", "action": `+delayActionJSON("step_1")+`}`)
	if flow.Version.Trigger.Valid || flow.Version.Valid {
		t.Fatal("an EMPTY trigger counted as valid")
	}
	if !workflows.FindStep(&flow.Version.Trigger, "step_1").Valid {
		t.Fatal("the step itself should be valid")
	}

	// UPDATE_TRIGGER sets the webhook trigger and keeps the steps after it.
	req := workflows.WebhookTrigger("^0.1.24")
	req.Settings.Input["secret"] = "dropped"
	f.mustApply(t, flow, "UPDATE_TRIGGER", jsonText(t, req))
	tr := flow.Version.Trigger
	if !tr.Valid || !flow.Version.Valid || tr.NextAction == nil || tr.NextAction.Name != "step_1" {
		t.Fatalf("trigger valid=%v version valid=%v next=%v", tr.Valid, flow.Version.Valid, tr.NextAction)
	}
	if _, kept := tr.Settings.Input["secret"]; kept || tr.Settings.Input["authType"] != "none" {
		t.Errorf("trigger input = %v", tr.Settings.Input)
	}

	// A trigger without its required authType is not valid.
	f.mustApply(t, flow, "UPDATE_TRIGGER", `{"name": "trigger", "displayName": "Catch", "type": "PIECE_TRIGGER", "valid": true,
	  "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.24", "triggerName": "catch_webhook", "input": {}}}`)
	if flow.Version.Trigger.Valid {
		t.Error("trigger without authType counted as valid")
	}
	// Back to EMPTY.
	f.mustApply(t, flow, "UPDATE_TRIGGER", `{"name": "trigger", "displayName": "Select Trigger", "type": "EMPTY", "valid": true, "settings": {}}`)
	if flow.Version.Trigger.Valid {
		t.Error("EMPTY trigger counted as valid")
	}
}

func TestFlowOperations(t *testing.T) {
	tests := []struct {
		name, op, request string
		check             func(t *testing.T, flow *workflows.Flow)
	}{
		{name: "change name", op: "CHANGE_NAME", request: `{"displayName": "Renamed"}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.Version.DisplayName != "Renamed" {
					t.Errorf("name = %q", flow.Version.DisplayName)
				}
			}},
		{name: "file into a folder", op: "CHANGE_FOLDER", request: `{"folderId": "folder_1"}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.FolderID == nil || *flow.FolderID != "folder_1" {
					t.Errorf("folderId = %v", flow.FolderID)
				}
			}},
		{name: "unfile", op: "CHANGE_FOLDER", request: `{"folderId": null}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.FolderID != nil {
					t.Errorf("folderId = %v, want nil", *flow.FolderID)
				}
			}},
		{name: "update metadata", op: "UPDATE_METADATA", request: `{"metadata": {"team": "ops"}}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if string(flow.Metadata) != `{"team": "ops"}` {
					t.Errorf("metadata = %s", flow.Metadata)
				}
			}},
		{name: "clear metadata", op: "UPDATE_METADATA", request: `{"metadata": null}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.Metadata != nil {
					t.Errorf("metadata = %s", flow.Metadata)
				}
			}},
		{name: "publish enables by default", op: "LOCK_AND_PUBLISH", request: `{}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.Version.State != workflows.VersionLocked || flow.Status != workflows.FlowEnabled ||
					flow.PublishedVersionID == nil || *flow.PublishedVersionID != "version_1" {
					t.Errorf("state %s status %s published %v", flow.Version.State, flow.Status, flow.PublishedVersionID)
				}
			}},
		{name: "publish disabled", op: "LOCK_AND_PUBLISH", request: `{"status": "DISABLED"}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				if flow.Status != workflows.FlowDisabled || *flow.PublishedVersionID != "version_1" {
					t.Errorf("status %s published %v", flow.Status, flow.PublishedVersionID)
				}
			}},
		{name: "import a flow", op: "IMPORT_FLOW", request: `{"displayName": "Imported", "schemaVersion": "7", "notes": [],
			"trigger": {"name": "trigger", "displayName": "Catch", "type": "PIECE_TRIGGER",
			  "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.29", "triggerName": "catch_webhook", "input": {"authType": "none"}},
			  "nextAction": {"name": "reply", "displayName": "Reply", "type": "PIECE",
			    "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.29", "actionName": "return_response",
			      "input": {"fields": {"body": "{\"ok\": true}"}}}}}}`,
			check: func(t *testing.T, flow *workflows.Flow) {
				v := flow.Version
				if v.DisplayName != "Imported" || outline(&v.Trigger) != "reply" || !v.Valid || *v.SchemaVersion != "7" {
					t.Errorf("imported %q %q valid=%v", v.DisplayName, outline(&v.Trigger), v.Valid)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			flow := fixtureFlow(t)
			folder := "folder_1"
			flow.FolderID = &folder
			flow.Metadata = []byte(`{"old": true}`)
			f.mustApply(t, flow, tc.op, tc.request)
			tc.check(t, flow)
			if flow.Updated != fixtureStamp {
				t.Errorf("flow updated = %s", flow.Updated)
			}
		})
	}
}

func TestFlowOperationErrors(t *testing.T) {
	const invalid, fastify, missing = "FLOW_OPERATION_INVALID", "FST_ERR_VALIDATION", "ENTITY_NOT_FOUND"
	otherFlowsVersion := &workflows.FlowVersion{Base: workflows.Base{ID: "version_x"}, FlowID: "flow_x"}
	tests := []struct {
		name          string
		flow          func(t *testing.T) *workflows.Flow
		op, request   string
		status        int
		code, message string
	}{
		{"enable an unpublished flow", fixtureFlow, "CHANGE_STATUS", `{"status": "ENABLED"}`, 400, invalid,
			"flow flow_1 has no published version; publish it with LOCK_AND_PUBLISH before enabling it"},
		{"unknown status", fixtureFlow, "CHANGE_STATUS", `{"status": "ON"}`, 400, fastify,
			"body/request/status must be equal to one of the allowed values: ENABLED, DISABLED"},
		{"status missing", fixtureFlow, "CHANGE_STATUS", `{}`, 400, fastify,
			"body/request/status must be equal to one of the allowed values: ENABLED, DISABLED"},
		{"publish an empty trigger", func(*testing.T) *workflows.Flow { return emptyFlow() }, "LOCK_AND_PUBLISH", `{}`, 400, invalid,
			"the flow cannot be published because it is not valid: the trigger is empty (set it with UPDATE_TRIGGER)"},
		{"publish an invalid step", func(t *testing.T) *workflows.Flow {
			flow := fixtureFlow(t)
			workflows.FindStep(&flow.Version.Trigger, "step_2").Settings.Input = map[string]any{"unit": "seconds"}
			return flow
		}, "LOCK_AND_PUBLISH", `{}`, 400, invalid,
			"the flow cannot be published because it is not valid: step step_2 (Wait inside) is not valid"},
		{"publish with a bad status", fixtureFlow, "LOCK_AND_PUBLISH", `{"status": "PAUSED"}`, 400, fastify,
			"body/request/status must be equal to one of the allowed values: ENABLED, DISABLED"},
		{"folder that does not exist", fixtureFlow, "CHANGE_FOLDER", `{"folderId": "folder_9"}`, 404, missing, "folder folder_9 not found"},
		{"folder member absent", fixtureFlow, "CHANGE_FOLDER", `{}`, 400, fastify, "body/request/folderId must be string or null"},
		{"folder not a string", fixtureFlow, "CHANGE_FOLDER", `{"folderId": 7}`, 400, fastify, "body/request/folderId must be string or null"},
		{"name missing", fixtureFlow, "CHANGE_NAME", `{}`, 400, fastify, "body/request/displayName must be string"},
		{"metadata not an object", fixtureFlow, "UPDATE_METADATA", `{"metadata": "x"}`, 400, fastify, "body/request/metadata must be object or null"},
		{"use a missing version", fixtureFlow, "USE_AS_DRAFT", `{"versionId": "version_9"}`, 404, missing, "flow_version version_9 not found"},
		{"use another flow's version", fixtureFlow, "USE_AS_DRAFT", `{"versionId": "version_x"}`, 404, missing, "flow_version version_x not found"},
		{"import duplicate names", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x", "trigger": {"name": "trigger", "displayName": "t", "type": "EMPTY", "settings": {},
			"nextAction": {"name": "a", "displayName": "a", "type": "LOOP_ON_ITEMS", "settings": {"items": "x"},
			  "firstLoopAction": {"name": "a", "displayName": "a", "type": "CODE", "settings": {}}}}}`,
			400, invalid, `a step named "a" already exists in the flow`},
		{"import a bad step name", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x", "trigger": {"name": "trigger", "displayName": "t", "type": "EMPTY", "settings": {},
			"nextAction": {"name": "my step", "displayName": "a", "type": "CODE", "settings": {}}}}`,
			400, invalid, `step name "my step" is invalid: it must match ^[a-zA-Z_][a-zA-Z0-9_]*$`},
		{"import a bad step type", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x", "trigger": {"name": "trigger", "displayName": "t", "type": "EMPTY", "settings": {},
			"nextAction": {"name": "a", "displayName": "a", "type": "BRANCH", "settings": {}}}}`,
			400, invalid, `step "a" has type "BRANCH"; expected CODE, PIECE, LOOP_ON_ITEMS or ROUTER`},
		{"import a misnamed trigger", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x", "trigger": {"name": "start", "displayName": "t", "type": "EMPTY", "settings": {}}}`,
			400, invalid, `the trigger must be named "trigger", not "start"`},
		{"import without trigger", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x"}`, 400, fastify, "body/request/trigger must be object"},
		{"import an unknown piece", fixtureFlow, "IMPORT_FLOW", `{"displayName": "x", "trigger": {"name": "trigger", "displayName": "t", "type": "PIECE_TRIGGER",
			"settings": {"pieceName": "@activepieces/piece-rss", "pieceVersion": "0.1.0", "triggerName": "new-item-in-feed", "input": {}}}}`,
			404, missing, "piece @activepieces/piece-rss not found"},
		{"trigger type unknown", fixtureFlow, "UPDATE_TRIGGER", `{"name": "trigger", "displayName": "t", "type": "WEBHOOK", "settings": {}}`,
			400, fastify, "body/request/type must be equal to one of the allowed values: EMPTY, PIECE_TRIGGER"},
		{"trigger without display name", fixtureFlow, "UPDATE_TRIGGER", `{"name": "trigger", "type": "EMPTY", "settings": {}}`,
			400, fastify, "body/request/displayName must be string"},
		{"piece trigger without settings", fixtureFlow, "UPDATE_TRIGGER", `{"name": "trigger", "displayName": "t", "type": "PIECE_TRIGGER"}`,
			400, fastify, "body/request/settings must be object"},
		{"trigger of an unknown piece version", fixtureFlow, "UPDATE_TRIGGER", jsonText(t, workflows.WebhookTrigger("0.0.1")),
			404, missing, "piece @activepieces/piece-webhook@0.0.1 not found"},
		{"trigger renamed", fixtureFlow, "UPDATE_TRIGGER", `{"name": "start", "displayName": "t", "type": "EMPTY", "settings": {}}`,
			400, invalid, `the trigger must be named "trigger", not "start"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newOpFixture()
			f.versions["version_x"] = otherFlowsVersion
			f.mustRefuse(t, tc.flow(t), tc.op, tc.request, tc.status, tc.code, tc.message)
		})
	}
}

func TestChangeStatusAfterPublish(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	f.mustApply(t, flow, "LOCK_AND_PUBLISH", `{"status": "DISABLED"}`)
	f.mustApply(t, flow, "CHANGE_STATUS", `{"status": "ENABLED"}`)
	if flow.Status != workflows.FlowEnabled {
		t.Fatalf("status = %s", flow.Status)
	}
	f.mustApply(t, flow, "CHANGE_STATUS", `{"status": "DISABLED"}`)
	if flow.Status != workflows.FlowDisabled {
		t.Fatalf("status = %s", flow.Status)
	}
}

func TestUseAsDraft(t *testing.T) {
	f := newOpFixture()
	flow := fixtureFlow(t)
	f.mustApply(t, flow, "LOCK_AND_PUBLISH", `{}`)
	published, _ := cloneVersion(flow.Version)
	f.versions[published.ID] = published

	// Edit: a new draft without step_1, then bring the published graph back.
	f.mustApply(t, flow, "DELETE_ACTION", `{"names": ["step_1"]}`)
	f.mustApply(t, flow, "CHANGE_NAME", `{"displayName": "Edited"}`)
	draftID := flow.Version.ID
	f.mustApply(t, flow, "USE_AS_DRAFT", `{"versionId": "version_1"}`)
	v := flow.Version
	if v.ID != draftID || v.State != workflows.VersionDraft {
		t.Fatalf("draft = %s %s, want the existing draft %s", v.ID, v.State, draftID)
	}
	if outline(&v.Trigger) != fixtureOutline || v.DisplayName != "Fixture" || !v.Valid {
		t.Fatalf("draft = %q %q valid=%v", v.DisplayName, outline(&v.Trigger), v.Valid)
	}

	// From a locked current version, USE_AS_DRAFT makes a new draft.
	f.mustApply(t, flow, "LOCK_AND_PUBLISH", `{}`)
	f.mustApply(t, flow, "USE_AS_DRAFT", `{"versionId": "version_1"}`)
	if flow.Version.ID == draftID || flow.Version.State != workflows.VersionDraft {
		t.Fatalf("version = %s %s, want a new draft", flow.Version.ID, flow.Version.State)
	}
}
