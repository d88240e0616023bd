// Command server serves a throw-away sandbox engine (in memory) on a free
// local port for the contract tests, and prints its base URL on stdout. It
// stops when its standard input closes, so it never outlives the test that
// started it.
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

func main() {
	engine, err := sandbox.Open(":memory:", sandbox.WithMaxDelay(100*time.Millisecond), sandbox.WithSyncWait(5*time.Second))
	if err != nil {
		log.Fatalf("contract server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("contract server: %v", err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		_ = engine.Close()
		os.Exit(0)
	}()
	server := &http.Server{Handler: engine.Handler(), ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(server.Serve(ln))
}
