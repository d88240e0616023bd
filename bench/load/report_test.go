package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCountAndPercentiles(t *testing.T) {
	var results []callResult
	for i := 1; i <= 100; i++ {
		results = append(results, callResult{Tool: "get_flow", Latency: time.Duration(i) * time.Millisecond})
	}
	results = append(results,
		callResult{Tool: "get_flow", Latency: time.Hour, Kind: lost},
		callResult{Tool: "create_folder", Latency: time.Millisecond, Kind: mismatched})
	all := count(results, "")
	if all.Calls != 102 || all.Counts[answered] != 100 || all.Counts[lost] != 1 || all.Counts[mismatched] != 1 {
		t.Errorf("counts = %+v", all)
	}
	got := count(results, "get_flow")
	if got.Calls != 101 || got.P50 != 50*time.Millisecond || got.P90 != 90*time.Millisecond ||
		got.P99 != 99*time.Millisecond || got.Max != 100*time.Millisecond {
		t.Errorf("get_flow = %+v, want p50 50ms, p90 90ms, p99 99ms, max 100ms (the lost call's time left out)", got)
	}
	if empty := count(nil, ""); empty != (tally{}) {
		t.Errorf("count(nil) = %+v", empty)
	}
}

// cleanPhase is a run with nothing wrong.
func cleanPhase() phaseResult {
	return phaseResult{
		Transport: "http", Sessions: 2, CallsPerSession: 2,
		Results: []callResult{{Tool: "list_folders"}, {Tool: "create_folder"}, {Tool: "list_folders"}, {Tool: "create_folder"}},
		Before:  sample{RSS: 20 << 20, PeakRSS: 20 << 20, Threads: 8, FDs: 10, CPU: time.Second},
		Rounds: []round{{
			Wall: time.Second, ClientCPU: 100 * time.Millisecond,
			Open:  sample{RSS: 30 << 20, PeakRSS: 31 << 20, Threads: 9, FDs: 14, CPU: 1200 * time.Millisecond},
			After: sample{RSS: 25 << 20, PeakRSS: 31 << 20, Threads: 9, FDs: 11, CPU: 1300 * time.Millisecond},
		}},
		RefGoroutines: 18, Goroutines: 20,
	}
}

func TestDefects(t *testing.T) {
	lim := limits{FDs: 2, Goroutines: 5}
	if found := defects(cleanPhase(), lim); len(found) != 0 {
		t.Errorf("a clean run has defects: %q", found)
	}
	cases := map[string]func(*phaseResult){
		"could not be opened":         func(p *phaseResult) { p.OpenErrors = []error{errors.New("x")}; p.Results = p.Results[:2] },
		"lost":                        func(p *phaseResult) { p.Results[0].Kind = lost },
		"not theirs":                  func(p *phaseResult) { p.Results[1].Kind = mismatched },
		"with an error":               func(p *phaseResult) { p.Results[2].Kind = failed },
		"calls made, want 4":          func(p *phaseResult) { p.Results = p.Results[:3] },
		"13 open file descriptors":    func(p *phaseResult) { p.Rounds[0].After.FDs = 13 },
		"7 open file descriptors":     func(p *phaseResult) { p.Rounds[0].After.FDs = 7 },
		"24 goroutines after closing": func(p *phaseResult) { p.Goroutines = 24 },
	}
	for want, spoil := range cases {
		p := cleanPhase()
		spoil(&p)
		found := defects(p, lim)
		if len(found) != 1 || !strings.Contains(found[0], want) {
			t.Errorf("want one defect saying %q, got %q", want, found)
		}
	}
}

func TestReport(t *testing.T) {
	bad := cleanPhase()
	bad.Transport = "sse"
	bad.Results[1] = callResult{Tool: "create_folder", Kind: mismatched, Detail: "create_folder {}: displayName = \"load-s4-1\""}
	bad.Warnings, bad.WarnSamples = 1, []string{`{"level":"ERROR","msg":"write failed"}`}
	var out strings.Builder
	env := environment{Start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), GoVersion: "go1.26", Platform: "linux/amd64", Cores: 2,
		LoadStart: "0.5", LoadEnd: "1.5", Commit: "abc1234"}
	env.End = env.Start.Add(time.Minute)
	cfg := config{httpSessions: 2, sseSessions: 2, calls: 2, rounds: 1}
	writeReport(&out, env, cfg, []phaseResult{cleanPhase(), bad}, defects(bad, limits{FDs: 2, Goroutines: 5}))
	for _, want := range []string{
		"## Load",
		"Measured 2026-12-01 10:00 UTC · go1.26 linux/amd64 · 2 cores · load average 0.5 at the start, 1.5 at the end · commit abc1234 · 1m0s",
		"-http-sessions 2 -sse-sessions 2 -calls 2 -rounds 1",
		// 4 calls in 1 s; the bridge used 0.2 s of CPU during the round, the client 0.1 s.
		"| Streamable HTTP | 1 × 2 × 2 | 4 | 4 | 0 | 0 | 0 | 0.0 ms | 0.0 ms | 0.0 ms | 0.0 ms | 4 | 50.00 ms | 25.00 ms |",
		"| SSE | 1 × 2 × 2 | 4 | 3 | 0 | 0 | 1 |",
		"| Streamable HTTP | create_folder | 2 |",
		"| Streamable HTTP | round 1: all 2 sessions open, calls done | 30.0 MiB | 31.0 MiB | 9 | 14 |  |",
		"| Streamable HTTP | round 1: sessions closed, settled | 25.0 MiB | 31.0 MiB | 9 | 11 | 20 |",
		"| Streamable HTTP | **growth, all rounds** | **+5.0 MiB** | | **+1** | **+1** | **+2** |",
		"- SSE: 1 of 4 calls answered with something not theirs",
		`    mismatched: create_folder {}: displayName = "load-s4-1"`,
		`    {"level":"ERROR","msg":"write failed"}`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "None:") {
		t.Error("a report with a defect says None")
	}
}

// TestRoundsGrowth checks that a second round is reported against the first,
// which is what tells kept memory from a leak.
func TestRoundsGrowth(t *testing.T) {
	p := cleanPhase()
	second := p.Rounds[0]
	second.After.RSS, second.After.FDs = 26<<20, 10
	p.Rounds = append(p.Rounds, second)
	p.Results = append(p.Results, p.Results...)
	if found := defects(p, limits{FDs: 2, Goroutines: 5}); len(found) != 0 {
		t.Errorf("two clean rounds have defects: %q", found)
	}
	var out strings.Builder
	writeProcess(&out, []phaseResult{p})
	for _, want := range []string{
		"| Streamable HTTP | **growth over round 1** | **+5.0 MiB** | | **+1** | **+1** |  |",
		"| Streamable HTTP | **growth over round 2** | **+1.0 MiB** | | **+0** | **-1** |  |",
		"| Streamable HTTP | **growth, all rounds** | **+6.0 MiB** | | **+1** | **+0** | **+2** |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestOneLine(t *testing.T) {
	if got := oneLine("a\n  b\tc", 10); got != "a b c" {
		t.Errorf("oneLine = %q", got)
	}
	if got := oneLine(strings.Repeat("x", 20), 5); got != "xxxxx…" {
		t.Errorf("oneLine = %q", got)
	}
}
