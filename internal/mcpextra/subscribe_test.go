package mcpextra

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// rpc sends one request on c's transport and returns the error it gets.
// resources/subscribe goes this way: mcp-go's client marks its own methods for
// it deprecated, since protocol 2026-07-28 replaced it with subscriptions/listen.
func rpc(t *testing.T, c *mcpclient.Client, method string, params any) error {
	t.Helper()
	res, err := c.GetTransport().SendRequest(testCtx(t), transport.JSONRPCRequest{JSONRPC: mcp.JSONRPC_VERSION,
		ID: mcp.NewRequestId(1<<20 + rpcIDs.Add(1)), Method: method, Params: params})
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	if res.Error != nil {
		return res.Error.AsError()
	}
	return nil
}

// rpcIDs are request ids far from those the client numbers itself.
var rpcIDs atomic.Int64

func (h *harness) subscribe(uri string) error {
	return rpc(h.t, h.mcp, "resources/subscribe", map[string]any{"uri": uri})
}

func (h *harness) unsubscribe(uri string) {
	h.t.Helper()
	if err := rpc(h.t, h.mcp, "resources/unsubscribe", map[string]any{"uri": uri}); err != nil {
		h.t.Fatal(err)
	}
}

// TestSubscribeNotifiesWhenRunEnds: a subscription to a running run gets one
// notifications/resources/updated when it ends, and then the watch is gone.
func TestSubscribeNotifiesWhenRunEnds(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: fastWatch})
	runID := h.startRun(h.echoFlow(1))
	uri := "workflows://runs/" + runID
	if got := h.read(uri).Text; !strings.Contains(got, `"RUNNING"`) && !strings.Contains(got, `"QUEUED"`) {
		t.Fatalf("the run ended before the test could subscribe: %s", got)
	}
	if err := h.subscribe(uri); err != nil {
		t.Fatal(err)
	}
	if n := h.extra.Subscriptions().Watching(); n != 1 {
		t.Errorf("watching %d, want 1", n)
	}
	// Subscribing again changes nothing.
	if err := h.subscribe(uri); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the update", func() bool { return len(h.updates()) > 0 })
	var run struct{ Status string }
	if err := json.Unmarshal([]byte(h.read(uri).Text), &run); err != nil || run.Status != "SUCCEEDED" {
		t.Errorf("after the update the run is %q (%v)", run.Status, err)
	}
	waitFor(t, time.Second, "the watch to end", func() bool { return h.extra.Subscriptions().Watching() == 0 })
	time.Sleep(300 * time.Millisecond)
	if got := h.updates(); len(got) != 1 || got[0] != uri {
		t.Errorf("updates = %v, want one for %s", got, uri)
	}
}

// TestSubscribeToEndedRun: a run that has already ended is reported at the first poll.
func TestSubscribeToEndedRun(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: fastWatch})
	out := h.call("trigger_flow_sync", map[string]any{"flowId": h.echoFlow(0), "payload": map[string]any{"message": "x"}})
	uri := "workflows://runs/" + out["runId"].(string)
	if err := h.subscribe(uri); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the update", func() bool { return len(h.updates()) == 1 })
}

// TestSubscribeRefusals: what cannot be watched is refused with a reason, and
// nothing is left watching.
func TestSubscribeRefusals(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: WatchLimits{PerSession: 1, First: time.Minute}})
	for uri, want := range map[string]string{
		"workflows://flows/AAAAAAAAAAAAAAAAAAAAA": "only runs can",
		"workflows://runs/short":                  "21-character run id",
		"workflows://runs/AAAAAAAAAAAAAAAAAAAAA":  "cannot subscribe to workflows://runs/AAAAAAAAAAAAAAAAAAAAA",
	} {
		err := h.subscribe(uri)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("subscribe %s: %v, want an error with %q", uri, err, want)
		}
	}
	flowID := h.echoFlow(0)
	first := "workflows://runs/" + h.startRun(flowID)
	if err := h.subscribe(first); err != nil {
		t.Fatal(err)
	}
	second := "workflows://runs/" + h.startRun(flowID)
	if err := h.subscribe(second); err == nil || !strings.Contains(err.Error(), "limit per session") {
		t.Errorf("a second watch over the session's limit: %v", err)
	}
	// Another session has its own allowance.
	other := h.connect()
	if err := rpc(t, other, "resources/subscribe", map[string]any{"uri": second}); err != nil {
		t.Errorf("another session: %v", err)
	}
	if n := h.extra.Subscriptions().Watching(); n != 2 {
		t.Errorf("watching %d, want 2", n)
	}
	// Unsubscribing and closing a session end their watches.
	h.unsubscribe(first)
	other.Close()
	waitFor(t, time.Second, "the watches to end", func() bool { return h.extra.Subscriptions().Watching() == 0 })
	if got := h.updates(); len(got) != 0 {
		t.Errorf("updates after unsubscribing: %v", got)
	}
}

// TestSubscribeServerLimit: the limit over all sessions holds.
func TestSubscribeServerLimit(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: WatchLimits{Max: 1, First: time.Minute}})
	flowID := h.echoFlow(0)
	if err := h.subscribe("workflows://runs/" + h.startRun(flowID)); err != nil {
		t.Fatal(err)
	}
	err := h.subscribe("workflows://runs/" + h.startRun(flowID))
	if err == nil || !strings.Contains(err.Error(), "already watches 1 resources, its limit") {
		t.Errorf("over the server's limit: %v", err)
	}
}

// TestWatchLifetime: a run that outlives the watch's lifetime stops being
// watched, without a notification.
func TestWatchLifetime(t *testing.T) {
	h := newHarness(t, harnessConfig{watch: WatchLimits{First: 20 * time.Millisecond, Longest: 50 * time.Millisecond, Lifetime: 300 * time.Millisecond}})
	uri := "workflows://runs/" + h.startRun(h.echoFlow(20))
	if err := h.subscribe(uri); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the watch to give up", func() bool { return h.extra.Subscriptions().Watching() == 0 })
	if got := h.updates(); len(got) != 0 {
		t.Errorf("updates = %v, want none", got)
	}
}

// TestWatchLimitsDefaults: zero limits take the defaults, set ones stay.
func TestWatchLimitsDefaults(t *testing.T) {
	got := WatchLimits{Max: 3, First: time.Second}.withDefaults()
	want := DefaultWatchLimits
	want.Max, want.First = 3, time.Second
	if got != want {
		t.Errorf("withDefaults = %+v, want %+v", got, want)
	}
}
