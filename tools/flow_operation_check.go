package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// checkOperation checks an operation against the flow it edits and the
// engine's pieces before anything is sent, and returns the piece version to
// pin: Activepieces silently does nothing with an ADD_ACTION whose parentStep
// does not exist, and accepts a step whose inputs it cannot run. Every
// problem found is reported at once.
func checkOperation(ctx context.Context, c *client.Client, in *applyFlowOperationInput) (string, error) {
	if in.Request != nil {
		return "", nil
	}
	var chk specCheck
	pc := newPieceCache(c)
	switch workflows.FlowOperationType(in.Type) {
	case workflows.OpUpdateTrigger:
		t := in.trigger
		version, err := pc.check(ctx, componentRef{path: "trigger", step: "trigger", trigger: true, pieceName: t.PieceName,
			version: t.PieceVersion, name: t.TriggerName, input: &t.Input}, &chk)
		if err != nil {
			return "", err
		}
		return version, chk.err()
	case workflows.OpAddAction, workflows.OpUpdateAction, workflows.OpMoveAction:
	default:
		return "", nil
	}
	f, err := c.GetFlow(ctx, in.FlowID, "")
	if err != nil {
		return "", err
	}
	steps := flowSteps(f)
	in.checkPlace(steps, &chk)
	version := ""
	if a := in.action; a != nil {
		visible := []string{"trigger"}
		for _, s := range steps {
			if s.Action.Name != a.Name {
				visible = append(visible, s.Action.Name)
			}
		}
		r := refCheck{visible: visible, step: a.Name, chk: &chk}
		r.value("action.input", a.Input)
		r.text("action.items", a.Items)
		if a.Type == "PIECE" && a.PieceName != "" && a.ActionName != "" {
			if version, err = pc.check(ctx, componentRef{path: "action", step: a.Name, pieceName: a.PieceName, version: a.PieceVersion,
				name: a.ActionName, input: &a.Input}, &chk); err != nil {
				return "", err
			}
		}
	}
	return version, chk.err()
}

// flowSteps lists the steps of a flow's latest version.
func flowSteps(f *workflows.Flow) []workflows.Step {
	if f.Version == nil {
		return nil
	}
	return workflows.WalkSteps(&f.Version.Trigger)
}

// maxNamedSteps bounds the step names a message lists.
const maxNamedSteps = 30

// stepList names the trigger and the steps, for a message.
func stepList(steps []workflows.Step) string {
	names := []string{"trigger"}
	for _, s := range steps {
		names = append(names, s.Action.Name)
	}
	if len(names) > maxNamedSteps {
		names = append(names[:maxNamedSteps], fmt.Sprintf("… (%d in all; get_flow lists them)", len(names)))
	}
	return strings.Join(names, ", ")
}

// checkPlace checks that the steps the operation names exist, and that a new
// step's place fits its parent.
func (in *applyFlowOperationInput) checkPlace(steps []workflows.Step, chk *specCheck) {
	find := func(name string) *workflows.Action {
		i := slices.IndexFunc(steps, func(s workflows.Step) bool { return s.Action.Name == name })
		if i < 0 {
			return nil
		}
		return steps[i].Action
	}
	switch workflows.FlowOperationType(in.Type) {
	case workflows.OpAddAction:
		if in.action != nil && in.action.Name != "" && find(in.action.Name) != nil {
			chk.field("action.name", "a name no step of the flow has yet (UPDATE_ACTION changes an existing step)", in.action.Name)
		}
	case workflows.OpUpdateAction:
		if in.action != nil && in.action.Name != "" && find(in.action.Name) == nil {
			chk.field("action.name", "a step of the flow: "+stepList(steps)+" (ADD_ACTION adds a new one)", in.action.Name)
		}
		return
	case workflows.OpMoveAction:
		if find(in.StepName) == nil {
			chk.field("stepName", "a step of the flow: "+stepList(steps), in.StepName)
		}
	}
	if in.ParentStep == "trigger" {
		if in.Location != "" && in.Location != string(workflows.LocationAfter) {
			chk.field("location", "AFTER when parentStep is the trigger", in.Location)
		}
		return
	}
	parent := find(in.ParentStep)
	if parent == nil {
		chk.field("parentStep", "the trigger or a step of the flow: "+stepList(steps), in.ParentStep)
		return
	}
	switch in.Location {
	case string(workflows.LocationInsideLoop):
		if parent.Type != workflows.ActionLoop {
			chk.field("location", "AFTER: INSIDE_LOOP needs a LOOP_ON_ITEMS parentStep, and "+parent.Name+" is "+string(parent.Type), in.Location)
		}
	case string(workflows.LocationInsideBranch):
		switch {
		case parent.Type != workflows.ActionRouter:
			chk.field("location", "AFTER: INSIDE_BRANCH needs a ROUTER parentStep, and "+parent.Name+" is "+string(parent.Type), in.Location)
		case in.BranchIndex != nil && *in.BranchIndex >= len(parent.Settings.Branches):
			chk.field("branchIndex", fmt.Sprintf("a branch of router %s: 0 to %d", parent.Name, len(parent.Settings.Branches)-1), *in.BranchIndex)
		}
	}
}
