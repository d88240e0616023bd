package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
	"github.com/workflows-mcp/mcp-bridge/tools"
)

type definitionResult struct {
	sizes         []bench.DefinitionSize
	view, full    bench.SizeSummary
	readOnlyView  bench.SizeSummary // with --read-only
	largestByView []bench.DefinitionSize
}

func measureDefinitions() (definitionResult, error) {
	var r definitionResult
	sizesOf := func(opts tools.Options) ([]bench.DefinitionSize, error) {
		defs, err := tools.Definitions(opts)
		if err != nil {
			return nil, err
		}
		return bench.DefinitionSizes(defs)
	}
	var err error
	if r.sizes, err = sizesOf(tools.Options{}); err != nil {
		return r, err
	}
	view := func(d bench.DefinitionSize) int { return d.ModelView }
	r.view = bench.SummarizeSizes(r.sizes, view)
	r.full = bench.SummarizeSizes(r.sizes, func(d bench.DefinitionSize) int { return d.Full })
	readOnly, err := sizesOf(tools.Options{ReadOnly: true})
	if err != nil {
		return r, err
	}
	r.readOnlyView = bench.SummarizeSizes(readOnly, view)
	r.largestByView = slices.Clone(r.sizes)
	slices.SortFunc(r.largestByView, func(a, b bench.DefinitionSize) int { return b.ModelView - a.ModelView })
	r.largestByView = r.largestByView[:min(5, len(r.largestByView))]
	return r, nil
}

// memorySample is one process's memory at the points measured.
type memorySample struct {
	idle, afterJourney bench.Memory
	journey            time.Duration
	journeyCalls       int
}

type memoryResult struct {
	baseline, bridge memorySample
}

// settle lets the bridge open its sandbox, which it does in the background once
// it serves, before the idle memory is read.
const settle = 500 * time.Millisecond

// measureMemory starts each server runs times and keeps the median of each figure.
func measureMemory(bins binaries, work string, runs int) (memoryResult, error) {
	env := childEnv(work)
	var base, bridge []memorySample
	for range runs {
		s, err := sampleMemory(bins.baseline, nil, env, false)
		if err != nil {
			return memoryResult{}, fmt.Errorf("baseline: %w", err)
		}
		base = append(base, s)
		s, err = sampleMemory(bins.bridge, []string{"--backend", "sandbox", "--sandbox-data", ":memory:"}, env, true)
		if err != nil {
			return memoryResult{}, fmt.Errorf("mcp-bridge: %w", err)
		}
		bridge = append(bridge, s)
	}
	return memoryResult{baseline: medianSample(base), bridge: medianSample(bridge)}, nil
}

func sampleMemory(bin string, args, env []string, journey bool) (memorySample, error) {
	var s memorySample
	p, err := bench.Start(bin, args, env)
	if err != nil {
		return s, err
	}
	stop := func(err error) (memorySample, error) {
		stopErr := p.Stop(10 * time.Second)
		if err == nil {
			err = stopErr
		}
		return s, err
	}
	if _, err := p.Handshake(); err != nil {
		return stop(err)
	}
	time.Sleep(settle)
	if s.idle, err = p.Memory(); err != nil {
		return stop(err)
	}
	if journey {
		start := time.Now()
		if s.journeyCalls, err = bench.Journey(p.Conn); err != nil {
			return stop(err)
		}
		s.journey = time.Since(start)
		if s.afterJourney, err = p.Memory(); err != nil {
			return stop(err)
		}
	}
	return stop(nil)
}

// medianSample takes the median of each figure separately.
func medianSample(samples []memorySample) memorySample {
	med := func(pick func(memorySample) int64) int64 {
		v := make([]int64, len(samples))
		for i, s := range samples {
			v[i] = pick(s)
		}
		slices.Sort(v)
		return v[(len(v)-1)/2]
	}
	return memorySample{
		idle:         bench.Memory{RSS: med(func(s memorySample) int64 { return s.idle.RSS }), PeakRSS: med(func(s memorySample) int64 { return s.idle.PeakRSS })},
		afterJourney: bench.Memory{RSS: med(func(s memorySample) int64 { return s.afterJourney.RSS }), PeakRSS: med(func(s memorySample) int64 { return s.afterJourney.PeakRSS })},
		journey:      time.Duration(med(func(s memorySample) int64 { return int64(s.journey) })),
		journeyCalls: samples[0].journeyCalls,
	}
}

type callResult struct {
	op   string
	side bench.Side
	res  testing.BenchmarkResult
}

type listRunsResult struct {
	runs int
	res  testing.BenchmarkResult
}

// measureCalls runs the in-process benchmarks with testing.Benchmark.
func measureCalls() ([]callResult, []listRunsResult, error) {
	var calls []callResult
	for _, c := range bench.Cases {
		res := testing.Benchmark(c.Run)
		if res.N == 0 {
			return nil, nil, fmt.Errorf("benchmark %s (%s) failed; go test -run '^$' -bench ToolCall ./bench/ shows why", c.Op, c.Side)
		}
		calls = append(calls, callResult{op: c.Op, side: c.Side, res: res})
	}
	var lists []listRunsResult
	for _, c := range bench.ListRunsCases {
		res := testing.Benchmark(c.Run)
		if res.N == 0 {
			return nil, nil, fmt.Errorf("benchmark of listing runs with %d stored failed; go test -run '^$' -bench SandboxListRuns ./bench/ shows why", c.Runs)
		}
		lists = append(lists, listRunsResult{runs: c.Runs, res: res})
	}
	return calls, lists, nil
}

// measureInit runs "mcp-bridge version" runs times under GODEBUG=inittrace=1 to
// show what the binary does before main, which every start pays.
func measureInit(bins binaries, work string, runs int) (bench.InitSummary, error) {
	var all [][]bench.InitCost
	for range runs {
		costs, err := bench.InitTrace(bins.bridge, []string{"version"}, childEnv(work))
		if err != nil {
			return bench.InitSummary{}, err
		}
		all = append(all, costs)
	}
	return bench.SummarizeInit(all), nil
}
