package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/invopop/jsonschema"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// actionSpec is a step as ADD_ACTION and UPDATE_ACTION take it.
type actionSpec struct {
	stepCore
	Branches rawBranches `json:"branches,omitempty"`
	Skip     bool        `json:"skip,omitempty"`

	branches []branchCore // decoded from Branches by check
}

// rawBranches holds a router's branches as raw JSON: declaring their full shape
// here would double the size of this tool's schema, so the schema points to
// build_flow's and check validates each branch against the branch schema.
type rawBranches []json.RawMessage

// JSONSchema describes rawBranches briefly.
func (rawBranches) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "object"},
		Description: "ROUTER: {branchName, conditions} as in build_flow"}
}

// branchSchema is a ROUTER branch's schema. Reflected on first use, not at
// start: most sessions never add a router.
var branchSchema = sync.OnceValue(schema.For[branchCore])

// decodeBranches checks each raw branch against the branch schema and decodes it.
func (a *actionSpec) decodeBranches() error {
	a.branches = nil
	for i, raw := range a.Branches {
		at := fmt.Sprintf("action.branches[%d]", i)
		if err := schema.Validate(branchSchema(), raw); err != nil {
			return prefixed(err, at)
		}
		var b branchCore
		if err := json.Unmarshal(raw, &b); err != nil {
			return toolkit.FieldErr(at, "a branch object", err.Error())
		}
		a.branches = append(a.branches, b)
	}
	return nil
}

// triggerSpec is a piece trigger for UPDATE_TRIGGER and build_flow; all empty means the webhook trigger.
type triggerSpec struct {
	PieceName    string         `json:"pieceName,omitempty"`
	PieceVersion string         `json:"pieceVersion,omitempty"`
	TriggerName  string         `json:"triggerName,omitempty"`
	Input        map[string]any `json:"input,omitempty"`
}

type applyFlowOperationInput struct {
	FlowID      string         `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id"`
	Type        string         `json:"type" jsonschema:"enum=UPDATE_TRIGGER,enum=ADD_ACTION,enum=UPDATE_ACTION,enum=DELETE_ACTION,enum=DUPLICATE_ACTION,enum=MOVE_ACTION,enum=SET_SKIP_ACTION,enum=CHANGE_NAME,enum=CHANGE_FOLDER,enum=UPDATE_METADATA,enum=LOCK_AND_PUBLISH,enum=CHANGE_STATUS,enum=USE_AS_DRAFT,enum=IMPORT_FLOW,enum=ADD_BRANCH,enum=DELETE_BRANCH,enum=DUPLICATE_BRANCH,enum=MOVE_BRANCH,enum=UPDATE_MINUTES_SAVED,enum=UPDATE_OWNER,enum=LOCK_FLOW,enum=SAVE_SAMPLE_DATA,enum=UPDATE_SAMPLE_DATA_INFO,enum=ADD_NOTE,enum=UPDATE_NOTE,enum=DELETE_NOTE"`
	Trigger     *triggerSpec   `json:"trigger,omitempty" jsonschema_description:"UPDATE_TRIGGER; empty: webhook"`
	Action      *actionSpec    `json:"action,omitempty" jsonschema_description:"ADD_ACTION, UPDATE_ACTION"`
	ParentStep  string         `json:"parentStep,omitempty" jsonschema_description:"ADD_ACTION, MOVE_ACTION"`
	Location    string         `json:"location,omitempty" jsonschema:"enum=AFTER,enum=INSIDE_LOOP,enum=INSIDE_BRANCH,enum=INSIDE_ON_SUCCESS_BRANCH,enum=INSIDE_ON_FAILURE_BRANCH"`
	BranchIndex *int           `json:"branchIndex,omitempty" jsonschema:"minimum=0" jsonschema_description:"INSIDE_BRANCH"`
	StepName    string         `json:"stepName,omitempty" jsonschema_description:"DUPLICATE_ACTION, MOVE_ACTION"`
	Names       []string       `json:"names,omitempty" jsonschema_description:"DELETE_ACTION, SET_SKIP_ACTION"`
	Skip        *bool          `json:"skip,omitempty" jsonschema_description:"SET_SKIP_ACTION"`
	DisplayName string         `json:"displayName,omitempty" jsonschema_description:"CHANGE_NAME"`
	FolderID    string         `json:"folderId,omitempty" jsonschema:"pattern=^([0-9A-Za-z]{21}|NULL)$" jsonschema_description:"CHANGE_FOLDER; NULL unfiles"`
	Metadata    map[string]any `json:"metadata,omitempty" jsonschema_description:"UPDATE_METADATA"`
	Status      string         `json:"status,omitempty" jsonschema:"enum=ENABLED,enum=DISABLED" jsonschema_description:"CHANGE_STATUS, LOCK_AND_PUBLISH"`
	VersionID   string         `json:"versionId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"USE_AS_DRAFT"`
	Request     map[string]any `json:"request,omitempty" jsonschema_description:"Sent as is, for other types"`
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
	add("trigger", in.Trigger != nil)
	add("action", in.Action != nil)
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

// Check requires the typed fields the operation type takes, and only those (or
// request alone).
func (in *applyFlowOperationInput) Check() error {
	set := in.typedFields()
	if in.Request != nil {
		if len(set) > 0 {
			return toolkit.FieldErr(set[0], "no typed field together with request (request is sent as is)", nil)
		}
		return nil
	}
	fields, typed := operationFields[in.Type]
	if !typed {
		return toolkit.MissingErr("request", fmt.Sprintf("the request object of %s (it has no typed fields)", in.Type))
	}
	for _, name := range fields.required {
		if !slices.Contains(set, name) {
			return toolkit.MissingErr(name, "a value: "+in.Type+" takes "+strings.Join(append(fields.required, fields.optional...), ", "))
		}
	}
	for _, name := range set {
		if !slices.Contains(fields.required, name) && !slices.Contains(fields.optional, name) {
			return toolkit.FieldErr(name, fmt.Sprintf("only %s with %s", strings.Join(append(fields.required, fields.optional...), ", "), in.Type), nil)
		}
	}
	if in.Action != nil {
		if in.Action.Name == "" {
			return toolkit.MissingErr("action.name", "the name of the step to "+strings.ToLower(strings.TrimSuffix(in.Type, "_ACTION")))
		}
		if err := in.Action.check("action"); err != nil {
			return err
		}
		if err := in.Action.decodeBranches(); err != nil {
			return err
		}
		if in.Action.Type == "ROUTER" && len(in.Action.Branches) == 0 {
			return toolkit.MissingErr("action.branches", "at least one branch for a ROUTER step")
		}
		if in.Action.Type != "ROUTER" && len(in.Action.Branches) > 0 {
			return toolkit.FieldErr("action.type", "ROUTER when branches is set", in.Action.Type)
		}
		if err := checkBranches("action.branches", in.Action.branches); err != nil {
			return err
		}
	}
	if err := in.Trigger.check("trigger"); err != nil {
		return err
	}
	if in.Location == "INSIDE_BRANCH" && in.BranchIndex == nil {
		return toolkit.MissingErr("branchIndex", "the branch number (from 0) with location INSIDE_BRANCH")
	}
	return nil
}

// check reports a piece trigger given without its trigger name. A nil trigger is the webhook.
func (t *triggerSpec) check(path string) error {
	if t != nil && t.TriggerName == "" && t.PieceName != "" && t.PieceName != workflows.WebhookPieceName {
		return toolkit.MissingErr(path+".triggerName", "the trigger of piece "+t.PieceName+" (get_piece lists them)")
	}
	return nil
}

// operation builds the engine request for a checked input.
func (in *applyFlowOperationInput) operation(ctx context.Context, c *client.Client) (workflows.FlowOperation, error) {
	t := workflows.FlowOperationType(in.Type)
	if in.Request != nil {
		raw, err := json.Marshal(in.Request)
		return workflows.RawOperation(t, raw), err
	}
	switch t {
	case workflows.OpUpdateTrigger:
		req, err := triggerRequest(ctx, c, in.Trigger)
		return workflows.UpdateTrigger(req), err
	case workflows.OpAddAction:
		a, err := resolvedAction(ctx, c, in.Action)
		return workflows.AddAction(workflows.AddActionRequest{ParentStep: in.ParentStep, StepLocationRelativeToParent: workflows.StepLocation(in.Location),
			BranchIndex: in.BranchIndex, Action: a}), err
	case workflows.OpUpdateAction:
		a, err := resolvedAction(ctx, c, in.Action)
		return workflows.UpdateAction(a), err
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

// resolvedAction builds an action, looking up the latest piece version when none was given.
func resolvedAction(ctx context.Context, c *client.Client, a *actionSpec) (workflows.NewAction, error) {
	version := a.PieceVersion
	if a.Type == "PIECE" && version == "" {
		p, err := c.GetPiece(ctx, a.PieceName, "")
		if err != nil {
			return workflows.NewAction{}, err
		}
		version = p.Version
	}
	na := a.action(a.Name, version, a.branches)
	na.Skip = a.Skip
	return na, nil
}

// triggerRequest builds an UPDATE_TRIGGER request: the webhook trigger unless a piece trigger is given.
func triggerRequest(ctx context.Context, c *client.Client, t *triggerSpec) (workflows.UpdateTriggerRequest, error) {
	if t == nil {
		t = &triggerSpec{}
	}
	name, trig := t.PieceName, t.TriggerName
	if name == "" {
		name = workflows.WebhookPieceName
	}
	if trig == "" && name == workflows.WebhookPieceName {
		trig = "catch_webhook"
	}
	version := t.PieceVersion
	if version == "" {
		p, err := c.GetPiece(ctx, name, "")
		if err != nil {
			return workflows.UpdateTriggerRequest{}, err
		}
		version = p.Version
	}
	if name == workflows.WebhookPieceName && trig == "catch_webhook" && len(t.Input) == 0 {
		return workflows.WebhookTrigger(version), nil
	}
	return workflows.UpdateTriggerRequest{Name: "trigger", DisplayName: trig, Valid: true, Type: workflows.TriggerPiece,
		Settings: workflows.Settings{PieceName: name, PieceVersion: version, TriggerName: trig, Input: orEmpty(t.Input), PropertySettings: manualSettings(t.Input)}}, nil
}

// ApplyFlowOperation applies one edit to a flow (SDK applyFlowOperation).
func ApplyFlowOperation(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "apply_flow_operation", Title: "Apply flow operation", Hints: toolkit.EditHints, FindIDs: findFlows, Narrow: "the flow is too large to show; use get_flow with detail=summary",
		Description: "Edit a flow's draft with one operation; returns the flow outline. Give type and the fields marked with it; " +
			"other types take request. LOCK_AND_PUBLISH publishes and enables."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *applyFlowOperationInput) (*flowDetail, error) {
		op, err := in.operation(ctx, c)
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
