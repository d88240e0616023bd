package main

import (
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// The report divides by the right baseline: the first spawn subject, and the
// client call of the same tool.
func TestReportRatios(t *testing.T) {
	r := report{
		env:      environment{when: time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC), goVer: "go1.26.8", platform: "linux/amd64", cores: 2, cpu: "CPU", commit: "abc1234", loadStart: "0.50", loadEnd: "1.25"},
		settings: settings{spawns: 3, inFlight: 8, listCalls: 10, rounds: 2},
		spawn: []spawnResult{
			{name: "baseline", summary: bench.Summary{N: 3, Median: 2 * time.Millisecond, P90: 4 * time.Millisecond}},
			{name: "bridge", summary: bench.Summary{N: 3, Median: 20 * time.Millisecond, P90: 30 * time.Millisecond}},
		},
		init: bench.InitSummary{Total: 11 * time.Millisecond, Packages: []bench.InitCost{{Package: "tools", Clock: 6 * time.Millisecond}}},
		calls: []callResult{
			{op: "list_flows", side: bench.SideBridge, res: testing.BenchmarkResult{N: 10, T: 30 * time.Microsecond, MemAllocs: 200, MemBytes: 1000}},
			{op: "list_flows", side: bench.SideClient, res: testing.BenchmarkResult{N: 10, T: 20 * time.Microsecond, MemAllocs: 100, MemBytes: 500}},
		},
		memory: memoryResult{baseline: memorySample{idle: bench.Memory{RSS: 2 << 20}}, bridge: memorySample{idle: bench.Memory{RSS: 20 << 20}, afterJourney: bench.Memory{RSS: 24 << 20}, journeyCalls: 13}},
	}
	var out strings.Builder
	r.write(&out)
	for _, want := range []string{
		"Measured 2026-11-27 11:00 UTC · go1.26.8 linux/amd64 · 2 cores (CPU) · load average 0.50 at the start, 1.25 at the end · commit abc1234",
		"| bridge | 20.0 ms | 30.0 ms | 0.0 ms | 0.0 ms | 10.00 | 7.50 | – |",
		"11.0 ms in all; largest tools 6.0 ms.",
		"| list_flows | bridge | 3000 | 20 | 100 | 1.50 | 2.00 |",
		"Ratio to the baseline's RSS: 10.0 idle, 12.0 after the journey. The journey (13 tool calls over stdio)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}
