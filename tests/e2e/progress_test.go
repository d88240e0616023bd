package e2e

import (
	"sync"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// delayedFlow publishes a webhook flow that waits delay seconds, then answers with
// the templated payload.
func delayedFlow(t *testing.T, c *mcpclient.Client, delay float64) string {
	t.Helper()
	flowID := str(call(t, c, "create_flow", map[string]any{"displayName": "Slow greeter"}), "id")
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "UPDATE_TRIGGER", "trigger": map[string]any{}})
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "ADD_ACTION", "parentStep": "trigger",
		"action": map[string]any{"name": "wait", "type": "PIECE", "pieceName": "@activepieces/piece-delay", "actionName": "delayFor",
			"input": map[string]any{"delayFor": delay, "unit": "seconds"}}})
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "ADD_ACTION", "parentStep": "wait",
		"action": returnResponseAction("reply")})
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "LOCK_AND_PUBLISH"})
	return flowID
}

// progressLog records the progress notifications a client receives, by token.
type progressLog struct {
	mu    sync.Mutex
	seen  map[string][]float64
	other int
}

func watchProgress(c *mcpclient.Client) *progressLog {
	p := &progressLog{seen: map[string][]float64{}}
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method != "notifications/progress" {
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		token, _ := n.Params.AdditionalFields["progressToken"].(string)
		value, _ := n.Params.AdditionalFields["progress"].(float64)
		if token == "" {
			p.other++
			return
		}
		p.seen[token] = append(p.seen[token], value)
	})
	return p
}

func (p *progressLog) of(token string) []float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]float64(nil), p.seen[token]...)
}

// TestProgressNotifications checks that the long waits report progress to a
// client that asked for it, so it does not time out.
func TestProgressNotifications(t *testing.T) {
	for _, tc := range transportCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := tc.connect(t, modernEra)
			progress := watchProgress(c)
			flowID := delayedFlow(t, c, 2)

			res := callRaw(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Cy"}},
				&mcp.Meta{ProgressToken: "sync-1"})
			if res.IsError {
				t.Fatalf("trigger_flow_sync: %s", text(res))
			}
			if got := structured(t, res); str(got, "body.greeting") != "hello Cy" {
				t.Errorf("trigger_flow_sync = %v", got)
			}
			checkIncreasing(t, "trigger_flow_sync", progress.of("sync-1"))

			runID := str(call(t, c, "trigger_flow", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Di"}}), "runId")
			res = callRaw(t, c, "wait_for_run", map[string]any{"runId": runID, "timeoutSeconds": 30}, &mcp.Meta{ProgressToken: "wait-1"})
			if res.IsError {
				t.Fatalf("wait_for_run: %s", text(res))
			}
			if got := structured(t, res); str(got, "status") != "SUCCEEDED" {
				t.Errorf("wait_for_run = %v", got)
			}
			checkIncreasing(t, "wait_for_run", progress.of("wait-1"))

			// A call without a progress token gets no notifications.
			before := len(progress.of("sync-1")) + len(progress.of("wait-1"))
			call(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID})
			if after := len(progress.of("sync-1")) + len(progress.of("wait-1")); after != before || progress.other != 0 {
				t.Errorf("notifications without a progress token: %d more, %d untagged", after-before, progress.other)
			}
		})
	}
}

func checkIncreasing(t *testing.T, tool string, values []float64) {
	t.Helper()
	if len(values) == 0 {
		t.Errorf("%s: no progress notification during a 2 s wait", tool)
		return
	}
	for i := 1; i < len(values); i++ {
		if values[i] <= values[i-1] {
			t.Errorf("%s: progress does not increase: %v", tool, values)
		}
	}
}
