package main

import (
	"bytes"
	"runtime/debug"
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

// TestGCRelaxedUntilToolsListed: start-up runs with a higher GC percentage,
// and resuming puts back what the user had, GOGC=off included.
func TestGCRelaxedUntilToolsListed(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, user := range []int{100, 50, -1, 800} {
		debug.SetGCPercent(user)
		resume := relaxGCUntilListed()
		during := debug.SetGCPercent(-2) // reads the setting; -2 is put back below
		debug.SetGCPercent(during)
		want := startGCPercent
		if user < 0 || user >= startGCPercent {
			want = user
		}
		if during != want {
			t.Errorf("GOGC %d: %d during start-up, want %d", user, during, want)
		}
		resume()
		resume()
		if got := debug.SetGCPercent(user); got != user {
			t.Errorf("GOGC %d: %d after resuming", user, got)
		}
	}
}
