package bench

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// stdioConn serves f's MCP server over pipes with mcp-go's stdio transport, the
// one the binary uses, and returns a Conn to it.
func stdioConn(t *testing.T, f *Fixture) *Conn {
	t.Helper()
	clientR, serverW := io.Pipe()
	serverR, clientW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		server.NewStdioServer(f.Server).Listen(ctx, serverR, serverW)
	}()
	t.Cleanup(func() {
		clientW.Close()
		cancel()
		serverW.Close()
		<-done
	})
	return NewConn(clientW, clientR)
}

func newTestFixture(t *testing.T) *Fixture {
	t.Helper()
	f, err := NewFixture(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestHandshakeListsEveryTool(t *testing.T) {
	c := stdioConn(t, newTestFixture(t))
	list, err := c.Handshake()
	if err != nil {
		t.Fatal(err)
	}
	n, err := ListedTools(list)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(defs) {
		t.Errorf("tools/list has %d tools, want the catalogue's %d", n, len(defs))
	}
}

func TestJourney(t *testing.T) {
	f := newTestFixture(t)
	c := stdioConn(t, f)
	if _, err := c.Handshake(); err != nil {
		t.Fatal(err)
	}
	calls, err := Journey(c)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 13 {
		t.Errorf("Journey made %d calls, want 13", calls)
	}
	// The journey cleans up after itself: its flow is gone.
	out, err := c.CallTool("list_flows", map[string]any{"name": "Greeter"})
	if err != nil {
		t.Fatal(err)
	}
	if flows, _ := out["flows"].([]any); len(flows) != 0 {
		t.Errorf("after the journey list_flows name=Greeter = %v, want none", flows)
	}
}

func TestCallToolReportsToolErrors(t *testing.T) {
	c := stdioConn(t, newTestFixture(t))
	if _, err := c.Handshake(); err != nil {
		t.Fatal(err)
	}
	_, err := c.CallTool("get_flow", map[string]any{"flowId": "nope"})
	if err == nil || !strings.HasPrefix(err.Error(), "get_flow: tool error: ") || !strings.Contains(err.Error(), "flowId") {
		t.Fatalf("err = %v, want get_flow's tool error naming flowId", err)
	}
}

func TestListedTools(t *testing.T) {
	cases := []struct {
		name    string
		result  string
		want    int
		wantErr bool
	}{
		{name: "two", result: `{"tools":[{"name":"a"},{"name":"b"}]}`, want: 2},
		{name: "none", result: `{"tools":[]}`, want: 0},
		{name: "not a list", result: `{"tools":3}`, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ListedTools(json.RawMessage(tc.result))
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("ListedTools = %d, %v; want %d (error %v)", got, err, tc.want, tc.wantErr)
			}
		})
	}
}
