package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Step statuses in a run's steps map (Activepieces' StepOutputStatus).
const (
	stepSucceeded = "SUCCEEDED"
	stepFailed    = "FAILED"
	stepSkipped   = "SKIPPED"
)

// chainEnd says how a chain of steps ended.
type chainEnd int

const (
	chainDone    chainEnd = iota // every step ran; go on with what follows
	chainStopped                 // a return_response with respond "stop" ended the run
	chainFailed                  // a step failed, or the run was interrupted
)

// runner is the state of one run. It is the pieces.Run a piece action gets.
type runner struct {
	ctx         context.Context
	env         ExecEnv
	steps       map[string]workflows.StepRun
	scope       runScope
	iterations  []map[string]workflows.StepRun // innermost loop iteration last; steps are also recorded there
	responded   bool
	failed      *workflows.FailedStep
	interrupted workflows.RunStatus // TIMEOUT or CANCELED once ctx is done
}

// TriggerStep is what a run records of its trigger: the webhook call itself.
// The run keeps it from the start, as Activepieces' first progress update
// does, so a caller can tell whose call started a run that is still going.
func TriggerStep(version *workflows.FlowVersion, in TriggerInput, start time.Time) (any, workflows.StepRun) {
	if in.Headers == nil {
		in.Headers = map[string]string{}
	}
	if in.QueryParams == nil {
		in.QueryParams = map[string]string{}
	}
	output := genericJSON(in)
	if in.Payload != nil {
		output = genericJSON(in.Payload)
	}
	return output, workflows.StepRun{
		Type:     string(workflows.TriggerPiece),
		Status:   stepSucceeded,
		Input:    rawJSON(version.Trigger.Settings.Input),
		Output:   rawJSON(output),
		Duration: durationMs(start),
	}
}

// Execute runs a flow version on a webhook call. The trigger's output is the
// call itself; then each step runs in order (skipped steps are recorded as
// SKIPPED and not run). Whatever the sandbox cannot execute (pieces outside
// its catalogue, CODE that needs npm packages) fails the run with a message
// that says so. The run
// ends SUCCEEDED, FAILED, or TIMEOUT when ctx's deadline passes (CANCELED when
// ctx is cancelled otherwise).
func Execute(ctx context.Context, env ExecEnv, version *workflows.FlowVersion, in TriggerInput) RunResult {
	start := time.Now()
	if env.JS == nil {
		env.JS = jsrun.Default()
	}
	r := &runner{ctx: ctx, env: env, steps: map[string]workflows.StepRun{}, scope: runScope{}}

	triggerOutput, triggerRun := TriggerStep(version, in, start)
	r.scope["trigger"] = triggerOutput
	r.steps["trigger"] = triggerRun

	end := r.runChain(version.Trigger.NextAction)
	status := workflows.RunSucceeded
	switch {
	case r.interrupted != "":
		status = r.interrupted
	case end == chainFailed:
		status = workflows.RunFailed
	}
	return RunResult{Status: status, Steps: r.steps, FailedStep: r.failed, Start: start, Finish: time.Now()}
}

// runChain runs a step and the steps after it.
func (r *runner) runChain(a *workflows.Action) chainEnd {
	for ; a != nil; a = a.NextAction {
		if err := r.ctx.Err(); err != nil {
			r.interrupt(err)
			r.fail(a, "the run ended before this step: "+r.interruptReason())
			return chainFailed
		}
		if end := r.runStep(a); end != chainDone {
			return end
		}
	}
	return chainDone
}

// runStep runs one step and records what it did.
func (r *runner) runStep(a *workflows.Action) chainEnd {
	if a.Skip {
		r.record(a, workflows.StepRun{Type: string(a.Type), Status: stepSkipped})
		return chainDone
	}
	started := time.Now()
	switch a.Type {
	case workflows.ActionPiece:
		return r.runPieceStep(a, started)
	case workflows.ActionLoop:
		return r.runLoop(a, started)
	case workflows.ActionRouter:
		return r.runRouter(a, started)
	case workflows.ActionCode:
		return r.runCodeStep(a, started)
	default:
		return r.stepError(a, started, nil, fmt.Errorf("the sandbox cannot execute steps of type %q", a.Type))
	}
}

// runPieceStep resolves a piece step's input and runs its action.
func (r *runner) runPieceStep(a *workflows.Action, started time.Time) chainEnd {
	s := a.Settings
	input, err := r.templates().resolve(map[string]any(s.Input))
	if err != nil {
		return r.stepError(a, started, s.Input, err)
	}
	props, _ := input.(map[string]any)
	action, err := r.pieceAction(s)
	if err != nil {
		return r.stepError(a, started, input, err)
	}
	result, err := action(r, props)
	if err != nil {
		return r.stepError(a, started, input, err)
	}
	r.scope[a.Name] = genericJSON(result.Output)
	r.record(a, workflows.StepRun{Type: string(a.Type), Status: stepSucceeded,
		Input: rawJSON(input), Output: rawJSON(result.Output), Duration: durationMs(started)})
	if result.StopRun {
		return chainStopped
	}
	return chainDone
}

// pieceAction finds the catalogue's action for a piece step, or says why the
// sandbox cannot run the step.
func (r *runner) pieceAction(s workflows.Settings) (pieces.Action, error) {
	cat := r.env.Catalogue
	if !cat.Has(s.PieceName) {
		return nil, fmt.Errorf("the sandbox cannot execute piece %s: it only runs %s", s.PieceName, cat.Names())
	}
	piece, err := cat.Metadata(s.PieceName, s.PieceVersion)
	if err != nil {
		return nil, fmt.Errorf("the sandbox has no version of %s matching %q", s.PieceName, s.PieceVersion)
	}
	if _, ok := piece.Actions[s.ActionName]; !ok {
		return nil, fmt.Errorf("piece %s has no action %q", s.PieceName, s.ActionName)
	}
	action, ok := cat.Action(s.PieceName, s.ActionName)
	if !ok {
		return nil, fmt.Errorf("the sandbox cannot execute action %s of piece %s", s.ActionName, s.PieceName)
	}
	return action, nil
}

// stepError records a failed step. The run fails at it, unless the step's
// errorHandlingOptions say continueOnFailure, as in Activepieces.
func (r *runner) stepError(a *workflows.Action, started time.Time, input any, err error) chainEnd {
	if r.ctx.Err() != nil {
		r.interrupt(r.ctx.Err())
		err = errors.New(r.interruptReason())
	}
	r.record(a, workflows.StepRun{Type: string(a.Type), Status: stepFailed, Input: rawJSON(input),
		Duration: durationMs(started), ErrorMessage: rawJSON(err.Error())})
	if r.interrupted == "" && continueOnFailure(a.Settings) {
		return chainDone
	}
	r.fail(a, err.Error())
	return chainFailed
}

// continueOnFailure reads settings.errorHandlingOptions.continueOnFailure.value.
func continueOnFailure(s workflows.Settings) bool {
	var opts struct {
		ContinueOnFailure struct {
			Value bool `json:"value"`
		} `json:"continueOnFailure"`
	}
	return len(s.ErrorHandlingOptions) > 0 && json.Unmarshal(s.ErrorHandlingOptions, &opts) == nil &&
		opts.ContinueOnFailure.Value
}

// fail names the step the run failed at; the first (innermost) failure wins.
func (r *runner) fail(a *workflows.Action, message string) {
	if r.failed == nil {
		r.failed = &workflows.FailedStep{Name: a.Name, DisplayName: a.DisplayName, Message: message}
	}
}

// record stores a step's run, in the loop iteration it ran in too.
func (r *runner) record(a *workflows.Action, run workflows.StepRun) {
	r.steps[a.Name] = run
	if n := len(r.iterations); n > 0 {
		r.iterations[n-1][a.Name] = run
	}
}

func (r *runner) interrupt(err error) {
	if r.interrupted != "" {
		return
	}
	r.interrupted = workflows.RunCanceled
	if errors.Is(err, context.DeadlineExceeded) {
		r.interrupted = workflows.RunTimeout
	}
}

func (r *runner) interruptReason() string {
	if r.interrupted == workflows.RunTimeout {
		return "the run reached its time limit"
	}
	return "the run was cancelled"
}

// Respond hands a Return Response's answer to the caller of the sync
// webhook; only the first response of a run reaches it.
func (r *runner) Respond(resp pieces.Response) {
	if r.responded {
		return
	}
	r.responded = true
	if r.env.Respond != nil {
		r.env.Respond(resp)
	}
}

// MaxDelay caps the delays of the run's steps.
func (r *runner) MaxDelay() time.Duration { return r.env.MaxDelay }

// Wait sleeps for d unless the run is interrupted first.
func (r *runner) Wait(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

func durationMs(since time.Time) *float64 {
	ms := float64(time.Since(since).Microseconds()) / 1000
	return &ms
}

// rawJSON encodes a step's input, output or error message.
func rawJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return data
}

// genericJSON turns a value into the generic JSON form templates read.
func genericJSON(v any) any {
	var out any
	if err := json.Unmarshal(rawJSON(v), &out); err != nil {
		return nil
	}
	return out
}
