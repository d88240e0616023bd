package main

import (
	"encoding/json"
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

// The peer sections: a peer that failed says why, ratios divide the bridge by
// the peer, and the overheads subtract the direct call.
func TestReportPeers(t *testing.T) {
	list := func(n int) json.RawMessage {
		tools := make([]string, n)
		for i := range tools {
			tools[i] = `{"name":"t","description":"d","inputSchema":{"type":"object"}}`
		}
		return json.RawMessage(`{"tools":[` + strings.Join(tools, ",") + `]}`)
	}
	lat := func(d time.Duration, n int) bench.LoadResult {
		l := make([]time.Duration, n)
		for i := range l {
			l[i] = d
		}
		return bench.LoadResult{Latencies: l, Elapsed: time.Duration(n) * d / 2}
	}
	r := report{
		settings: settings{spawns: 3, inFlight: 8, listCalls: 4, httpCalls: 4, rssCalls: 100, rounds: 2},
		peers:    []peer{{name: "github-mcp-server", version: "v1.0.0"}, {name: "n8n-mcp", failure: "npm ci: E404"}},
		spawn: []spawnResult{
			{name: "baseline", key: keyBaseline, summary: bench.Summary{Median: time.Millisecond, P90: time.Millisecond}},
			{name: "ours", key: keyOurs, summary: bench.Summary{Median: 10 * time.Millisecond, P90: 20 * time.Millisecond}, peak: 20 << 20, list: list(2)},
			{name: "floor", key: keyFloor, summary: bench.Summary{Median: 5 * time.Millisecond, P90: 5 * time.Millisecond}, peak: 10 << 20, list: list(1)},
			{name: "github-mcp-server v1.0.0", key: "github-mcp-server", peer: true, summary: bench.Summary{Median: 20 * time.Millisecond, P90: 40 * time.Millisecond}, peak: 40 << 20, list: list(4)},
			{name: "n8n-mcp", key: "n8n-mcp", peer: true, failure: "npm ci: E404"},
		},
		lists: []listResult{
			{name: "client", key: keyOursClient, seq: lat(2*time.Millisecond, 4), par: lat(4*time.Millisecond, 4)},
			{name: "tool", key: keyOursList, seq: lat(3*time.Millisecond, 4), par: lat(6*time.Millisecond, 4), upstream: 1},
			{name: "n8n-mcp list", key: keyN8nList, failure: "SSRF"},
		},
		http: []httpResult{
			{name: "ours", key: keyOurs, sessions: 8, load: bench.LoadResult{Latencies: make([]time.Duration, 100), Elapsed: time.Second}},
			{name: "floor", key: keyFloor, sessions: 8, load: bench.LoadResult{Latencies: make([]time.Duration, 400), Elapsed: time.Second}},
		},
		soak: []soakResult{{name: "ours", points: []soakPoint{{calls: 10, memory: bench.Memory{RSS: 10 << 20}}, {calls: 100, memory: bench.Memory{RSS: 11 << 20}}}, calls: 90, elapsed: time.Second}},
	}
	var out strings.Builder
	r.writePeers(&out)
	r.writeSpawn(&out)
	r.writeVersusPeers(&out)
	r.writeLists(&out)
	r.writeHTTP(&out)
	r.writeSoak(&out)
	for _, want := range []string{
		"| n8n-mcp |  | no: npm ci: E404 |  |",
		"| n8n-mcp | not measured: npm ci: E404 |",
		"| ours | github-mcp-server v1.0.0 | 0.50 | 0.50 | 0.50 |",
		"| ours | n8n-mcp | not measured |",
		"| tool | 3.0 ms | 3.0 ms | 6.0 ms | 6.0 ms | 333 | 1.00 |",
		"| n8n-mcp list | not measured: SSRF |",
		"Bridge overhead, p50 at 1 in flight: list_flows over stdio 3.0 ms − the Go client's ListFlows 2.0 ms = 1.0 ms (1.50 times the direct call).",
		"| ours | stateful | 8 | 0.0 ms | 0.0 ms | 100 | 0.25 |",
		"ours: RSS grew +1.0 MiB from after the warm-up to the end; 90 calls/s after the warm-up.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}
