package sandbox

// This file fixes the seams between the sandbox's parts, so the HTTP layer and
// store (engine.go, store/, routes_*.go) and the flow logic (pieces/,
// flowops.go, executor.go) can be built and tested on their own.

import (
	"context"
	"encoding/json"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// opEnv is what applyOperation needs from the store.
type opEnv struct {
	NewID        func() string
	Now          func() time.Time
	Catalogue    *pieces.Catalogue
	Version      func(versionID string) (*workflows.FlowVersion, error) // (nil, nil) when missing
	FolderExists func(folderID string) (bool, error)
}

// triggerInput is what a webhook call hands the flow: the catch_webhook trigger's output.
type triggerInput struct {
	Method      string            `json:"method"`
	Headers     map[string]string `json:"headers"`
	Body        any               `json:"body"`
	QueryParams map[string]string `json:"queryParams"`
}

// execEnv is what execute needs besides the version and input.
type execEnv struct {
	Catalogue *pieces.Catalogue
	MaxDelay  time.Duration // cap on delay steps
	// Respond is called at most once, by the first return_response step that
	// responds; a sync webhook caller is answered with it while the run goes on
	// (respond) or after the run stopped (stop).
	Respond func(pieces.Response)
}

// runResult is what execute reports when the run has ended.
type runResult struct {
	Status     workflows.RunStatus
	Steps      map[string]workflows.StepRun // every step that ran or was skipped, and "trigger"
	FailedStep *workflows.FailedStep
	Start      time.Time
	Finish     time.Time
}

// Compile-time checks of the signatures the two halves agree on.
var (
	_ func(opEnv, *workflows.Flow, string, json.RawMessage) error                    = applyOperation
	_ func(context.Context, execEnv, *workflows.FlowVersion, triggerInput) runResult = execute
)
