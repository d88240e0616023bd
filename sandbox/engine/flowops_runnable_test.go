package engine

import (
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// TestPublishRefusesWhatTheSandboxDoesNotRun: a piece step the sandbox
// cannot run (a piece it lacks, as in a flow stored before the catalogue
// changed, or an action it has no code for) keeps the flow from being
// published, with the list of what runs; a skipped one does not.
func TestPublishRefusesWhatTheSandboxDoesNotRun(t *testing.T) {
	f := newOpFixture()
	runs := pieces.NewCatalogue(pieces.All).Runnable()
	if !strings.Contains(runs, "@activepieces/piece-http (send_request)") ||
		!strings.Contains(runs, "@activepieces/piece-webhook (trigger catch_webhook, return_response)") {
		t.Fatalf("Runnable() = %s", runs)
	}
	slack := func(t *testing.T) *workflows.Flow {
		flow := fixtureFlow(t)
		s := workflows.FindStep(&flow.Version.Trigger, "step_1")
		s.Settings.PieceName, s.Settings.PieceVersion, s.Settings.ActionName = "@activepieces/piece-slack", "0.5.0", "send_message"
		return flow
	}
	f.mustRefuse(t, slack(t), "LOCK_AND_PUBLISH", `{}`, 400, "FLOW_OPERATION_INVALID",
		"the flow cannot be published: the sandbox does not run step step_1 (@activepieces/piece-slack send_message); it runs "+runs)

	noCode := func(t *testing.T) *workflows.Flow {
		flow := fixtureFlow(t)
		workflows.FindStep(&flow.Version.Trigger, "step_2").Settings.ActionName = "delay_forever"
		return flow
	}
	f.mustRefuse(t, noCode(t), "LOCK_AND_PUBLISH", `{}`, 400, "FLOW_OPERATION_INVALID",
		"the flow cannot be published: the sandbox does not run step step_2 (@activepieces/piece-delay delay_forever); it runs "+runs)

	skipped := slack(t)
	workflows.FindStep(&skipped.Version.Trigger, "step_1").Skip = true
	err := f.apply(skipped, "LOCK_AND_PUBLISH", `{}`)
	if err != nil && strings.Contains(err.Error(), "does not run") {
		t.Fatalf("a skipped step kept the flow from publishing: %v", err)
	}
}
