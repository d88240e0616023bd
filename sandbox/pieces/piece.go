package pieces

import (
	"context"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Piece is one piece the sandbox runs: its metadata and its behaviour.
type Piece struct {
	// Name is the npm package name flows name the piece by, e.g. "@activepieces/piece-delay".
	Name string
	// Versions are the exact versions (MAJOR.MINOR.PATCH) flows may pin, in any order.
	Versions []string
	// Metadata builds the piece's metadata at one of Versions. It builds a
	// fresh value on every call, so callers may change what they get.
	Metadata func(version string) *workflows.Piece
	// Actions runs the actions the metadata declares, by action name; an
	// action missing here fails a run that reaches it.
	Actions map[string]Action
	// Triggers checks webhook calls for the triggers that check them, by
	// trigger name; a trigger missing here accepts every call.
	Triggers map[string]Trigger
}

// Action runs one piece action on its props, already resolved from the
// step's input. A returned error fails the step with its message.
type Action func(run Run, props map[string]any) (Result, error)

// Result is what an action produced.
type Result struct {
	// Output is the step's output, which later steps reference as {{step_N...}}.
	Output any
	// StopRun ends the run after this step, as Return Response with respond "stop" does.
	StopRun bool
}

// Run is what the engine hands a running action: all a piece may use of the
// run and of the world outside it. A piece that comes to need the network or
// the store gets it as a new method here, which the engine implements from
// what its caller provides; a piece never reaches for them itself.
type Run interface {
	// Respond answers the sync webhook call that started the run; only the
	// first response of a run reaches the caller.
	Respond(Response)
	// MaxDelay caps how long an action may wait; 0 means no cap.
	MaxDelay() time.Duration
	// Wait sleeps for d, or returns the context's error when the run is
	// interrupted first.
	Wait(d time.Duration) error
	// Context is cancelled when the run is interrupted; actions pass it to
	// the services below, so that a cancelled run stops waiting on them.
	Context() context.Context
	// Info names the run, its flow and its project.
	Info() RunInfo
	// HTTP sends requests out of the sandbox, under its egress policy. It is
	// never nil: without egress it refuses every request, saying why.
	HTTP() HTTPClient
	// Storage is the project's key/value storage (the store piece); never nil.
	Storage() KeyValueStore
	// Tables is the project's tables (the tables piece); never nil.
	Tables() TableStore
}

// Response is what a Return Response step answers a sync webhook with.
type Response struct {
	Status  int
	Headers map[string]string
	Body    any  // a JSON value, or a string when Raw
	Raw     bool // responseType raw: Body is sent as text
}

// Trigger is what a piece trigger does with a webhook call before any run starts.
type Trigger struct {
	// Accepts reports whether a call with these headers (names in any case)
	// passes the trigger's checks, given the trigger's input as the flow
	// stores it. Activepieces starts no run for a call that does not.
	Accepts func(input map[string]any, headers map[string]string) bool
}
