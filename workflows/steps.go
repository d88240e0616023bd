package workflows

// Step is one node of a flow version's step graph as WalkSteps visits it.
type Step struct {
	Action *Action
	Parent string // name of the step this one hangs off ("trigger" for the first)
	Depth  int    // 0 on the main path, +1 inside each loop, branch or failure path
	// Location and BranchIndex say how the step hangs off Parent, in the terms
	// ADD_ACTION and MOVE_ACTION use: AFTER for the next step of a chain,
	// INSIDE_LOOP, INSIDE_BRANCH (BranchIndex names the router branch),
	// INSIDE_ON_SUCCESS_BRANCH or INSIDE_ON_FAILURE_BRANCH for the first step of a path.
	Location    StepLocation
	BranchIndex int
}

// WalkSteps lists every step of a flow version in execution order: each step,
// then what runs inside it (loop body, router branches in order, the success
// and failure paths of error handling), then the step after it.
func WalkSteps(t *Trigger) []Step {
	if t == nil {
		return nil
	}
	var out []Step
	walkChain(t.NextAction, t.Name, 0, LocationAfter, 0, &out)
	return out
}

func walkChain(a *Action, parent string, depth int, loc StepLocation, branch int, out *[]Step) {
	for ; a != nil; a = a.NextAction {
		*out = append(*out, Step{Action: a, Parent: parent, Depth: depth, Location: loc, BranchIndex: branch})
		walkChain(a.FirstLoopAction, a.Name, depth+1, LocationInsideLoop, 0, out)
		for i, child := range a.Children {
			walkChain(child, a.Name, depth+1, LocationInsideBranch, i, out)
		}
		if b := a.ContinueOnFailureBranches; b != nil {
			walkChain(b.OnSuccess, a.Name, depth+1, LocationInsideOnSuccess, 0, out)
			walkChain(b.OnFailure, a.Name, depth+1, LocationInsideOnFailure, 0, out)
		}
		// The older BRANCH step kept its two paths on the step itself.
		walkChain(a.OnSuccessAction, a.Name, depth+1, LocationInsideOnSuccess, 0, out)
		walkChain(a.OnFailureAction, a.Name, depth+1, LocationInsideOnFailure, 0, out)
		parent, loc, branch = a.Name, LocationAfter, 0
	}
}

// FindStep returns the step with the given name, or nil. The result points into
// the graph, so changes to it change the flow version.
func FindStep(t *Trigger, name string) *Action {
	for _, s := range WalkSteps(t) {
		if s.Action.Name == name {
			return s.Action
		}
	}
	return nil
}
