// Command report measures mcp-bridge against the brief's leanness targets in one
// run and prints the results as Markdown for docs/benchmarks.md: spawn to
// tools/list over stdio, bytes of tool definition per tool, resident memory idle
// and after an agent journey, in-process tool-call cost next to the raw client,
// and binary size. Times are also given as ratios to a baseline measured in the
// same run, so the noise of a shared machine cancels out.
//
// Run it from the repository root: go run ./bench/report (or bench/run.sh).
package main

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"
)

func main() {
	testing.Init() // testing.Benchmark reads the test flags
	spawns := flag.Int("n", 40, "spawns per subject for the start-up measurement")
	memoryRuns := flag.Int("memory-runs", 3, "processes measured for memory (the median is reported)")
	benchtime := flag.Duration("benchtime", time.Second, "time each in-process benchmark runs")
	flag.Parse()
	if *spawns < 1 || *memoryRuns < 1 || *benchtime <= 0 {
		fmt.Fprintln(os.Stderr, "report: -n and -memory-runs must be at least 1 and -benchtime positive")
		os.Exit(2)
	}
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if err := run(*spawns, *memoryRuns); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// run takes every measurement, then prints the report; progress goes to stderr.
func run(spawns, memoryRuns int) error {
	work, err := os.MkdirTemp("", "mcp-bridge-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	var r report
	if r.env, err = describeEnvironment(); err != nil {
		return err
	}
	progress("building the binaries")
	bins, err := build(work)
	if err != nil {
		return err
	}
	r.sizes = bins.sizes
	progress("spawning each subject %d times", spawns)
	if r.spawn, r.toolsList, err = measureSpawns(bins, work, spawns); err != nil {
		return err
	}
	progress("tracing package initialisation")
	if r.init, err = measureInit(bins, work, min(spawns, 10)); err != nil {
		return err
	}
	progress("measuring tool definitions")
	if r.defs, err = measureDefinitions(); err != nil {
		return err
	}
	progress("measuring memory (%d processes each)", memoryRuns)
	if r.memory, err = measureMemory(bins, work, memoryRuns); err != nil {
		return err
	}
	progress("running the in-process benchmarks")
	if r.calls, r.listRuns, err = measureCalls(); err != nil {
		return err
	}
	r.spawns = spawns
	r.env.loadEnd = loadAverage()
	r.write(os.Stdout)
	return nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
