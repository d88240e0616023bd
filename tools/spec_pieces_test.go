package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// A piece with a connection (Activepieces declares it once, as the piece's
// auth) needs input.auth on its steps, and "auth" is never an unknown input.
func TestPieceStepsNeedTheirConnection(t *testing.T) {
	slack := &workflows.Piece{Name: "@activepieces/piece-slack", Extra: workflows.Extra{"auth": json.RawMessage(`{"type":"OAUTH2"}`)}}
	send := workflows.PieceComponent{Props: map[string]workflows.PieceProperty{"text": {DisplayName: "Text", Type: "LONG_TEXT", Required: true}}}
	check := func(input map[string]any, comp workflows.PieceComponent) string {
		var chk specCheck
		checkInputs(componentRef{path: "steps[0]", step: "step_1", name: "send_message", input: &input}, slack, comp, &chk)
		if err := chk.err(); err != nil {
			return err.Error()
		}
		return ""
	}
	got := check(map[string]any{"text": "hi"}, send)
	if !strings.HasPrefix(got, "missing required argument steps[0].input.auth: expected a connection, as {{connections['<externalId>']}}") {
		t.Errorf("no connection: %q", got)
	}
	if got := check(map[string]any{"text": "hi", "auth": "{{connections['slack']}}"}, send); got != "" {
		t.Errorf("with a connection: %q", got)
	}
	send.Extra = workflows.Extra{"requireAuth": json.RawMessage(`false`)}
	if got := check(map[string]any{"text": "hi"}, send); got != "" {
		t.Errorf("an action that needs no connection: %q", got)
	}
}
