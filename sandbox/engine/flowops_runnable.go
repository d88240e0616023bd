package engine

import (
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// checkRunnable refuses to publish a version with a piece step the sandbox
// cannot run, naming the steps and listing what it runs. This is the
// sandbox's own rule, not Activepieces': a flow that publishes should also
// run, so the agent learns of an unrunnable step when it publishes rather
// than from a failed run after its webhook was called.
func checkRunnable(cat *pieces.Catalogue, v *workflows.FlowVersion) error {
	var unrunnable []string
	if t := v.Trigger; t.Type == workflows.TriggerPiece && !cat.Has(t.Settings.PieceName) {
		unrunnable = append(unrunnable, "the trigger ("+t.Settings.PieceName+" "+t.Settings.TriggerName+")")
	}
	for _, s := range workflows.WalkSteps(&v.Trigger) {
		a := s.Action
		if a.Type != workflows.ActionPiece || a.Skip {
			continue
		}
		if _, ok := cat.Action(a.Settings.PieceName, a.Settings.ActionName); !ok {
			unrunnable = append(unrunnable, "step "+a.Name+" ("+a.Settings.PieceName+" "+a.Settings.ActionName+")")
		}
	}
	if len(unrunnable) == 0 {
		return nil
	}
	return apierr.InvalidOperation("the flow cannot be published: the sandbox does not run %s; it runs %s",
		strings.Join(unrunnable, ", "), cat.Runnable())
}

// checkSchedule refuses to publish a version whose schedule trigger has an
// invalid cron expression or timezone, as upstream, where enabling the
// trigger fails and the flow is not published.
func checkSchedule(v *workflows.FlowVersion) error {
	if _, err := pieces.TriggerSchedule(&v.Trigger); err != nil {
		return apierr.InvalidOperation("the flow cannot be published: enabling its schedule trigger failed: %v", err)
	}
	return nil
}
