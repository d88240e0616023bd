package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
	Steps    nestedSteps `json:"steps,omitempty" jsonschema_description:"LOOP_ON_ITEMS: body steps"`
	Branches rawBranches `json:"branches,omitempty" jsonschema_description:"ROUTER: [{branchName,conditions:[[{firstValue,operator,secondValue}]],steps}]; fallback last, no conditions"`
}

// buildBranch is a router branch with its steps.
type buildBranch struct {
	branchCore
	Steps nestedSteps `json:"steps,omitempty" jsonschema_description:"Steps of this branch"`
}

type buildFlowInput struct {
	DisplayName string `json:"displayName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Flow name"`
	projectArg
	FolderID string      `json:"folderId,omitempty" jsonschema_description:"Folder to put it in"`
	Trigger  rawObject   `json:"trigger,omitempty" jsonschema_description:"{pieceName,triggerName,pieceVersion,input}; default: webhook"`
	Steps    nestedSteps `json:"steps,omitempty" jsonschema_description:"In order, each {type:PIECE|CODE|LOOP_ON_ITEMS|ROUTER, name (default step_N), displayName, pieceName, pieceVersion, actionName, input, code, items, steps (loop body), branches:[{branchName,conditions:[[{firstValue,operator,secondValue}]],steps}] (last, no conditions: fallback)}"`
	Publish  bool        `json:"publish,omitempty" jsonschema_description:"Publish and enable it"`
	DryRun   bool        `json:"dryRun,omitempty" jsonschema_description:"Only check the spec"`

	trigger *triggerSpec  // decoded by Check
	plan    []plannedStep // filled by Check
	check   specCheck     // what Check found; reported with the catalogue's findings
}

// plannedStep is one ADD_ACTION of the build, in depth-first order.
type plannedStep struct {
	path        string
	name        string
	step        buildStep
	branches    []branchCore
	parent      string
	location    workflows.StepLocation
	branchIndex *int
	depth       int
	branch      string   // "router: branch" for a step inside a router branch
	visible     []string // what its templates may start from
}

// Check checks what the schema cannot (the trigger, each step and its
// nesting, step names used once, router operators, the steps templates name)
// and plans the steps in the order build_flow adds them. The problems are
// kept, not returned, so that the handler can add the catalogue's and report
// them all in one answer.
func (in *buildFlowInput) Check() error {
	in.trigger = decodeTrigger(in.Trigger, "trigger", &in.check)
	if in.FolderID != "" && !idPattern.MatchString(in.FolderID) {
		in.check.field("folderId", "a folder id of 21 letters and digits (list_folders lists them)", in.FolderID)
	}
	p := &planner{names: map[string]string{}, chk: &in.check}
	p.walk(in.Steps, walkAt{path: "steps", parent: "trigger", location: workflows.LocationAfter, visible: []string{"trigger"}})
	in.plan = p.plan
	for _, ps := range in.plan {
		ps.checkRefs(&in.check)
	}
	return nil
}

// planner names and orders the steps of a spec depth-first, as the SDK's buildFlow does.
type planner struct {
	plan  []plannedStep
	names map[string]string // name → path, to report duplicates
	chk   *specCheck
}

// walkAt is where a chain of steps goes.
type walkAt struct {
	path, parent string
	location     workflows.StepLocation
	branchIndex  *int
	depth        int
	branch       string
	visible      []string
}

// buildStepSchema and buildBranchSchema are a nested step's and a branch's
// schemas, which the tool's own schema leaves open. Reflected on first use,
// not at start: most sessions never build a flow.
var (
	buildStepSchema   = sync.OnceValue(schema.For[buildStep])
	buildBranchSchema = sync.OnceValue(schema.For[buildBranch])
)

// BuildStepSchema returns the JSON Schema every step of a build_flow spec is
// checked against (the tool's own input schema leaves steps open to stay
// small); the build-flow reference resource explains each of its members.
func BuildStepSchema() json.RawMessage { return buildStepSchema() }

// walk plans a chain of steps and returns the names it planned, nested ones
// included: the steps after the chain may use their outputs.
func (p *planner) walk(steps []json.RawMessage, at walkAt) []string {
	var planned []string
	visible := at.visible
	for i, raw := range steps {
		path := fmt.Sprintf("%s[%d]", at.path, i)
		s := decodeRaw[buildStep](raw, path, buildStepSchema, p.chk)
		if s == nil {
			continue
		}
		if len(p.plan) == maxBuildSteps {
			p.chk.field(path, fmt.Sprintf("at most %d steps in one build", maxBuildSteps), nil)
			return planned
		}
		name := s.Name
		if name == "" {
			name = fmt.Sprintf("step_%d", len(p.plan)+1)
		}
		if other, dup := p.names[name]; dup {
			p.chk.field(path+".name", "a name not used by another step (also at "+other+")", name)
		}
		p.names[name] = path
		s.check(path, p.chk)
		s.checkNesting(path, p.chk)
		branches := decodeBranches[buildBranch](s.Branches, path+".branches", buildBranchSchema, p.chk)
		cores := make([]branchCore, len(branches))
		for bi, b := range branches {
			cores[bi] = b.branchCore
		}
		checkBranches(path+".branches", name, cores, p.chk)
		p.plan = append(p.plan, plannedStep{path: path, name: name, step: *s, branches: cores, parent: at.parent, location: at.location,
			branchIndex: at.branchIndex, depth: at.depth, branch: at.branch, visible: visible})
		inner := append(append([]string{}, visible...), name)
		nested := p.walkInside(s, branches, path, name, at, inner)
		planned = append(append(planned, name), nested...)
		visible = append(inner[:len(inner):len(inner)], nested...)
		at.parent, at.location, at.branchIndex = name, workflows.LocationAfter, nil
	}
	return planned
}

// walkInside plans a loop's body or a router's branches.
func (p *planner) walkInside(s *buildStep, branches []buildBranch, path, name string, at walkAt, visible []string) []string {
	var nested []string
	if s.Type == "LOOP_ON_ITEMS" {
		nested = p.walk(s.Steps, walkAt{path: path + ".steps", parent: name, location: workflows.LocationInsideLoop,
			depth: at.depth + 1, branch: at.branch, visible: visible})
	}
	for bi, b := range branches {
		idx := bi
		nested = append(nested, p.walk(b.Steps, walkAt{path: fmt.Sprintf("%s.branches[%d].steps", path, bi), parent: name,
			location: workflows.LocationInsideBranch, branchIndex: &idx, depth: at.depth + 1, branch: name + ": " + b.BranchName, visible: visible})...)
	}
	return nested
}

func (s *buildStep) checkNesting(at string, chk *specCheck) {
	if s.Type != "LOOP_ON_ITEMS" && len(s.Steps) > 0 {
		chk.field(at+".type", "LOOP_ON_ITEMS when steps is set (routers nest steps in branches)", s.Type)
	}
	if s.Type != "ROUTER" && len(s.Branches) > 0 {
		chk.field(at+".type", "ROUTER when branches is set", s.Type)
	}
	if s.Type == "ROUTER" && len(s.Branches) == 0 {
		chk.missing(at+".branches", "at least one branch for a ROUTER step")
	}
}

// checkRefs checks that the step's templates start from the trigger or a
// step that runs before it.
func (ps *plannedStep) checkRefs(chk *specCheck) {
	r := refCheck{visible: ps.visible, step: ps.name, chk: chk}
	r.value(ps.path+".input", ps.step.Input)
	r.text(ps.path+".items", ps.step.Items)
	for bi, b := range ps.branches {
		for j, group := range b.Conditions {
			for k, cond := range group {
				at := fmt.Sprintf("%s.branches[%d].conditions[%d][%d]", ps.path, bi, j, k)
				r.text(at+".firstValue", cond.FirstValue)
				r.text(at+".secondValue", cond.SecondValue)
			}
		}
	}
}

// prefixed puts path in front of the field paths of a nested value's validation errors.
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

// buildFlowOutput is the flow built, or with dryRun the flow as it would be.
type buildFlowOutput struct {
	flowDetail
	DryRun bool `json:"dryRun,omitempty" jsonschema_description:"True when only checked: nothing was created"`
}

// BuildFlow creates a complete flow from a declarative spec (SDK buildFlow).
func BuildFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "build_flow", Title: "Build flow", Hints: toolkit.CreateHints, FindIDs: "list_folders lists folder ids",
		Description: "Create a whole flow from one spec, checked against the engine's pieces first: all problems are reported and nothing is created. " +
			"Inputs may use {{trigger.body.x}} and {{step_1.y}}; CODE is export const code = async (inputs) => {...}. publish:true makes it runnable."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *buildFlowInput) (*buildFlowOutput, error) {
		versions, err := checkBuild(ctx, c, in)
		if err != nil {
			return nil, err
		}
		if in.DryRun {
			return dryRun(in), nil
		}
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		trigger := triggerRequest(in.trigger, versions["trigger"])
		f, err := c.CreateFlow(ctx, client.CreateFlowRequest{DisplayName: in.DisplayName, ProjectID: projectID, FolderID: in.FolderID})
		if err != nil {
			return nil, err
		}
		built, stage, err := buildSteps(ctx, c, f.ID, trigger, in, versions)
		if err != nil {
			return nil, abandonBuild(ctx, c, sp, f.ID, stage, err)
		}
		return &buildFlowOutput{flowDetail: detailFlow(built, false)}, nil
	})
}

// checkBuild checks the trigger and every PIECE step against the engine's
// pieces and returns the version to pin per step path ("trigger" for the
// trigger), or every problem found, Check's included.
func checkBuild(ctx context.Context, c *client.Client, in *buildFlowInput) (map[string]string, error) {
	pc := newPieceCache(c)
	versions := map[string]string{}
	if t := in.trigger; t != nil {
		v, err := pc.check(ctx, componentRef{path: "trigger", step: "trigger", trigger: true, pieceName: t.PieceName,
			version: t.PieceVersion, name: t.TriggerName, input: &t.Input}, &in.check)
		if err != nil {
			return nil, err
		}
		versions["trigger"] = v
	}
	for i := range in.plan {
		ps := &in.plan[i]
		s := &ps.step
		if s.Type != "PIECE" || s.PieceName == "" || s.ActionName == "" {
			continue
		}
		v, err := pc.check(ctx, componentRef{path: ps.path, step: ps.name, pieceName: s.PieceName, version: s.PieceVersion,
			name: s.ActionName, input: &s.Input}, &in.check)
		if err != nil {
			return nil, err
		}
		versions[ps.path] = v
	}
	return versions, in.check.err()
}

// dryRun shows the flow the spec would build, without building it.
func dryRun(in *buildFlowInput) *buildFlowOutput {
	d := flowDetail{DisplayName: in.DisplayName, FolderID: in.FolderID, Status: string(workflows.FlowDisabled), Valid: true, Steps: []stepOutline{}}
	if in.Publish {
		d.Status = string(workflows.FlowEnabled)
	}
	d.Trigger = &triggerOutline{Type: string(workflows.TriggerPiece), PieceName: in.trigger.PieceName, TriggerName: in.trigger.TriggerName, Valid: true}
	for _, ps := range in.plan {
		d.Steps = append(d.Steps, stepOutline{Name: ps.name, DisplayName: ps.step.DisplayName, Type: ps.step.Type, Parent: ps.parent, Depth: ps.depth,
			Branch: ps.branch, PieceName: ps.step.PieceName, ActionName: ps.step.ActionName, Valid: true})
	}
	return &buildFlowOutput{flowDetail: d, DryRun: true}
}

// buildSteps sets the trigger, adds every planned step and publishes when asked.
// It returns the flow after the last operation, or the stage that failed.
func buildSteps(ctx context.Context, c *client.Client, flowID string, trigger workflows.UpdateTriggerRequest, in *buildFlowInput, versions map[string]string) (*workflows.Flow, string, error) {
	f, err := c.ApplyFlowOperation(ctx, flowID, workflows.UpdateTrigger(trigger))
	if err != nil {
		return nil, "setting the trigger", err
	}
	for _, ps := range in.plan {
		action := ps.step.action(ps.name, versions[ps.path], ps.branches)
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

// abandonBuild deletes a half-built flow and says what happened. The deletion
// runs even when the call was cancelled, so nothing half-built is left behind
// silently. The cause is given without its usual hint, which could point at
// the flow just deleted ("check with get_flow").
func abandonBuild(ctx context.Context, c *client.Client, sp toolkit.Spec, flowID, stage string, cause error) error {
	cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	msg := fmt.Sprintf("build_flow failed while %s: %s", stage, toolkit.CauseText(cause))
	if err := c.DeleteFlow(cleanup, flowID); err != nil {
		return toolkit.ToolErrorf("%s The half-built flow %s could not be deleted (%s): delete it with delete_flow.", msg, flowID, toolkit.CauseText(err))
	}
	again := "fix the spec (dryRun:true checks one without creating anything) and call build_flow again."
	if transient(cause) {
		again = "call build_flow again shortly."
	}
	return toolkit.ToolErrorf("%s The half-built flow %s was deleted, so nothing of this call is left. Hint: %s", msg, flowID, again)
}

// transient reports a failure that may pass by itself: the engine or gateway
// busy or failing, or no answer.
func transient(err error) bool {
	var apiErr *client.APIError
	var tErr *client.TransportError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Status >= 500 || apiErr.Status == http.StatusTooManyRequests
	case errors.As(err, &tErr):
		return true
	}
	return false
}
