package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The floor lists exactly one tool and echoes its argument.
func TestFloorServer(t *testing.T) {
	s := newServer()
	ctx := context.Background()
	list := s.HandleMessage(ctx, json.RawMessage(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`))
	out, _ := json.Marshal(list)
	if n := strings.Count(string(out), `"name":`); n != 1 || !strings.Contains(string(out), `"name":"echo"`) {
		t.Fatalf("tools/list = %s, want the echo tool alone", out)
	}
	call := s.HandleMessage(ctx, json.RawMessage(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}`))
	out, _ = json.Marshal(call)
	if !strings.Contains(string(out), `"text":"hi"`) {
		t.Fatalf("tools/call echo = %s", out)
	}
}
