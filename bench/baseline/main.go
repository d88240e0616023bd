// Command baseline is the yardstick of the spawn benchmark: a trivial MCP stdio
// server (see bench/internal/trivial). Spawning it measures what the machine and
// the Go runtime cost, so the bridge's start-up can be read as a ratio to it.
package main

import (
	"fmt"
	"os"

	"github.com/workflows-mcp/mcp-bridge/bench/internal/trivial"
)

func main() {
	if err := trivial.Serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}
