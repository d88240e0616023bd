package bench

import (
	"fmt"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// BenchmarkToolCall times each tool call in-process next to the raw client calls
// it wraps: go test -run '^$' -bench ToolCall -benchmem ./bench/
func BenchmarkToolCall(b *testing.B) {
	for _, c := range Cases {
		b.Run(c.Op+"/"+string(c.Side), c.Run)
	}
}

// BenchmarkSandboxListRuns times the sandbox's run listing as runs pile up:
// go test -run '^$' -bench SandboxListRuns -benchmem ./bench/
func BenchmarkSandboxListRuns(b *testing.B) {
	for _, c := range ListRunsCases {
		b.Run(fmt.Sprintf("runs=%d", c.Runs), c.Run)
	}
}

// BenchmarkDefinitions times building the catalogue's definitions, which the
// server does once at start.
func BenchmarkDefinitions(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tools.Definitions(tools.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
