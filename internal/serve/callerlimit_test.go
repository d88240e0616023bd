package serve

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
)

// One caller cannot run more than the cap at once; others, and anonymous
// callers, are not held back by it, and a finished call frees its place.
func TestCallerLimit(t *testing.T) {
	const max = 3
	release := make(chan struct{})
	var started sync.WaitGroup
	limit := NewCallerLimit(max, subjectOf)
	handler := limit.Middleware(func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		started.Done()
		<-release
		return mcp.NewToolResultText("done"), nil
	})
	as := func(subject string) context.Context {
		if subject == "" {
			return context.Background()
		}
		return caller.NewContext(context.Background(), &caller.Caller{Subject: "https://id.example " + subject})
	}
	call := func(ctx context.Context) *mcp.CallToolResult {
		res, err := handler(ctx, mcp.CallToolRequest{})
		if err != nil {
			t.Error(err)
		}
		return res
	}
	results := make(chan *mcp.CallToolResult, 2*max+2)
	spawn := func(ctx context.Context, n int) {
		started.Add(n)
		for range n {
			go func() { results <- call(ctx) }()
		}
		started.Wait()
	}
	spawn(as("alice"), max)
	spawn(as("bob"), max)
	spawn(as(""), 2)

	refused := call(as("alice"))
	text := refused.Content[0].(mcp.TextContent).Text
	if !refused.IsError || !strings.Contains(text, "already has 3 running") || !strings.Contains(text, "--max-calls-per-caller") {
		t.Errorf("alice's call over the cap: %+v", refused)
	}
	close(release)
	for range 2*max + 2 {
		if res := <-results; res.IsError {
			t.Errorf("a call under the cap was refused: %+v", res)
		}
	}
	started.Add(1)
	if res := call(as("alice")); res.IsError {
		t.Errorf("alice's call after hers finished: %+v", res)
	}
	if len(limit.running) != 0 {
		t.Errorf("callers still counted after every call ended: %v", limit.running)
	}
}

// A cap of 0 counts nothing.
func TestCallerLimitOff(t *testing.T) {
	limit := NewCallerLimit(0, subjectOf)
	next := func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultText("done"), nil
	}
	res, _ := limit.Middleware(next)(caller.NewContext(context.Background(), &caller.Caller{Subject: "s"}), mcp.CallToolRequest{})
	if res.IsError || len(limit.running) != 0 {
		t.Errorf("with no cap: %+v, %v", res, limit.running)
	}
}

// subjectOf keys the tests' limits by the OAuth subject, as cmd keys them by
// backend.LimitKey.
func subjectOf(ctx context.Context) string {
	if who := caller.FromContext(ctx); who != nil {
		return who.Subject
	}
	return ""
}
