package main

import (
	"bytes"
	"testing"
	"time"
)

// TestSandboxOpensAfterTheToolsListReply: the sandbox is not opened while the
// host waits for its first tools/list answer, only once that answer is out.
func TestSandboxOpensAfterTheToolsListReply(t *testing.T) {
	var out bytes.Buffer
	warmed := make(chan int, 2)
	w := warmAfterToolsList(&out, func() { warmed <- out.Len() })
	w.Write([]byte(`{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}` + "\n"))
	select {
	case <-warmed:
		t.Fatal("opened after the initialize reply")
	case <-time.After(50 * time.Millisecond):
	}
	reply := `{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}` + "\n"
	w.Write([]byte(reply))
	select {
	case written := <-warmed:
		if written < len(reply) {
			t.Errorf("opened when %d bytes were written, before the tools/list reply was out", written)
		}
	case <-time.After(time.Second):
		t.Fatal("not opened after the tools/list reply")
	}
	w.Write([]byte(reply))
	select {
	case <-warmed:
		t.Error("opened twice")
	case <-time.After(50 * time.Millisecond):
	}
}
