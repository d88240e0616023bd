package engine

import (
	"fmt"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// runLoop runs a LOOP_ON_ITEMS step's body once per item. Inside the body,
// {{loop.item}} and {{loop.index}} (1-based, as in Activepieces) name the
// current item. The loop's output is {item, index, iterations}: the last item
// and index, and for each iteration the runs of the body's steps by name (the
// steps map of the run holds the last iteration's). A loop fails when a step
// inside it fails.
func (r *runner) runLoop(a *workflows.Action, started time.Time) chainEnd {
	itemsTemplate := ""
	if a.Settings.Items != nil {
		itemsTemplate = *a.Settings.Items
	}
	resolved, err := r.templates().resolveString(itemsTemplate)
	if err != nil {
		return r.stepError(a, started, map[string]any{"items": itemsTemplate}, err)
	}
	input := map[string]any{"items": resolved}
	items, ok := jsonvalue.List(resolved)
	if !ok {
		return r.stepError(a, started, input, fmt.Errorf("items must resolve to a list, but %q gave %s",
			itemsTemplate, jsonvalue.Kind(resolved)))
	}
	output := map[string]any{"item": nil, "index": 0, "iterations": []map[string]workflows.StepRun{}}
	iterations := []map[string]workflows.StepRun{}
	end := chainDone
	for i, item := range items {
		output["item"], output["index"] = item, i+1
		r.scope[a.Name] = map[string]any{"item": item, "index": float64(i + 1)}
		r.iterations = append(r.iterations, map[string]workflows.StepRun{})
		end = r.runChain(a.FirstLoopAction)
		iterations = append(iterations, r.iterations[len(r.iterations)-1])
		r.iterations = r.iterations[:len(r.iterations)-1]
		if end != chainDone {
			break
		}
	}
	output["iterations"] = iterations
	r.scope[a.Name] = genericJSON(output)
	return r.endContainer(a, started, input, output, end)
}

// endContainer records a loop or a router, which failed when a step it ran
// failed, and passes on how its steps ended.
func (r *runner) endContainer(a *workflows.Action, started time.Time, input, output any, end chainEnd) chainEnd {
	status := stepSucceeded
	if end == chainFailed {
		status = stepFailed
	}
	r.record(a, workflows.StepRun{Type: string(a.Type), Status: status, Input: rawJSON(input),
		Output: rawJSON(output), Duration: durationMs(started)})
	return end
}

// runRouter evaluates a ROUTER's branches and runs the steps of the chosen
// ones in order. Its output is {branches: [{branchName, branchIndex, evaluation}]}.
// A router fails when a step inside a branch it ran fails.
func (r *runner) runRouter(a *workflows.Action, started time.Time) chainEnd {
	input := routerInput(a.Settings, r.templates())
	if a.Settings.ExecutionType != workflows.RouterFirstMatch && a.Settings.ExecutionType != workflows.RouterAllMatch {
		return r.stepError(a, started, input, fmt.Errorf("executionType must be EXECUTE_FIRST_MATCH or EXECUTE_ALL_MATCH, not %q",
			a.Settings.ExecutionType))
	}
	evaluations, err := evaluateBranches(a.Settings, r.templates())
	if err != nil {
		return r.stepError(a, started, input, err)
	}
	output := map[string]any{"branches": evaluations}
	r.scope[a.Name] = genericJSON(output)
	end := chainDone
	for i, e := range evaluations {
		if !e.Evaluation || i >= len(a.Children) {
			continue
		}
		if end = r.runChain(a.Children[i]); end != chainDone {
			break
		}
	}
	return r.endContainer(a, started, input, output, end)
}

// routerInput is a router's settings with each condition's values resolved.
func routerInput(s workflows.Settings, tpl templater) map[string]any {
	branches := make([]any, len(s.Branches))
	for i, b := range s.Branches {
		groups := make([]any, len(b.Conditions))
		for g, group := range b.Conditions {
			conditions := make([]any, len(group))
			for c, cond := range group {
				first, _ := tpl.resolveString(cond.FirstValue)
				second, _ := tpl.resolveString(cond.SecondValue)
				conditions[c] = map[string]any{"firstValue": first, "operator": cond.Operator,
					"secondValue": second, "caseSensitive": cond.CaseSensitive != nil && *cond.CaseSensitive}
			}
			groups[g] = conditions
		}
		branches[i] = map[string]any{"branchName": b.BranchName, "branchType": b.BranchType, "conditions": groups}
	}
	return map[string]any{"executionType": s.ExecutionType, "branches": branches}
}
