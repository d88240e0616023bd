package bench

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

// Each benchmarked operation works once, so a broken benchmark shows in go test.
func TestCaseOperations(t *testing.T) {
	f := newTestFixture(t)
	ctx := context.Background()
	clientOps := map[string]func(context.Context, *Fixture) error{
		"list_flows":        listFlows,
		"trigger_flow_sync": triggerSync,
		"trigger_flow_sync with the same requests": triggerSyncSameRequests,
	}
	for name, op := range clientOps {
		t.Run("client "+name, func(t *testing.T) {
			if err := op(ctx, f); err != nil {
				t.Fatal(err)
			}
		})
	}
	bridge := []struct {
		tool string
		args map[string]any
		want string
	}{
		{tool: "list_flows", args: map[string]any{}, want: `"displayName":"Echo webhook"`},
		{tool: "trigger_flow_sync", args: map[string]any{"flowId": f.EchoFlowID, "payload": map[string]any{"hello": "bench"}}, want: `"body":{"hello":"bench"}`},
	}
	for _, tc := range bridge {
		t.Run("bridge "+tc.tool, func(t *testing.T) {
			line, err := ToolCallLine(tc.tool, tc.args)
			if err != nil {
				t.Fatal(err)
			}
			answer, err := f.HandleLine(ctx, line)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(answer, []byte(tc.want)) {
				t.Errorf("%s answered %s, want it to contain %s", tc.tool, answer, tc.want)
			}
		})
	}
}

func TestHandleLineFailures(t *testing.T) {
	f := newTestFixture(t)
	cases := []struct {
		name, line, want string
	}{
		{name: "tool error", line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_flow","arguments":{}}}`, want: "tool error: "},
		{name: "unknown tool", line: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nope","arguments":{}}}`, want: "not a result: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.HandleLine(context.Background(), []byte(tc.line))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one starting %q", err, tc.want)
			}
		})
	}
}

func TestCasesCoverBothSidesOfEachTool(t *testing.T) {
	sides := map[string][]Side{}
	for _, c := range Cases {
		sides[c.Op] = append(sides[c.Op], c.Side)
	}
	for op, s := range sides {
		if len(s) < 2 || s[0] != SideBridge || s[1] != SideClient {
			t.Errorf("%s: sides %v; want the bridge, then the client", op, s)
		}
	}
}

func TestListRunsAfterListsTheNewestFive(t *testing.T) {
	for _, n := range []int{2, 7} {
		t.Run(fmt.Sprintf("%d runs", n), func(t *testing.T) {
			f := newTestFixture(t)
			op, err := listRunsAfter(n)(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := op(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
