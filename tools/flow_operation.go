package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// flowOperationTypes are every operation the engine takes, typed or not. The
// schema leaves the list out (the description names the typed ones) and Check
// names them all when the type is wrong.
var flowOperationTypes = []string{
	"UPDATE_TRIGGER", "ADD_ACTION", "UPDATE_ACTION", "DELETE_ACTION", "DUPLICATE_ACTION", "MOVE_ACTION", "SET_SKIP_ACTION",
	"CHANGE_NAME", "CHANGE_FOLDER", "UPDATE_METADATA", "LOCK_AND_PUBLISH", "CHANGE_STATUS", "USE_AS_DRAFT", "IMPORT_FLOW",
	"ADD_BRANCH", "DELETE_BRANCH", "DUPLICATE_BRANCH", "MOVE_BRANCH", "UPDATE_MINUTES_SAVED", "UPDATE_OWNER", "LOCK_FLOW",
	"SAVE_SAMPLE_DATA", "UPDATE_SAMPLE_DATA_INFO", "ADD_NOTE", "UPDATE_NOTE", "DELETE_NOTE",
}

// stepLocations are where ADD_ACTION and MOVE_ACTION may put a step; the
// last two are the older BRANCH step's paths.
var stepLocations = []string{"AFTER", "INSIDE_LOOP", "INSIDE_BRANCH", "INSIDE_ON_SUCCESS_BRANCH", "INSIDE_ON_FAILURE_BRANCH"}

// actionSpec is a step as ADD_ACTION and UPDATE_ACTION take it.
type actionSpec struct {
	stepCore
	Branches rawBranches `json:"branches,omitempty" jsonschema_description:"ROUTER: [{branchName,conditions:[[{firstValue,operator,secondValue}]]}]"`
	Skip     bool        `json:"skip,omitempty" jsonschema_description:"Skip the step when the flow runs"`
}

// triggerSpec is a piece trigger for UPDATE_TRIGGER and build_flow; all empty means the webhook trigger.
type triggerSpec struct {
	PieceName    string         `json:"pieceName,omitempty" jsonschema_description:"Default @activepieces/piece-webhook"`
	PieceVersion string         `json:"pieceVersion,omitempty" jsonschema_description:"Default: latest"`
	TriggerName  string         `json:"triggerName,omitempty" jsonschema_description:"See get_piece; default catch_webhook"`
	Input        map[string]any `json:"input,omitempty" jsonschema_description:"Trigger inputs"`
}

// actionSchema and triggerSchema are the full schemas the tools' definitions
// leave out. Reflected on first use, not at start.
var (
	actionSchema  = sync.OnceValue(schema.For[actionSpec])
	triggerSchema = sync.OnceValue(schema.For[triggerSpec])
)

// decodeTrigger checks and decodes a trigger argument, with the webhook's
// defaults filled in; nil when it does not fit.
func decodeTrigger(raw rawObject, path string, chk *specCheck) *triggerSpec {
	t := &triggerSpec{}
	if raw.given() {
		if t = decodeRaw[triggerSpec](raw.RawMessage, path, triggerSchema, chk); t == nil {
			return nil
		}
	}
	if t.PieceName == "" {
		t.PieceName = workflows.WebhookPieceName
	}
	switch {
	case t.TriggerName == "" && t.PieceName == workflows.WebhookPieceName:
		t.TriggerName = "catch_webhook"
	case t.TriggerName == "":
		chk.missing(path+".triggerName", "the trigger of piece "+t.PieceName+" (get_piece lists them)")
		return nil
	}
	return t
}

type applyFlowOperationInput struct {
	FlowID      string         `json:"flowId" jsonschema_description:"Flow id"`
	Type        string         `json:"type" jsonschema_description:"Fields below say their types; others: request"`
	Trigger     rawObject      `json:"trigger,omitempty" jsonschema_description:"UPDATE_TRIGGER: as in build_flow"`
	Action      rawObject      `json:"action,omitempty" jsonschema_description:"ADD_ACTION, UPDATE_ACTION: a build_flow step (unnested), +skip"`
	ParentStep  string         `json:"parentStep,omitempty" jsonschema_description:"ADD_ACTION, MOVE_ACTION: step it goes after/in"`
	Location    string         `json:"location,omitempty" jsonschema_description:"AFTER (default), INSIDE_LOOP, INSIDE_BRANCH"`
	BranchIndex *int           `json:"branchIndex,omitempty" jsonschema_description:"INSIDE_BRANCH: from 0"`
	StepName    string         `json:"stepName,omitempty" jsonschema_description:"DUPLICATE_ACTION, MOVE_ACTION: the step"`
	Names       []string       `json:"names,omitempty" jsonschema_description:"DELETE_ACTION, SET_SKIP_ACTION"`
	Skip        *bool          `json:"skip,omitempty" jsonschema_description:"SET_SKIP_ACTION"`
	DisplayName string         `json:"displayName,omitempty" jsonschema_description:"CHANGE_NAME"`
	FolderID    string         `json:"folderId,omitempty" jsonschema_description:"CHANGE_FOLDER (moves the flow); NULL unfiles"`
	Metadata    map[string]any `json:"metadata,omitempty" jsonschema_description:"UPDATE_METADATA"`
	Status      string         `json:"status,omitempty" jsonschema_description:"CHANGE_STATUS, LOCK_AND_PUBLISH: ENABLED/DISABLED"`
	VersionID   string         `json:"versionId,omitempty" jsonschema_description:"USE_AS_DRAFT"`
	Request     map[string]any `json:"request,omitempty" jsonschema_description:"Other types: sent as is"`

	action   *actionSpec  // decoded by Check
	branches []branchCore // the action's, decoded by Check
	trigger  *triggerSpec // decoded by Check
}

// operationFields lists, per typed operation, the fields it requires and those it
// may take. Types not listed take only request.
var operationFields = map[string]struct{ required, optional []string }{
	"UPDATE_TRIGGER":   {optional: []string{"trigger"}},
	"ADD_ACTION":       {required: []string{"action", "parentStep"}, optional: []string{"location", "branchIndex"}},
	"UPDATE_ACTION":    {required: []string{"action"}},
	"DELETE_ACTION":    {required: []string{"names"}},
	"DUPLICATE_ACTION": {required: []string{"stepName"}},
	"MOVE_ACTION":      {required: []string{"stepName", "parentStep"}, optional: []string{"location", "branchIndex"}},
	"SET_SKIP_ACTION":  {required: []string{"names", "skip"}},
	"CHANGE_NAME":      {required: []string{"displayName"}},
	"CHANGE_FOLDER":    {required: []string{"folderId"}},
	"UPDATE_METADATA":  {required: []string{"metadata"}},
	"LOCK_AND_PUBLISH": {optional: []string{"status"}},
	"CHANGE_STATUS":    {required: []string{"status"}},
	"USE_AS_DRAFT":     {required: []string{"versionId"}},
}

// typedFields returns the JSON names of the typed operation fields that are set.
func (in *applyFlowOperationInput) typedFields() []string {
	var set []string
	add := func(name string, ok bool) {
		if ok {
			set = append(set, name)
		}
	}
	add("trigger", in.Trigger.given())
	add("action", in.Action.given())
	add("parentStep", in.ParentStep != "")
	add("location", in.Location != "")
	add("branchIndex", in.BranchIndex != nil)
	add("stepName", in.StepName != "")
	add("names", len(in.Names) > 0)
	add("skip", in.Skip != nil)
	add("displayName", in.DisplayName != "")
	add("folderId", in.FolderID != "")
	add("metadata", in.Metadata != nil)
	add("status", in.Status != "")
	add("versionId", in.VersionID != "")
	return set
}

// Check requires a known type, the typed fields it takes and only those (or
// request alone), and checks the action or trigger given; it reports every
// problem it finds at once.
func (in *applyFlowOperationInput) Check() error {
	var chk specCheck
	if !idPattern.MatchString(in.FlowID) {
		chk.field("flowId", "an id of 21 letters and digits (Flow id)", in.FlowID)
	}
	if !slices.Contains(flowOperationTypes, in.Type) {
		chk.field("type", "one of "+strings.Join(flowOperationTypes, ", "), in.Type)
		return chk.err()
	}
	set := in.typedFields()
	if in.Request != nil {
		if len(set) > 0 {
			chk.field(set[0], "no typed field together with request (request is sent as is)", nil)
		}
		return chk.err()
	}
	fields, typed := operationFields[in.Type]
	if !typed {
		chk.missing("request", fmt.Sprintf("the request object of %s (it has no typed fields)", in.Type))
		return chk.err()
	}
	takes := strings.Join(append(slices.Clone(fields.required), fields.optional...), ", ")
	for _, name := range fields.required {
		if !slices.Contains(set, name) {
			chk.missing(name, "a value: "+in.Type+" takes "+takes)
		}
	}
	for _, name := range set {
		if !slices.Contains(fields.required, name) && !slices.Contains(fields.optional, name) {
			chk.field(name, fmt.Sprintf("only %s with %s", takes, in.Type), nil)
		}
	}
	in.checkFields(&chk)
	return chk.err()
}

// checkFields checks the values of the typed fields given.
func (in *applyFlowOperationInput) checkFields(chk *specCheck) {
	if in.Action.given() {
		in.action = decodeRaw[actionSpec](in.Action.RawMessage, "action", actionSchema, chk)
	}
	if a := in.action; a != nil {
		if a.Name == "" {
			chk.missing("action.name", "the name of the step to "+strings.ToLower(strings.TrimSuffix(in.Type, "_ACTION")))
		}
		a.check("action", chk)
		in.branches = decodeBranches[branchCore](a.Branches, "action.branches", branchSchema, chk)
		switch {
		case a.Type == "ROUTER" && len(a.Branches) == 0:
			chk.missing("action.branches", "at least one branch for a ROUTER step")
		case a.Type != "ROUTER" && len(a.Branches) > 0:
			chk.field("action.type", "ROUTER when branches is set", a.Type)
		}
		checkBranches("action.branches", a.Name, in.branches, chk)
	}
	if in.Type == string(workflows.OpUpdateTrigger) {
		in.trigger = decodeTrigger(in.Trigger, "trigger", chk)
	}
	if in.BranchIndex != nil && *in.BranchIndex < 0 {
		chk.field("branchIndex", "a branch number from 0", *in.BranchIndex)
	}
	if in.Status != "" && in.Status != string(workflows.FlowEnabled) && in.Status != string(workflows.FlowDisabled) {
		chk.field("status", "one of ENABLED, DISABLED", in.Status)
	}
	checkLength(chk, "displayName", in.DisplayName, maxNameChars)
	if in.Location != "" && !slices.Contains(stepLocations, in.Location) {
		chk.field("location", "one of "+strings.Join(stepLocations, ", "), in.Location)
	}
	if in.Location == "INSIDE_BRANCH" && in.BranchIndex == nil {
		chk.missing("branchIndex", "the branch number (from 0) with location INSIDE_BRANCH")
	}
	if in.FolderID != "" && in.FolderID != "NULL" && !idPattern.MatchString(in.FolderID) {
		chk.field("folderId", "a folder id of 21 letters and digits, or NULL to unfile the flow", in.FolderID)
	}
	if in.VersionID != "" && !idPattern.MatchString(in.VersionID) {
		chk.field("versionId", "a version id of 21 letters and digits (get_flow shows them)", in.VersionID)
	}
}

// branchSchema is a ROUTER branch's schema. Reflected on first use, not at
// start: most sessions never add a router.
var branchSchema = sync.OnceValue(schema.For[branchCore])

// operation builds the engine request for a checked input whose pieces have
// been resolved (versions holds the version to pin).
func (in *applyFlowOperationInput) operation(version string) (workflows.FlowOperation, error) {
	t := workflows.FlowOperationType(in.Type)
	if in.Request != nil {
		raw, err := json.Marshal(in.Request)
		return workflows.RawOperation(t, raw), err
	}
	switch t {
	case workflows.OpUpdateTrigger:
		return workflows.UpdateTrigger(triggerRequest(in.trigger, version)), nil
	case workflows.OpAddAction:
		return workflows.AddAction(workflows.AddActionRequest{ParentStep: in.ParentStep, StepLocationRelativeToParent: workflows.StepLocation(in.Location),
			BranchIndex: in.BranchIndex, Action: in.newAction(version)}), nil
	case workflows.OpUpdateAction:
		return workflows.UpdateAction(in.newAction(version)), nil
	case workflows.OpDeleteAction:
		return workflows.DeleteAction(in.Names...), nil
	case workflows.OpDuplicateAction:
		return workflows.DuplicateAction(in.StepName), nil
	case workflows.OpMoveAction:
		return workflows.MoveAction(workflows.MoveActionRequest{Name: in.StepName, NewParentStep: in.ParentStep,
			StepLocationRelativeToParent: workflows.StepLocation(in.Location), BranchIndex: in.BranchIndex}), nil
	case workflows.OpSetSkipAction:
		return workflows.SetSkipAction(*in.Skip, in.Names...), nil
	case workflows.OpChangeName:
		return workflows.ChangeName(in.DisplayName), nil
	case workflows.OpChangeFolder:
		if in.FolderID == "NULL" {
			return workflows.ChangeFolder(nil), nil
		}
		folder := in.FolderID
		return workflows.ChangeFolder(&folder), nil
	case workflows.OpUpdateMetadata:
		raw, err := json.Marshal(in.Metadata)
		return workflows.UpdateMetadata(raw), err
	case workflows.OpLockAndPublish:
		return workflows.FlowOperation{Type: t, Request: workflows.LockAndPublishRequest{Status: workflows.FlowStatus(in.Status)}}, nil
	case workflows.OpChangeStatus:
		return workflows.ChangeStatus(workflows.FlowStatus(in.Status)), nil
	case workflows.OpUseAsDraft:
		return workflows.UseAsDraft(in.VersionID), nil
	}
	return workflows.FlowOperation{}, fmt.Errorf("operation %s has typed fields but no builder", t)
}

func (in *applyFlowOperationInput) newAction(version string) workflows.NewAction {
	na := in.action.action(in.action.Name, version, in.branches)
	na.Skip = in.action.Skip
	return na
}

// triggerRequest builds an UPDATE_TRIGGER request for a checked trigger at
// version: the webhook trigger's own shape, with any inputs given, or a piece trigger.
func triggerRequest(t *triggerSpec, version string) workflows.UpdateTriggerRequest {
	if t.PieceName == workflows.WebhookPieceName && t.TriggerName == "catch_webhook" {
		req := workflows.WebhookTrigger(version)
		for k, v := range t.Input {
			req.Settings.Input[k] = v
			req.Settings.PropertySettings[k] = workflows.PropertySetting{Type: workflows.PropertyManual}
		}
		return req
	}
	return workflows.UpdateTriggerRequest{Name: "trigger", DisplayName: t.TriggerName, Valid: true, Type: workflows.TriggerPiece,
		Settings: workflows.Settings{PieceName: t.PieceName, PieceVersion: version, TriggerName: t.TriggerName, Input: orEmpty(t.Input), PropertySettings: manualSettings(t.Input)}}
}

// ApplyFlowOperation applies one edit to a flow (SDK applyFlowOperation).
func ApplyFlowOperation(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "apply_flow_operation", Title: "Apply flow operation", Hints: toolkit.EditHints, FindIDs: findFlows, Narrow: "the flow is too large to show; use get_flow with detail=summary",
		Description: "Edit a flow's draft with one operation: type and the fields marked with it. Checked against the flow and pieces first."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *applyFlowOperationInput) (*flowDetail, error) {
		version, err := checkOperation(ctx, c, in)
		if err != nil {
			return nil, err
		}
		op, err := in.operation(version)
		if err != nil {
			return nil, err
		}
		f, err := c.ApplyFlowOperation(ctx, in.FlowID, op)
		if err != nil {
			return nil, err
		}
		d := detailFlow(f, false)
		return &d, nil
	})
}
