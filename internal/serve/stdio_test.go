package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// stdioPeer is the client end of a ServeStdio: it sends lines and collects the
// replies by id.
type stdioPeer struct {
	t       *testing.T
	in      *io.PipeWriter
	mu      sync.Mutex
	replies map[string]chan map[string]any
}

func (p *stdioPeer) reply(id string) chan map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.replies[id] == nil {
		p.replies[id] = make(chan map[string]any, 1)
	}
	return p.replies[id]
}

func (p *stdioPeer) send(line string) {
	p.t.Helper()
	if _, err := io.WriteString(p.in, line+"\n"); err != nil {
		p.t.Fatal(err)
	}
}

func (p *stdioPeer) call(id int, tool string) {
	p.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":%q,"arguments":{}}}`, id, tool))
}

// await returns the reply to id. The bound only ends a test whose reply never
// comes; a passing run answers in milliseconds.
func (p *stdioPeer) await(id any, what string) map[string]any {
	p.t.Helper()
	select {
	case r := <-p.reply(fmt.Sprint(id)):
		return r
	case <-time.After(10 * time.Second):
		p.t.Fatalf("no reply to %s (id %v)", what, id)
		return nil
	}
}

// startStdio serves s over pipes with lim until the test ends.
func startStdio(t *testing.T, s *server.MCPServer, inflight *Inflight, lim StdioLimits) *stdioPeer {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	p := &stdioPeer{t: t, in: inW, replies: map[string]chan map[string]any{}}
	served := make(chan error, 1)
	go func() {
		served <- ServeStdio(context.Background(), s, inR, outW, inflight, slog.New(slog.DiscardHandler), time.Second, lim)
		outW.Close()
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			var msg map[string]any
			if json.Unmarshal(sc.Bytes(), &msg) == nil && msg["id"] != nil {
				p.reply(fmt.Sprint(msg["id"])) <- msg
			}
		}
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-served:
		case <-time.After(5 * time.Second): // a failed test may leave a call blocking the reader
			t.Error("ServeStdio did not stop after its input closed")
		}
	})
	p.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`)
	p.await(0, "initialize")
	p.send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	return p
}

// blockingServer has a "slow" tool that runs until release is closed, and a
// "quick" one.
func blockingServer(inflight *Inflight, release <-chan struct{}) *server.MCPServer {
	s := slowServer(inflight, release)
	s.AddTool(mcp.NewTool("quick"), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("quick"), nil
	})
	return s
}

func resultText(t *testing.T, r map[string]any) string {
	t.Helper()
	b, _ := json.Marshal(r)
	var res struct {
		Result *mcp.CallToolResult `json:"result"`
	}
	if err := json.Unmarshal(b, &res); err != nil || res.Result == nil || len(res.Result.Content) == 0 {
		t.Fatalf("not a tool result: %s", b)
	}
	return res.Result.Content[0].(mcp.TextContent).Text
}

// TestStdioLongCallsDoNotBlockOthers runs more long tool calls than mcp-go's
// default of five workers and checks that a quick tool call and a ping are
// answered while every long call is still blocked.
func TestStdioLongCallsDoNotBlockOthers(t *testing.T) {
	inflight := &Inflight{}
	release := make(chan struct{})
	p := startStdio(t, blockingServer(inflight, release), inflight, StdioLimits{})
	const long = 10
	for i := 1; i <= long; i++ {
		p.call(i, "slow")
	}
	p.call(100, "quick")
	if got := resultText(t, p.await(100, "a quick call behind long ones")); got != "quick" {
		t.Errorf("quick call = %q", got)
	}
	p.send(`{"jsonrpc":"2.0","id":101,"method":"ping"}`)
	p.await(101, "ping")
	for i := 1; i <= long; i++ {
		select {
		case r := <-p.reply(fmt.Sprint(i)):
			t.Fatalf("long call %d answered before it was released: %v", i, r)
		default:
		}
	}
	close(release)
	for i := 1; i <= long; i++ {
		if got := resultText(t, p.await(i, "a released long call")); got != "finished" {
			t.Errorf("long call %d = %q", i, got)
		}
	}
}

// TestStdioFullQueueAnswersBusy fills the workers and the queue and checks that
// the next tool call gets a JSON-RPC error at once while the reader keeps
// serving (ping), and that freed slots are taken again.
func TestStdioFullQueueAnswersBusy(t *testing.T) {
	inflight := &Inflight{}
	release := make(chan struct{})
	p := startStdio(t, blockingServer(inflight, release), inflight, StdioLimits{Workers: 2, Queue: 1})
	for i := 1; i <= 3; i++ { // two run, one waits
		p.call(i, "slow")
	}
	p.call(4, "slow")
	busy := p.await(4, "a tool call beyond the queue")
	errObj, _ := busy["error"].(map[string]any)
	if errObj == nil || errObj["code"] != float64(codeServerBusy) || !strings.Contains(fmt.Sprint(errObj["message"]), "server busy") {
		t.Errorf("reply to the call beyond the queue = %v, want a server-busy error", busy)
	}
	p.send(`{"jsonrpc":"2.0","id":"p","method":"ping"}`)
	if r := p.await("p", "ping with the queue full"); r["result"] == nil {
		t.Errorf("ping with the queue full = %v", r)
	}
	close(release)
	for i := 1; i <= 3; i++ {
		if got := resultText(t, p.await(i, "a released call")); got != "finished" {
			t.Errorf("call %d = %q", i, got)
		}
	}
	p.call(5, "quick")
	if got := resultText(t, p.await(5, "a call after the queue emptied")); got != "quick" {
		t.Errorf("call after the queue emptied = %q", got)
	}
}

// TestStdioSequentialCallsReuseTheSlot sends tool calls one after another to a
// single worker with no queue: each reply must free its slot before the client
// can read it, or the next call would be refused as busy.
func TestStdioSequentialCallsReuseTheSlot(t *testing.T) {
	inflight := &Inflight{}
	p := startStdio(t, blockingServer(inflight, nil), inflight, StdioLimits{Workers: 1})
	for i := 1; i <= 50; i++ {
		p.call(i, "quick")
		if r := p.await(i, "a call after the previous one's reply"); r["error"] != nil {
			t.Fatalf("call %d: %v", i, r["error"])
		}
	}
}
