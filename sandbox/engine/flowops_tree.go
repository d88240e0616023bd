package engine

import (
	"encoding/json"
	"regexp"
	"strconv"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// A flow version's steps form a tree of linked lists: each step's NextAction,
// a loop's FirstLoopAction, a router's Children (one chain per branch). The
// helpers here edit that tree through "slots": pointers to the link that holds
// a step, so a step can be unlinked or inserted without knowing its parent.

// stepNamePattern is the step name rule of Activepieces.
var stepNamePattern = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// findSlot returns the link holding the named step, or nil.
func findSlot(t *workflows.Trigger, name string) **workflows.Action {
	return findSlotFrom(&t.NextAction, name)
}

// stepSlot is findSlot for a step that must exist: a missing one is FLOW_OPERATION_INVALID.
func stepSlot(t *workflows.Trigger, name string) (**workflows.Action, error) {
	slot := findSlot(t, name)
	if slot == nil {
		return nil, apierr.InvalidOperation("step %q does not exist in the flow", name)
	}
	return slot, nil
}

func findSlotFrom(link **workflows.Action, name string) **workflows.Action {
	for *link != nil {
		a := *link
		if a.Name == name {
			return link
		}
		inner := []**workflows.Action{&a.FirstLoopAction, &a.OnSuccessAction, &a.OnFailureAction}
		for i := range a.Children {
			inner = append(inner, &a.Children[i])
		}
		for _, l := range inner {
			if s := findSlotFrom(l, name); s != nil {
				return s
			}
		}
		link = &a.NextAction
	}
	return nil
}

// stepNames is the set of every step name in the version, "trigger" included.
func stepNames(t *workflows.Trigger) map[string]bool {
	names := map[string]bool{t.Name: true, "trigger": true}
	for _, s := range workflows.WalkSteps(t) {
		names[s.Action.Name] = true
	}
	return names
}

// unusedStepName returns the first step_N not in names, as Activepieces names new steps.
func unusedStepName(names map[string]bool) string {
	for n := 1; ; n++ {
		name := "step_" + strconv.Itoa(n)
		if !names[name] {
			return name
		}
	}
}

// stepPlace is where ADD_ACTION and MOVE_ACTION put a step.
type stepPlace struct {
	parent      string
	location    workflows.StepLocation
	branchIndex *int
}

// readStepPlace reads the parent, location and branch index members of a request.
func readStepPlace(req opRequest, parentMember string) (stepPlace, error) {
	var p stepPlace
	var err error
	if p.parent, err = req.str(parentMember, true); err != nil {
		return p, err
	}
	loc, err := req.enum("stepLocationRelativeToParent", false, string(workflows.LocationAfter),
		string(workflows.LocationAfter), string(workflows.LocationInsideLoop), string(workflows.LocationInsideBranch),
		string(workflows.LocationInsideOnSuccess), string(workflows.LocationInsideOnFailure))
	if err != nil {
		return p, err
	}
	p.location = workflows.StepLocation(loc)
	if req.present("branchIndex") || p.location == workflows.LocationInsideBranch {
		var i int
		if err := req.decode("branchIndex", true, &i, "must be integer"); err != nil {
			return p, err
		}
		p.branchIndex = &i
	}
	return p, nil
}

// placeSlot returns the link a step placed at p goes into, checking that the
// place exists and suits the location.
func placeSlot(t *workflows.Trigger, p stepPlace) (**workflows.Action, error) {
	if p.parent == t.Name || p.parent == "trigger" {
		if p.location != workflows.LocationAfter {
			return nil, apierr.InvalidOperation("%s needs a step as parent, not the trigger", p.location)
		}
		return &t.NextAction, nil
	}
	slot := findSlot(t, p.parent)
	if slot == nil {
		return nil, apierr.InvalidOperation("parent step %q does not exist in the flow", p.parent)
	}
	parent := *slot
	switch p.location {
	case workflows.LocationInsideLoop:
		if parent.Type != workflows.ActionLoop {
			return nil, apierr.InvalidOperation("step %q is a %s, not a LOOP_ON_ITEMS: INSIDE_LOOP needs a loop as parent",
				parent.Name, parent.Type)
		}
		return &parent.FirstLoopAction, nil
	case workflows.LocationInsideBranch:
		if parent.Type != workflows.ActionRouter {
			return nil, apierr.InvalidOperation("step %q is a %s, not a ROUTER: INSIDE_BRANCH needs a router as parent",
				parent.Name, parent.Type)
		}
		n := len(parent.Settings.Branches)
		if *p.branchIndex < 0 || *p.branchIndex >= n {
			return nil, apierr.InvalidOperation("branchIndex %d is out of range: router %q has %d branches (0 to %d)",
				*p.branchIndex, parent.Name, n, n-1)
		}
		fitChildren(parent)
		return &parent.Children[*p.branchIndex], nil
	case workflows.LocationInsideOnSuccess, workflows.LocationInsideOnFailure:
		return nil, apierr.InvalidOperation("%s needs a BRANCH step, which Activepieces replaced with ROUTER "+
			"and the sandbox does not support; add a ROUTER and use INSIDE_BRANCH with a branchIndex", p.location)
	default:
		return &parent.NextAction, nil
	}
}

// insertAt puts a (whose NextAction is nil) into the chain at slot.
func insertAt(slot **workflows.Action, a *workflows.Action) {
	a.NextAction = *slot
	*slot = a
}

// fitChildren gives a router exactly one child chain per branch.
func fitChildren(a *workflows.Action) {
	n := len(a.Settings.Branches)
	for len(a.Children) < n {
		a.Children = append(a.Children, nil)
	}
	a.Children = a.Children[:n]
}

// checkStepName refuses a malformed or taken step name.
func checkStepName(name string, taken map[string]bool) error {
	if !stepNamePattern.MatchString(name) {
		return apierr.InvalidOperation("step name %q is invalid: it must match ^[a-zA-Z_][a-zA-Z0-9_]*$", name)
	}
	if taken[name] {
		return apierr.InvalidOperation("a step named %q already exists in the flow", name)
	}
	return nil
}

// checkStructure checks a whole imported step graph: valid, unique names and
// routers with one child chain per branch at most.
func checkStructure(t *workflows.Trigger) error {
	taken := map[string]bool{"trigger": true}
	for _, s := range workflows.WalkSteps(t) {
		if err := checkStepName(s.Action.Name, taken); err != nil {
			return err
		}
		taken[s.Action.Name] = true
		a := s.Action
		if !knownStepType(a.Type) {
			return apierr.InvalidOperation("step %q has type %q; expected CODE, PIECE, LOOP_ON_ITEMS or ROUTER", a.Name, a.Type)
		}
		if a.Type != workflows.ActionLoop && a.FirstLoopAction != nil {
			return apierr.InvalidOperation("step %q is a %s and cannot have firstLoopAction", a.Name, a.Type)
		}
		if a.Type != workflows.ActionRouter && len(a.Children) > 0 {
			return apierr.InvalidOperation("step %q is a %s and cannot have children", a.Name, a.Type)
		}
		if a.Type == workflows.ActionRouter && len(a.Children) > len(a.Settings.Branches) {
			return apierr.InvalidOperation("router %q has %d children but only %d branches",
				a.Name, len(a.Children), len(a.Settings.Branches))
		}
		if a.Type == workflows.ActionRouter {
			fitChildren(a)
		}
	}
	return nil
}

func knownStepType(t workflows.ActionType) bool {
	switch t {
	case workflows.ActionCode, workflows.ActionPiece, workflows.ActionLoop, workflows.ActionRouter:
		return true
	}
	return false
}

// lastUpdatedKey is the member Activepieces stamps on a trigger or step when it
// changes (its schemas require it); the models keep it among their Extra members.
const lastUpdatedKey = "lastUpdatedDate"

// stampUpdated sets lastUpdatedDate: always, or only where it is missing.
func stampUpdated(extra *workflows.Extra, stamp string, always bool) {
	if _, has := (*extra)[lastUpdatedKey]; has && !always {
		return
	}
	if *extra == nil {
		*extra = workflows.Extra{}
	}
	value, _ := json.Marshal(stamp)
	(*extra)[lastUpdatedKey] = value
}
