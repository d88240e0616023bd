package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
)

// echoFlow publishes a webhook flow that answers with the call's name and n.
func echoFlow(t *testing.T, c *mcpclient.Client) string {
	t.Helper()
	flowID := str(call(t, c, "create_flow", map[string]any{"displayName": "Echo"}), "id")
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "UPDATE_TRIGGER", "trigger": map[string]any{}})
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "ADD_ACTION", "parentStep": "trigger",
		"action": returnResponseAction("reply")})
	call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "LOCK_AND_PUBLISH"})
	return flowID
}

// triggerAndCheck triggers flowID with a payload unique to call i (the async
// tool for even i, the sync one for odd i) and checks that the run the result
// names is the one whose recorded trigger holds that payload.
func triggerAndCheck(t *testing.T, c *mcpclient.Client, flowID string, i int) string {
	name := fmt.Sprintf("caller-%02d", i)
	tool := "trigger_flow"
	if i%2 == 1 {
		tool = "trigger_flow_sync"
	}
	res := call(t, c, tool, map[string]any{"flowId": flowID, "payload": map[string]any{"name": name, "n": i}})
	runID := str(res, "runId")
	if runID == "" || str(res, "runMatch") != "matched" {
		t.Errorf("%s %s: %v, want a matched runId", tool, name, res)
		return ""
	}
	run := call(t, c, "get_run", map[string]any{"runId": runID, "detail": "full"})
	if whole := marshal(t, run); !strings.Contains(whole, name) {
		t.Errorf("%s %s named run %s, whose trigger holds another call's payload: %s", tool, name, runID, whole)
	}
	return runID
}

// fireTogether runs n calls at once and fails on a run id handed to two calls.
func fireTogether(t *testing.T, n int, one func(i int) string) {
	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := range n {
		wg.Go(func() { ids[i] = one(i) })
	}
	wg.Wait()
	seen := map[string]int{}
	for i, id := range ids {
		if j, dup := seen[id]; dup && id != "" {
			t.Errorf("calls %d and %d were both handed run %s", j, i, id)
		}
		seen[id] = i
	}
}

// TestOverlappingTriggersOverHTTP: 20 callers, each in its own Streamable HTTP
// session, trigger one flow at the same moment; each is named its own run.
func TestOverlappingTriggersOverHTTP(t *testing.T) {
	s := startServer(t, hermeticEnv(t), "--transport", "http")
	flowID := echoFlow(t, connect(t, httpTransport(t, s.URL, ""), legacyEra))
	fireTogether(t, 20, func(i int) string {
		return triggerAndCheck(t, connect(t, httpTransport(t, s.URL, ""), legacyEra), flowID, i)
	})
}

// TestOverlappingTriggersOverStdio: 20 triggers at once on one stdio connection.
func TestOverlappingTriggersOverStdio(t *testing.T) {
	tr, _ := stdioTransport(t, hermeticEnv(t))
	c := connect(t, tr, legacyEra)
	flowID := echoFlow(t, c)
	fireTogether(t, 20, func(i int) string { return triggerAndCheck(t, c, flowID, i) })
}

// TestOutsideCallerWithTheSamePayload: while the bridge triggers a flow of a
// shared sandbox, its own users call the webhook with the very same payload.
// The bridge's mark tells its run apart: never another caller's run.
func TestOutsideCallerWithTheSamePayload(t *testing.T) {
	engine := startProcess(t, hermeticEnv(t, "MCP_BRIDGE_SANDBOX_API_KEYS=shared-key-1"), "serving the sandbox engine",
		"sandbox", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json")
	tr, _ := stdioTransport(t, hermeticEnv(t, "IMBRACE_API_KEY=shared-key-1", "IMBRACE_GATEWAY_URL="+engine.Base))
	c, _, err := tryConnect(t, tr, legacyEra)
	if err != nil {
		t.Fatal(err)
	}
	flowID := echoFlow(t, c)
	// The flow's own users keep calling with the very payload the bridge sends.
	stop := make(chan struct{})
	var outside sync.WaitGroup
	outside.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Post(engine.Base+"/activepieces/v1/webhooks/"+flowID, "application/json", strings.NewReader(`{"name":"same","n":1}`))
			if err == nil {
				resp.Body.Close()
			}
		}
	})
	defer func() { close(stop); outside.Wait() }()
	for round := range 5 {
		res := call(t, c, "trigger_flow", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "same", "n": 1}})
		if str(res, "runMatch") != "matched" {
			t.Fatalf("round %d: %v, want matched", round, res)
		}
		run := call(t, c, "get_run", map[string]any{"runId": str(res, "runId"), "detail": "full"})
		if !strings.Contains(strings.ToLower(marshal(t, run)), "x-mcp-bridge-call") {
			t.Errorf("round %d: the named run was not started by the bridge: %s", round, marshal(t, run))
		}
	}
}
