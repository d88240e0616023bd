package tools

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// noEngine fails every request at once: the fuzzer exercises the tools'
// argument decoding and checks, not an engine.
type noEngine struct{}

func (noEngine) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("no engine in this test")
}

// FuzzToolArguments calls every tool with arbitrary arguments. Whatever they
// are, a tool answers with a result or a tool error: it never panics and never
// fails the protocol call (a Go error is reserved for bugs).
func FuzzToolArguments(f *testing.F) {
	c, err := client.New(client.Config{GatewayURL: "http://engine.invalid", APIKey: "fuzz-key-0123456789", ProjectID: unknownID,
		HTTPClient: &http.Client{Transport: noEngine{}}, MaxRetries: -1, Timeout: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	var handlers []func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error)
	var names []string
	for _, ts := range Catalogue(c) {
		for _, t := range ts.Tools() {
			handlers = append(handlers, t.Handler)
			names = append(names, t.Tool.Name)
		}
	}
	for i := range handlers {
		f.Add(uint8(i), []byte(`{}`))
	}
	f.Add(uint8(0), []byte(`{"flowId":"AAAAAAAAAAAAAAAAAAAAA","payload":{"a":[1,2,{"b":null}]}}`))
	f.Add(uint8(3), []byte(`{"displayName":"x","steps":[{"type":"ROUTER","branches":[{"conditions":[[{"operator":"TEXT_CONTAINS"}]]}]}]}`))
	f.Add(uint8(5), []byte(`{"limit":-1,"cursor":"..","detail":"full","projectId":"../../x"}`))
	f.Add(uint8(7), []byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, which uint8, args []byte) {
		i := int(which) % len(handlers)
		req := mcp.CallToolRequest{}
		req.Params.Name = names[i]
		var v any
		if json.Unmarshal(args, &v) == nil {
			req.Params.Arguments = v
		} else {
			req.Params.Arguments = string(args)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		res, err := handlers[i](ctx, req)
		if err != nil {
			t.Fatalf("%s(%s): a protocol error instead of a tool error: %v", names[i], args, err)
		}
		if res == nil || len(res.Content) == 0 {
			t.Fatalf("%s(%s): no result", names[i], args)
		}
	})
}
