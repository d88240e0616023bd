package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// maxBuildSteps bounds one build_flow spec: each step is one upstream call.
const maxBuildSteps = 100

// buildStep is one step of a build_flow spec, with what runs inside it.
type buildStep struct {
	stepCore
	Steps    nestedSteps   `json:"steps,omitempty" jsonschema_description:"LOOP_ON_ITEMS: loop body"`
	Branches []buildBranch `json:"branches,omitempty" jsonschema_description:"ROUTER: branches in order"`
}

// buildBranch is a router branch with its steps.
type buildBranch struct {
	branchCore
	Steps nestedSteps `json:"steps,omitempty" jsonschema_description:"Steps of this branch"`
}

type buildFlowInput struct {
	DisplayName string `json:"displayName" jsonschema:"minLength=1" jsonschema_description:"Flow name"`
	projectArg
	FolderID string       `json:"folderId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Folder to put it in"`
	Trigger  *triggerSpec `json:"trigger,omitempty" jsonschema_description:"Default: webhook (catch_webhook)"`
	Steps    []buildStep  `json:"steps,omitempty" jsonschema_description:"Steps in order; LOOP and ROUTER nest more"`
	Publish  bool         `json:"publish,omitempty" jsonschema_description:"Publish and enable when built"`

	plan []plannedStep // filled by check
}

// plannedStep is one ADD_ACTION of the build, in depth-first order.
type plannedStep struct {
	path        string
	name        string
	step        buildStep
	parent      string
	location    workflows.StepLocation
	branchIndex *int
}

// Check checks what the schema cannot (the trigger, each step and its nesting,
// step names used once) and plans the steps in the order build_flow adds them.
func (in *buildFlowInput) Check() error {
	if err := in.Trigger.check("trigger"); err != nil {
		return err
	}
	raw := make([]json.RawMessage, len(in.Steps))
	for i := range in.Steps {
		raw[i], _ = json.Marshal(in.Steps[i]) // already checked against the schema at the top level
	}
	p := &planner{names: map[string]string{}}
	if err := p.walk(raw, "steps", "trigger", workflows.LocationAfter, nil); err != nil {
		return err
	}
	in.plan = p.plan
	return nil
}

// planner names and orders the steps of a spec depth-first, as the SDK's buildFlow does.
type planner struct {
	plan  []plannedStep
	names map[string]string // name → path, to report duplicates
}

// buildStepSchema is a nested step's schema, which steps' own schema leaves
// open. Reflected on first use, not at start: most sessions never build a flow.
var buildStepSchema = sync.OnceValue(schema.For[buildStep])

func (p *planner) walk(steps []json.RawMessage, path, parent string, location workflows.StepLocation, branch *int) error {
	for i, raw := range steps {
		at := fmt.Sprintf("%s[%d]", path, i)
		if err := schema.Validate(buildStepSchema(), raw); err != nil {
			return prefixed(err, at)
		}
		var s buildStep
		if err := json.Unmarshal(raw, &s); err != nil {
			return toolkit.FieldErr(at, "a step object", err.Error())
		}
		if len(p.plan) == maxBuildSteps {
			return toolkit.FieldErr(at, fmt.Sprintf("at most %d steps in one build", maxBuildSteps), nil)
		}
		if err := s.stepCore.check(at); err != nil {
			return err
		}
		if err := s.checkNesting(at); err != nil {
			return err
		}
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("step_%d", len(p.plan)+1)
		}
		if other, dup := p.names[name]; dup {
			return toolkit.FieldErr(at+".name", "a name not used by another step (also at "+other+")", name)
		}
		p.names[name] = at
		p.plan = append(p.plan, plannedStep{path: at, name: name, step: s, parent: parent, location: location, branchIndex: branch})
		if s.Type == "LOOP_ON_ITEMS" {
			if err := p.walk(s.Steps, at+".steps", name, workflows.LocationInsideLoop, nil); err != nil {
				return err
			}
		}
		for bi, b := range s.Branches {
			idx := bi
			if err := p.walk(b.Steps, fmt.Sprintf("%s.branches[%d].steps", at, bi), name, workflows.LocationInsideBranch, &idx); err != nil {
				return err
			}
		}
		parent, location, branch = name, workflows.LocationAfter, nil
	}
	return nil
}

func (s *buildStep) checkNesting(at string) error {
	if s.Type != "LOOP_ON_ITEMS" && len(s.Steps) > 0 {
		return toolkit.FieldErr(at+".type", "LOOP_ON_ITEMS when steps is set (routers nest steps in branches)", s.Type)
	}
	if s.Type != "ROUTER" && len(s.Branches) > 0 {
		return toolkit.FieldErr(at+".type", "ROUTER when branches is set", s.Type)
	}
	if s.Type == "ROUTER" && len(s.Branches) == 0 {
		return toolkit.MissingErr(at+".branches", "at least one branch for a ROUTER step")
	}
	cores := make([]branchCore, len(s.Branches))
	for i, b := range s.Branches {
		cores[i] = b.branchCore
	}
	return checkBranches(at+".branches", cores)
}

// prefixed puts path in front of the field paths of a nested step's validation errors.
func prefixed(err error, path string) error {
	var ve *schema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	for _, f := range ve.Fields {
		if f.Path == "" {
			f.Path = path
		} else {
			f.Path = path + "." + f.Path
		}
	}
	return ve
}

// BuildFlow creates a complete flow from a declarative spec (SDK buildFlow).
func BuildFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "build_flow", Title: "Build flow", Hints: toolkit.CreateHints, FindIDs: "list_folders lists folder ids; list_pieces lists pieces",
		Description: "Create a whole flow from a spec: trigger (webhook by default) and steps, nested for loops and router branches; " +
			"steps are named step_1, step_2... depth-first. The spec is checked before anything is created; on a failure the partial flow is deleted."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *buildFlowInput) (*flowDetail, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		versions, err := resolvePieces(ctx, c, in)
		if err != nil {
			return nil, err
		}
		trigger, err := triggerRequest(ctx, c, in.Trigger)
		if err != nil {
			return nil, err
		}
		f, err := c.CreateFlow(ctx, client.CreateFlowRequest{DisplayName: in.DisplayName, ProjectID: projectID, FolderID: in.FolderID})
		if err != nil {
			return nil, err
		}
		built, stage, err := buildSteps(ctx, c, f.ID, trigger, in, versions)
		if err != nil {
			return nil, abandonBuild(ctx, c, sp, f.ID, stage, err)
		}
		d := detailFlow(built, false)
		return &d, nil
	})
}

// resolvePieces checks every piece the spec uses and its action (or trigger)
// names, and returns the version to use per step path.
func resolvePieces(ctx context.Context, c *client.Client, in *buildFlowInput) (map[string]string, error) {
	type key struct{ name, version string }
	pieces := map[key]*workflows.Piece{}
	lookup := func(name, version string) (*workflows.Piece, error) {
		k := key{name, version}
		if p, ok := pieces[k]; ok {
			return p, nil
		}
		p, err := c.GetPiece(ctx, name, version)
		if err != nil {
			return nil, err
		}
		pieces[k] = p
		return p, nil
	}
	if in.Trigger == nil {
		in.Trigger = &triggerSpec{}
	}
	tr := in.Trigger
	if tr.PieceName == "" {
		tr.PieceName = workflows.WebhookPieceName
	}
	if tr.TriggerName == "" && tr.PieceName == workflows.WebhookPieceName {
		tr.TriggerName = "catch_webhook"
	}
	tp, err := lookup(tr.PieceName, tr.PieceVersion)
	if err != nil {
		if client.IsNotFound(err) {
			return nil, toolkit.FieldErr("trigger.pieceName", "a piece the engine has, at that version (list_pieces lists them)", tr.PieceName)
		}
		return nil, err
	}
	if _, ok := tp.Triggers[tr.TriggerName]; !ok && len(tp.Triggers) > 0 {
		return nil, toolkit.FieldErr("trigger.triggerName", "a trigger of "+tp.Name+": "+strings.Join(slices.Sorted(maps.Keys(tp.Triggers)), ", "), tr.TriggerName)
	}
	if tr.PieceVersion == "" {
		tr.PieceVersion = tp.Version
	}
	versions := map[string]string{}
	for _, ps := range in.plan {
		if ps.step.Type != "PIECE" {
			continue
		}
		p, err := lookup(ps.step.PieceName, ps.step.PieceVersion)
		if err != nil {
			if client.IsNotFound(err) {
				return nil, toolkit.FieldErr(ps.path+".pieceName", "a piece the engine has, at that version (list_pieces lists them)", ps.step.PieceName)
			}
			return nil, err
		}
		if _, ok := p.Actions[ps.step.ActionName]; !ok && len(p.Actions) > 0 {
			return nil, toolkit.FieldErr(ps.path+".actionName", "an action of "+p.Name+": "+strings.Join(slices.Sorted(maps.Keys(p.Actions)), ", "), ps.step.ActionName)
		}
		versions[ps.path] = p.Version
		if ps.step.PieceVersion != "" {
			versions[ps.path] = ps.step.PieceVersion
		}
	}
	return versions, nil
}

// buildSteps sets the trigger, adds every planned step and publishes when asked.
// It returns the flow after the last operation, or the stage that failed.
func buildSteps(ctx context.Context, c *client.Client, flowID string, trigger workflows.UpdateTriggerRequest, in *buildFlowInput, versions map[string]string) (*workflows.Flow, string, error) {
	f, err := c.ApplyFlowOperation(ctx, flowID, workflows.UpdateTrigger(trigger))
	if err != nil {
		return nil, "setting the trigger", err
	}
	for _, ps := range in.plan {
		cores := make([]branchCore, len(ps.step.Branches))
		for i, b := range ps.step.Branches {
			cores[i] = b.branchCore
		}
		action := ps.step.action(ps.name, versions[ps.path], cores)
		f, err = c.ApplyFlowOperation(ctx, flowID, workflows.AddAction(workflows.AddActionRequest{ParentStep: ps.parent,
			StepLocationRelativeToParent: ps.location, BranchIndex: ps.branchIndex, Action: action}))
		if err != nil {
			return nil, fmt.Sprintf("adding %s (%s)", ps.name, ps.path), err
		}
	}
	if in.Publish {
		if f, err = c.ApplyFlowOperation(ctx, flowID, workflows.LockAndPublish()); err != nil {
			return nil, "publishing", err
		}
	}
	return f, "", nil
}

// abandonBuild deletes a half-built flow and says what happened. The deletion runs
// even when the call was cancelled, so nothing half-built is left behind silently.
func abandonBuild(ctx context.Context, c *client.Client, sp toolkit.Spec, flowID, stage string, cause error) error {
	cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	// Once the flow is deleted nothing of this call is left, so the cause is worded
	// as for a call that may simply be made again.
	again := sp
	again.Hints.Idempotent = true
	msg := fmt.Sprintf("build_flow failed while %s: %s", stage, toolkit.ErrorText(cause, again, c))
	if err := c.DeleteFlow(cleanup, flowID); err != nil {
		return toolkit.ToolErrorf("%s The half-built flow %s could not be deleted (%s): delete it with delete_flow.", msg, flowID, toolkit.ErrorText(err, sp, c))
	}
	return toolkit.ToolErrorf("%s The half-built flow %s was deleted; fix the spec and call build_flow again.", msg, flowID)
}
