package bench

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// Side says which path a Case measures.
type Side string

// The sides of an in-process comparison.
const (
	// SideBridge is a JSON-RPC tools/call line handled by the MCP server and encoded, as over stdio.
	SideBridge Side = "bridge"
	// SideClient is the one raw client call the tool is named after.
	SideClient Side = "client"
	// SideClientSame is every raw client call the tool makes, in the same order.
	SideClientSame Side = "client, same requests"
)

// Case is one in-process measurement, run as a Go benchmark.
type Case struct {
	Op   string // the tool
	Side Side
	Run  func(b *testing.B)
}

// freshEvery is how many trigger calls share one sandbox before it is replaced,
// untimed. The sandbox lists runs by decoding every run it stores, and
// trigger_flow_sync lists the flow's runs before each trigger, so without a
// reset a trigger benchmark would slow down the longer it ran and its ns/op would
// depend on b.N. With it, the store never holds more than freshEvery+1 runs (one
// from the untimed first call), the same for every side of the comparison.
const freshEvery = 10

// Cases are the in-process measurements: each tool next to the client calls it
// wraps. Each opens its own fresh sandbox, so runs left by one do not slow another.
var Cases = []Case{
	{Op: "list_flows", Side: SideBridge, Run: benchOp(bridgeCall("list_flows", func(*Fixture) map[string]any { return map[string]any{} }, ""), 0)},
	{Op: "list_flows", Side: SideClient, Run: benchOp(clientCall(listFlows), 0)},
	{Op: "trigger_flow_sync", Side: SideBridge, Run: benchOp(bridgeCall("trigger_flow_sync", func(f *Fixture) map[string]any {
		return map[string]any{"flowId": f.EchoFlowID, "payload": map[string]any{"hello": "bench"}}
	}, `"body":{"hello":"bench"}`), freshEvery)},
	{Op: "trigger_flow_sync", Side: SideClient, Run: benchOp(clientCall(triggerSync), freshEvery)},
	{Op: "trigger_flow_sync", Side: SideClientSame, Run: benchOp(clientCall(triggerSyncSameRequests), freshEvery)},
}

// prepareFunc readies an operation on a fixture.
type prepareFunc func(f *Fixture) (op func(context.Context) error, err error)

// benchOp times the prepared operation. Each fixture's operation runs once
// untimed first, so a broken setup fails loudly. When every > 0, the fixture is
// replaced (untimed) after every that many timed calls.
func benchOp(prepare prepareFunc, every int) func(b *testing.B) {
	return func(b *testing.B) {
		ctx := context.Background()
		f, op := setUp(b, prepare)
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			if every > 0 && n > 0 && n%every == 0 {
				b.StopTimer()
				f.Close()
				f, op = setUp(b, prepare)
				b.StartTimer()
			}
			n++
			if err := op(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		f.Close()
	}
}

func setUp(b *testing.B, prepare prepareFunc) (*Fixture, func(context.Context) error) {
	b.Helper()
	f, err := NewFixture(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	op, err := prepare(f)
	if err == nil {
		err = op(context.Background())
	}
	if err != nil {
		f.Close()
		b.Fatal(err)
	}
	return f, op
}

// bridgeCall calls tool through the MCP server. want, when set, must appear in
// the encoded answer (checked on the untimed first call).
func bridgeCall(tool string, args func(*Fixture) map[string]any, want string) prepareFunc {
	return func(f *Fixture) (func(context.Context) error, error) {
		line, err := ToolCallLine(tool, args(f))
		if err != nil {
			return nil, err
		}
		answer, err := f.HandleLine(context.Background(), line)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tool, err)
		}
		if want != "" && !bytes.Contains(answer, []byte(want)) {
			return nil, fmt.Errorf("%s answered %s, want it to contain %s", tool, answer, want)
		}
		return func(ctx context.Context) error {
			_, err := f.HandleLine(ctx, line)
			return err
		}, nil
	}
}

// clientCall calls op with the fixture's client.
func clientCall(op func(context.Context, *Fixture) error) prepareFunc {
	return func(f *Fixture) (func(context.Context) error, error) {
		return func(ctx context.Context) error { return op(ctx, f) }, nil
	}
}

// listFlows is list_flows' one request with the tool's default page.
func listFlows(ctx context.Context, f *Fixture) error {
	_, err := f.Client.ListFlows(ctx, client.ListFlowsParams{ProjectID: f.ProjectID, Page: client.Page{Limit: 10}})
	return err
}

// triggerSync is the client's sync trigger of the echo flow.
func triggerSync(ctx context.Context, f *Fixture) error {
	res, err := f.Client.TriggerFlowSync(ctx, f.EchoFlowID, echoPayload)
	if err != nil {
		return err
	}
	return checkEcho(res)
}

// triggerSyncSameRequests makes the requests trigger_flow_sync makes when the
// flow answers: read the flow (is it published?), list its newest runs (to find
// the new one if the flow fails or stays silent), then trigger.
func triggerSyncSameRequests(ctx context.Context, f *Fixture) error {
	flow, err := f.Client.GetFlow(ctx, f.EchoFlowID, "")
	if err != nil {
		return err
	}
	if _, err := f.Client.ListRuns(ctx, client.ListRunsParams{ProjectID: flow.ProjectID, FlowID: []string{f.EchoFlowID}, Page: client.Page{Limit: 5}}); err != nil {
		return err
	}
	return triggerSync(ctx, f)
}

// ListRunsCase times the sandbox's list of a flow's newest runs with Runs runs stored.
type ListRunsCase struct {
	Runs int
	Run  func(b *testing.B)
}

// ListRunsCases show how the sandbox's run listing, which trigger_flow and
// trigger_flow_sync call before and after each trigger, grows with the runs stored.
var ListRunsCases = []ListRunsCase{
	{Runs: 1, Run: benchOp(listRunsAfter(1), 0)},
	{Runs: 100, Run: benchOp(listRunsAfter(100), 0)},
	{Runs: 300, Run: benchOp(listRunsAfter(300), 0)},
}

// listRunsAfter stores n runs of the echo flow, then lists the flow's five
// newest runs the way the trigger tools do.
func listRunsAfter(n int) prepareFunc {
	return func(f *Fixture) (func(context.Context) error, error) {
		ctx := context.Background()
		for range n {
			if err := triggerSync(ctx, f); err != nil {
				return nil, err
			}
		}
		return func(ctx context.Context) error {
			page, err := f.Client.ListRuns(ctx, client.ListRunsParams{ProjectID: f.ProjectID, FlowID: []string{f.EchoFlowID}, Page: client.Page{Limit: 5}})
			if err == nil && len(page.Data) != min(n, 5) {
				err = fmt.Errorf("listed %d runs, want %d", len(page.Data), min(n, 5))
			}
			return err
		}, nil
	}
}
