package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// opFixture stands in for the store behind ApplyOperation.
type opFixture struct {
	env      OpEnv
	versions map[string]*workflows.FlowVersion
	folders  map[string]bool
	nextID   int
}

var fixtureNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

const fixtureStamp = "2026-11-27T10:00:00.000Z"

func newOpFixture() *opFixture {
	f := &opFixture{versions: map[string]*workflows.FlowVersion{}, folders: map[string]bool{"folder_1": true}}
	f.env = OpEnv{
		NewID: func() string {
			f.nextID++
			return fmt.Sprintf("newid%016d", f.nextID)
		},
		Now:       func() time.Time { return fixtureNow },
		Catalogue: pieces.NewCatalogue(pieces.All),
		Version: func(id string) (*workflows.FlowVersion, error) {
			return f.versions[id], nil
		},
		FolderExists: func(id string) (bool, error) { return f.folders[id], nil },
	}
	return f
}

// apply runs one operation with a request given as JSON text.
func (f *opFixture) apply(flow *workflows.Flow, opType, request string) error {
	return ApplyOperation(f.env, flow, opType, json.RawMessage(request))
}

// mustRefuse applies an operation that must fail with the given error and
// leave the flow as it was.
func (f *opFixture) mustRefuse(t *testing.T, flow *workflows.Flow, opType, request string, status int, code, message string) {
	t.Helper()
	before := jsonText(t, flow)
	err := f.apply(flow, opType, request)
	assertAPIError(t, err, status, code, message)
	if after := jsonText(t, flow); after != before {
		t.Errorf("a failed operation changed the flow:\nbefore %s\nafter  %s", before, after)
	}
}

func (f *opFixture) mustApply(t *testing.T, flow *workflows.Flow, opType, request string) {
	t.Helper()
	if err := f.apply(flow, opType, request); err != nil {
		t.Fatalf("%s %s: %v", opType, request, err)
	}
}

// fixtureTrigger is a webhook trigger with, after it:
//
//	step_1 (delay) → loop_1 {step_2 (delay)} → router_1 [yes: step_3 | otherwise: —] → step_4 (return_response)
const fixtureTrigger = `{
  "name": "trigger", "displayName": "Catch Webhook", "valid": true, "type": "PIECE_TRIGGER",
  "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.24", "triggerName": "catch_webhook",
    "input": {"authType": "none"}, "propertySettings": {"authType": {"type": "MANUAL"}}},
  "nextAction": {
    "name": "step_1", "displayName": "Wait", "valid": true, "type": "PIECE",
    "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "^0.3.0", "actionName": "delayFor",
      "input": {"unit": "seconds", "delayFor": 1}},
    "nextAction": {
      "name": "loop_1", "displayName": "Each item", "valid": true, "type": "LOOP_ON_ITEMS",
      "settings": {"items": "{{trigger.body.items}}"},
      "firstLoopAction": {
        "name": "step_2", "displayName": "Wait inside", "valid": true, "type": "PIECE",
        "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor",
          "input": {"unit": "seconds", "delayFor": 0}}
      },
      "nextAction": {
        "name": "router_1", "displayName": "Route", "valid": true, "type": "ROUTER",
        "settings": {"executionType": "EXECUTE_FIRST_MATCH", "branches": [
          {"branchType": "CONDITION", "branchName": "yes",
           "conditions": [[{"firstValue": "{{trigger.body.kind}}", "operator": "TEXT_EXACTLY_MATCHES", "secondValue": "a"}]]},
          {"branchType": "FALLBACK", "branchName": "otherwise"}]},
        "children": [
          {"name": "step_3", "displayName": "Wait in branch", "valid": true, "type": "PIECE",
           "settings": {"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor",
             "input": {"unit": "seconds", "delayFor": 0}}},
          null],
        "nextAction": {
          "name": "step_4", "displayName": "Reply", "valid": true, "type": "PIECE",
          "settings": {"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.29", "actionName": "return_response",
            "input": {"responseType": "json", "fields": {"status": 200, "body": "{{trigger.body}}"}, "respond": "stop"}}
        }
      }
    }
  }
}`

const fixtureOutline = "step_1 loop_1{step_2} router_1[step_3|] step_4"

// fixtureFlow is a flow whose DRAFT version (id version_1) holds fixtureTrigger.
func fixtureFlow(t *testing.T) *workflows.Flow {
	t.Helper()
	var trigger workflows.Trigger
	if err := json.Unmarshal([]byte(fixtureTrigger), &trigger); err != nil {
		t.Fatalf("fixture trigger: %v", err)
	}
	return &workflows.Flow{
		Base:      workflows.Base{ID: "flow_1", Created: "2026-01-01T00:00:00.000Z", Updated: "2026-01-01T00:00:00.000Z"},
		ProjectID: "project_1",
		Status:    workflows.FlowDisabled,
		Version: &workflows.FlowVersion{
			Base:        workflows.Base{ID: "version_1", Created: "2026-01-01T00:00:00.000Z", Updated: "2026-01-01T00:00:00.000Z"},
			FlowID:      "flow_1",
			DisplayName: "Fixture",
			Trigger:     trigger,
			Valid:       true,
			State:       workflows.VersionDraft,
		},
	}
}

// emptyFlow is a new flow: one DRAFT version with an EMPTY trigger.
func emptyFlow() *workflows.Flow {
	return &workflows.Flow{
		Base: workflows.Base{ID: "flow_2"}, ProjectID: "project_1", Status: workflows.FlowDisabled,
		Version: &workflows.FlowVersion{Base: workflows.Base{ID: "version_2"}, FlowID: "flow_2", DisplayName: "New",
			State: workflows.VersionDraft, Trigger: workflows.Trigger{Name: "trigger", DisplayName: "Select Trigger", Type: workflows.TriggerEmpty}},
	}
}

// outline renders a step graph compactly: steps in order, loop bodies in {},
// router branches in [] separated by |.
func outline(t *workflows.Trigger) string {
	return outlineChain(t.NextAction)
}

func outlineChain(a *workflows.Action) string {
	var parts []string
	for ; a != nil; a = a.NextAction {
		s := a.Name
		switch a.Type {
		case workflows.ActionLoop:
			s += "{" + outlineChain(a.FirstLoopAction) + "}"
		case workflows.ActionRouter:
			branches := make([]string, len(a.Children))
			for i, c := range a.Children {
				branches[i] = outlineChain(c)
			}
			s += "[" + strings.Join(branches, "|") + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// assertAPIError checks an error's status, code and human message (params.message,
// or the fastify message).
func assertAPIError(t *testing.T, err error, status int, code, message string) {
	t.Helper()
	var apiErr *apierr.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want *apierr.Error %d %s", err, err, status, code)
	}
	got := apiErr.Message
	if !apiErr.Fastify {
		got, _ = apiErr.Params["message"].(string)
	}
	if apiErr.Status != status || apiErr.Code != code || got != message {
		t.Fatalf("error = %d %s %q\n      want %d %s %q", apiErr.Status, apiErr.Code, got, status, code, message)
	}
}
