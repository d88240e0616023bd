package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// subscribeRaw sends resources/subscribe itself: mcp-go's client marks its
// Subscribe deprecated, protocol 2026-07-28 having replaced it with
// subscriptions/listen, but clients of the earlier protocols still send it.
func subscribeRaw(t *testing.T, c *mcpclient.Client, uri string) error {
	t.Helper()
	res, err := c.GetTransport().SendRequest(testContext(t), transport.JSONRPCRequest{JSONRPC: mcp.JSONRPC_VERSION,
		ID: mcp.NewRequestId("subscribe-" + uri), Method: string(mcp.MethodResourcesSubscribe), Params: map[string]any{"uri": uri}})
	if err != nil {
		t.Fatalf("resources/subscribe: %v", err)
	}
	if res.Error != nil {
		return res.Error.AsError()
	}
	return nil
}

// TestRunSubscription subscribes to a running run and receives
// notifications/resources/updated when it ends: with resources/subscribe in
// the legacy era, with subscriptions/listen in the 2026-07-28 era, over every
// transport. Stateless HTTP has no session to notify in the legacy era, so the
// subscription is refused there with a reason.
func TestRunSubscription(t *testing.T) {
	for _, tc := range extrasCases {
		t.Run(tc.name+"/"+tc.era, func(t *testing.T) {
			t.Parallel()
			c := tc.connect(t, tc.era)
			seen := watchUpdates(c)
			runID := str(call(t, c, "trigger_flow", map[string]any{"flowId": delayedFlow(t, c, 2), "payload": map[string]any{"name": "Fay"}}), "runId")
			uri := "workflows://runs/" + runID

			if tc.era == legacyEra {
				err := subscribeRaw(t, c, uri)
				if tc.stateless {
					if err == nil || !strings.Contains(err.Error(), "stateless") {
						t.Errorf("resources/subscribe on stateless HTTP: %v, want a refusal that says why", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("resources/subscribe: %v", err)
				}
				// A URI that is not a run is refused with a reason.
				if err := subscribeRaw(t, c, "workflows://flows/AAAAAAAAAAAAAAAAAAAAA"); err == nil || !strings.Contains(err.Error(), "only runs") {
					t.Errorf("subscribing to a flow: %v", err)
				}
				seen.wait(t, uri, 30*time.Second)
			} else {
				ctx, cancel := context.WithCancel(testContext(t))
				defer cancel()
				stop, err := c.ListenAsync(ctx, mcp.SubscriptionFilter{ResourceSubscriptions: []string{uri}}, func(err error) {
					t.Errorf("subscriptions/listen: %v", err)
				})
				if err != nil {
					t.Fatal(err)
				}
				defer stop()
				n := seen.wait(t, uri, 30*time.Second)
				if n.Params.Meta[mcp.MetaKeySubscriptionID] == nil {
					t.Errorf("the update does not carry the listen stream's id: %+v", n.Params)
				}
			}
			if run := readText(t, c, uri); !strings.Contains(run, `"status":"SUCCEEDED"`) {
				t.Errorf("after the update, the run: %s", run)
			}
		})
	}
}

// TestListenRefusesWhatItCannotWatch: subscriptions/listen naming a URI that
// is not a run fails at once, with the reason.
func TestListenRefusesWhatItCannotWatch(t *testing.T) {
	c := connectStdio(t, modernEra)
	err := c.Listen(testContext(t), mcp.SubscriptionFilter{ResourceSubscriptions: []string{"workflows://runs/nope"}})
	if err == nil || !strings.Contains(err.Error(), "21-character run id") {
		t.Errorf("listen to a bad run URI: %v", err)
	}
}
