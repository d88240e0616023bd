package engine

import (
	"encoding/json"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// templates resolves templates with the run's scope as it is now.
func (r *runner) templates() templater {
	return templater{ctx: r.ctx, js: r.env.JS, scope: r.scope}
}

// runCodeStep runs a CODE step: its resolved input is the inputs argument of
// the code export, and the value it returns is the step's output, as in
// Activepieces. The lines the code logged are kept with the step run, as
// its "logs" member, whether it succeeded or failed.
func (r *runner) runCodeStep(a *workflows.Action, started time.Time) chainEnd {
	s := a.Settings
	input, err := r.templates().resolve(map[string]any(s.Input))
	if err != nil {
		return r.stepError(a, started, s.Input, err)
	}
	var code, packageJSON string
	if s.SourceCode != nil {
		code, packageJSON = s.SourceCode.Code, s.SourceCode.PackageJSON
	}
	result, err := r.env.JS.RunCode(r.ctx, code, packageJSON, input)
	var extra workflows.Extra
	if len(result.Logs) > 0 {
		extra = workflows.Extra{"logs": rawJSON(result.Logs)}
	}
	if err != nil {
		end := r.stepError(a, started, input, err)
		if extra != nil { // the failed step's run, recorded by stepError, keeps the logs too
			run := r.steps[a.Name]
			run.Extra = extra
			r.record(a, run)
		}
		return end
	}
	var output any
	if err := json.Unmarshal(result.Output, &output); err != nil {
		return r.stepError(a, started, input, err)
	}
	r.scope[a.Name] = output
	r.record(a, workflows.StepRun{Type: string(a.Type), Status: stepSucceeded, Input: rawJSON(input),
		Output: result.Output, Duration: durationMs(started), Extra: extra})
	return chainDone
}
