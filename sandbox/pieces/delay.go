package pieces

import (
	"fmt"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The delay piece: Delay For and Delay Until hold the run before its next
// step. The sandbox shortens long delays to its maximum (Run.MaxDelay), so a
// flow that waits for days can still be tried.
const (
	DelayName  = "@activepieces/piece-delay"
	DelayFor   = "delayFor"
	DelayUntil = "delay_until"
)

var delay = Piece{
	Name:     DelayName,
	Versions: []string{"0.3.24", "0.3.25", "0.3.26"},
	Metadata: delayMetadata,
	Actions:  map[string]Action{DelayFor: delayFor, DelayUntil: delayUntil},
}

func delayMetadata(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        DelayName,
		DisplayName: "Delay",
		Description: "Use it to delay the execution of the next action",
		LogoURL:     "https://cdn.activepieces.com/pieces/new-core/delay.svg",
		Version:     version,
		Authors:     []string{"Nilesh", "kishanprmr", "MoShizzle", "AbdulTheActivePiecer", "khaledmashaly", "abuaboud"},
		Categories:  []string{"CORE", "FLOW_CONTROL"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.73.0"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{
			DelayFor: {
				Name:        DelayFor,
				DisplayName: "Delay For",
				Description: "Delays the execution of the next action for a given duration",
				Extra:       actionExtra(),
				Props: map[string]workflows.PieceProperty{
					"markdown": markdownProp("Delays longer than the sandbox's maximum are shortened to it."),
					"unit": dropdownProp("Unit", "The unit of time to delay the execution of the next action", true, "seconds",
						dropdownOption{"Seconds", "seconds"}, dropdownOption{"Minutes", "minutes"}, dropdownOption{"Hours", "hours"}, dropdownOption{"Days", "days"}),
					"delayFor": {DisplayName: "Amount", Type: "NUMBER", Required: true,
						Description: "The number of units to delay the execution of the next action"},
				},
			},
			DelayUntil: {
				Name:        DelayUntil,
				DisplayName: "Delay Until",
				Description: "Delays the execution of the next action until a given timestamp",
				Extra:       actionExtra(),
				Props: map[string]workflows.PieceProperty{
					"markdown": markdownProp("Delays longer than the sandbox's maximum are shortened to it."),
					"delayUntilTimestamp": {DisplayName: "Date and Time", Type: "DATE_TIME", Required: true,
						Description: "Specifies the date and time until which the execution of the next action should be delayed. " +
							"It supports multiple formats, including ISO format."},
				},
			},
		},
	}
}

// delayUnits are the units of Delay For.
var delayUnits = map[string]time.Duration{
	"seconds": time.Second, "minutes": time.Minute, "hours": time.Hour, "days": 24 * time.Hour,
}

// delayFor waits delayFor units, shortened to the sandbox's maximum delay.
// Its output is Activepieces' {delayForInMs, success}, plus waitedInMs when
// the wait was shortened.
func delayFor(run Run, props map[string]any) (Result, error) {
	unitName := textOr(props["unit"], "seconds")
	unit, ok := delayUnits[unitName]
	if !ok {
		return Result{}, fmt.Errorf("unit must be seconds, minutes, hours or days, not %q", unitName)
	}
	amount, ok := jsonvalue.Number(props["delayFor"])
	if !ok || amount < 0 {
		return Result{}, fmt.Errorf("delayFor must be a number of %s, at least 0, not %s", unitName, jsonvalue.Text(props["delayFor"]))
	}
	requested := time.Duration(amount * float64(unit))
	output := map[string]any{"delayForInMs": requested.Milliseconds(), "success": true}
	waited := capDelay(run, requested)
	if waited != requested {
		output["waitedInMs"] = waited.Milliseconds()
	}
	if err := run.Wait(waited); err != nil {
		return Result{}, err
	}
	return Result{Output: output}, nil
}

// delayUntil waits until delayUntilTimestamp, shortened to the sandbox's maximum delay.
func delayUntil(run Run, props map[string]any) (Result, error) {
	until, ok := jsonvalue.Date(props["delayUntilTimestamp"])
	if !ok {
		return Result{}, fmt.Errorf("delayUntilTimestamp must be an ISO-8601 date and time, not %q",
			jsonvalue.Text(props["delayUntilTimestamp"]))
	}
	requested := time.Until(until)
	output := map[string]any{"delayTill": until.UTC().Format(time.RFC3339Nano), "success": true}
	waited := capDelay(run, requested)
	if waited != requested && requested > 0 {
		output["waitedInMs"] = waited.Milliseconds()
	}
	if err := run.Wait(waited); err != nil {
		return Result{}, err
	}
	return Result{Output: output}, nil
}

// capDelay shortens d to the run's maximum delay.
func capDelay(run Run, d time.Duration) time.Duration {
	if limit := run.MaxDelay(); limit > 0 && d > limit {
		return limit
	}
	return d
}
