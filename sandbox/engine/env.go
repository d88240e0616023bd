package engine

// This file holds what the engine's callers hand it and get back: the HTTP
// side gives ApplyOperation the store through OpEnv and Execute the webhook
// call through TriggerInput and ExecEnv. Nothing else of the world outside
// reaches the engine.

import (
	"context"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// OpEnv is what ApplyOperation needs from the store.
// The caller answers Version and FolderExists from inside the operation's
// transaction, so what the operation reads cannot change before it is stored.
type OpEnv struct {
	NewID     func() string    // the id of a new draft version
	Now       func() time.Time // stamps edits; time.Now when nil
	Catalogue *pieces.Catalogue
	// Version returns one of the flow's versions, (nil, nil) when it has no such version.
	Version func(versionID string) (*workflows.FlowVersion, error)
	// FolderExists reports whether the flow's project has the folder.
	FolderExists func(folderID string) (bool, error)
}

// TriggerInput is what a webhook call hands the flow: the catch_webhook trigger's output.
type TriggerInput struct {
	Method      string            `json:"method"`
	Headers     map[string]string `json:"headers"`
	Body        any               `json:"body"`
	QueryParams map[string]string `json:"queryParams"`
	// Payload, when set, is the trigger's output instead of the call above:
	// what a polling trigger (the schedule piece) hands the run it starts.
	Payload any `json:"-"`
}

// ExecEnv is what Execute needs besides the version and input.
type ExecEnv struct {
	Catalogue *pieces.Catalogue
	MaxDelay  time.Duration // cap on delay steps
	// Respond is called at most once, by the first return_response step that
	// responds; a sync webhook caller is answered with it while the run goes on
	// (respond) or after the run stopped (stop).
	Respond func(pieces.Response)
	// Run names the run for the pieces that scope what they keep by it.
	Run pieces.RunInfo
	// HTTP, Storage and Tables are what piece actions reach the world
	// through (see pieces.Run); a nil one refuses every use, saying so.
	HTTP    pieces.HTTPClient
	Storage pieces.KeyValueStore
	Tables  pieces.TableStore
	// JS runs CODE steps and the JavaScript expressions of templates; nil
	// means jsrun.Default(), which runs them in child processes of the
	// server when its main called jsrun.ChildMain.
	JS JSRunner
}

// JSRunner runs the JavaScript of a run; *jsrun.Runner is the one the
// sandbox uses. Tests hand the executor others.
type JSRunner interface {
	// RunCode runs a CODE step's source with its resolved inputs; the error
	// is the step's failure message.
	RunCode(ctx context.Context, code, packageJSON string, inputs any) (jsrun.CodeResult, error)
	// Eval evaluates template expressions over the run's scope: values[i]
	// is expressions[i]'s value as generic JSON, nil when it has none.
	Eval(ctx context.Context, expressions []string, scope map[string]any) ([]any, error)
}

// RunResult is what Execute reports when the run has ended.
type RunResult struct {
	Status     workflows.RunStatus
	Steps      map[string]workflows.StepRun // every step that ran or was skipped, and "trigger"
	FailedStep *workflows.FailedStep
	Start      time.Time
	Finish     time.Time
}
