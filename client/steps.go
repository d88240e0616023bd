package client

// Step is one node of a flow version's step graph as WalkSteps visits it.
type Step struct {
	Action *Action
	Parent string // name of the step this one hangs off ("trigger" for the first)
	Depth  int    // 0 on the main path, +1 inside each loop, branch or failure path
}

// WalkSteps lists every step of a flow version in execution order: each step,
// then what runs inside it (loop body, router branches in order, success and
// failure paths), then the step after it.
func WalkSteps(t *Trigger) []Step {
	var out []Step
	walkChain(t.NextAction, t.Name, 0, &out)
	return out
}

func walkChain(a *Action, parent string, depth int, out *[]Step) {
	for ; a != nil; a = a.NextAction {
		*out = append(*out, Step{Action: a, Parent: parent, Depth: depth})
		walkChain(a.FirstLoopAction, a.Name, depth+1, out)
		for _, child := range a.Children {
			walkChain(child, a.Name, depth+1, out)
		}
		walkChain(a.OnSuccessAction, a.Name, depth+1, out)
		walkChain(a.OnFailureAction, a.Name, depth+1, out)
		parent = a.Name
	}
}

// FindStep returns the step with the given name, or nil.
func FindStep(t *Trigger, name string) *Action {
	for _, s := range WalkSteps(t) {
		if s.Action.Name == name {
			return s.Action
		}
	}
	return nil
}
