package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// Subject keys the report compares by.
const (
	keyBaseline = "baseline"
	keyFloor    = "floor"
	keyOurs     = "ours"    // mcp-bridge on the sandbox, :memory:
	keyOursAP   = "ours-ap" // mcp-bridge on the Activepieces backend, against the stub
)

// spawnSubject is one program whose start-up is timed.
type spawnSubject struct {
	name, key string
	peer      bool
	run       func(round int) (bench.Spawned, error)
	failure   string // why it is not measured (a peer that is not installed)
}

type spawnResult struct {
	name, key string
	peer      bool
	summary   bench.Summary
	peak      int64           // median VmHWM just after tools/list; 0 when not read
	list      json.RawMessage // the first tools/list answer
	failure   string
}

// toolsListWire is the tools/list result as the bridge sent it.
type toolsListWire struct {
	bytes, tools int
}

// childEnv is the whole environment of every child: no credentials, so the
// bridge picks the sandbox, and a private home so nothing outside work is touched.
func childEnv(work string) []string {
	return []string{"HOME=" + work, "XDG_STATE_HOME=" + filepath.Join(work, "state")}
}

// activepiecesEnv points the bridge at the stub Activepieces server.
func activepiecesEnv(work, apURL string) []string {
	return append(childEnv(work), "ACTIVEPIECES_URL="+apURL+"/api", "ACTIVEPIECES_API_KEY=dummy-key-for-bench")
}

// spawnSubjects lists every program timed from spawn to tools/list: the
// baselines, the bridge in its configurations, and the peers.
func spawnSubjects(s *setup) []spawnSubject {
	env := childEnv(s.work)
	spawn := func(bin string, args, extra []string) func(int) (bench.Spawned, error) {
		return func(int) (bench.Spawned, error) {
			return bench.SpawnToToolsList(bin, args, append(slices.Clone(env), extra...))
		}
	}
	memory := []string{"--backend", "sandbox", "--sandbox-data", ":memory:"}
	subjects := []spawnSubject{
		{name: "baseline: trivial Go JSON-RPC server", key: keyBaseline, run: spawn(s.bins.baseline, nil, nil)},
		{name: "floor: mcp-go server with one tool", key: keyFloor, run: spawn(s.bins.floor, nil, nil)},
		{name: "mcp-bridge --sandbox-data :memory:", key: keyOurs, run: spawn(s.bins.bridge, memory, nil)},
		{name: "mcp-bridge --sandbox-data FILE (new file)", run: func(round int) (bench.Spawned, error) {
			file := filepath.Join(s.work, fmt.Sprintf("spawn-%d.db", round))
			defer os.Remove(file)
			return spawn(s.bins.bridge, []string{"--backend", "sandbox", "--sandbox-data", file}, nil)(round)
		}},
		{name: "mcp-bridge, stripped build, --sandbox-data :memory:", run: spawn(s.bins.stripped, memory, nil)},
		// The gateway is never called: listing tools needs no engine.
		{name: "mcp-bridge with a dummy iMBRACE key (no sandbox to open)", run: spawn(s.bins.bridge, nil, []string{"IMBRACE_API_KEY=dummy-key-for-bench", "IMBRACE_GATEWAY_URL=http://127.0.0.1:9"})},
		{name: "mcp-bridge on Activepieces (local stub)", key: keyOursAP, run: func(int) (bench.Spawned, error) {
			return bench.SpawnToToolsList(s.bins.bridge, nil, activepiecesEnv(s.work, s.apURL))
		}},
		{name: "mcp-bridge version (spawn to exit, no protocol)", run: func(int) (bench.Spawned, error) {
			d, err := bench.TimeToExit(s.bins.bridge, []string{"version"}, env)
			return bench.Spawned{Elapsed: d}, err
		}},
	}
	for _, p := range s.peers {
		sub := spawnSubject{name: peerLabel(p), key: p.name, peer: true}
		bin, args, extra, err := p.launch(s.node, s.n8nURL)
		if err != nil {
			sub.failure = err.Error()
		} else {
			sub.run = spawn(bin, args, extra)
		}
		subjects = append(subjects, sub)
	}
	return subjects
}

func peerLabel(p peer) string {
	if p.version == "" {
		return p.name
	}
	return p.name + " " + p.version
}

// measureSpawns times each subject n times, in rounds that rotate the order so
// no subject always follows another; one untimed round warms the page cache. A
// peer that fails is reported as failed; the bridge failing stops the run.
func measureSpawns(subjects []spawnSubject, n int) ([]spawnResult, error) {
	out := make([]spawnResult, len(subjects))
	samples := make([][]time.Duration, len(subjects))
	peaks := make([][]int64, len(subjects))
	for i, s := range subjects {
		out[i] = spawnResult{name: s.name, key: s.key, peer: s.peer, failure: s.failure}
	}
	for round := -1; round < n; round++ {
		for k := range subjects {
			i := (k + max(round, 0)) % len(subjects)
			if out[i].failure != "" {
				continue
			}
			sp, err := subjects[i].run(round)
			if err != nil {
				if !subjects[i].peer {
					return nil, fmt.Errorf("%s: %w", subjects[i].name, err)
				}
				out[i].failure = err.Error()
				progress("%s failed: %v (the rest goes on)", subjects[i].name, err)
				continue
			}
			if out[i].list == nil {
				out[i].list = sp.List
			}
			if round >= 0 {
				samples[i] = append(samples[i], sp.Elapsed)
				peaks[i] = append(peaks[i], sp.Memory.PeakRSS)
			}
		}
	}
	for i := range out {
		out[i].summary = bench.Summarize(samples[i])
		out[i].peak = medianInt(peaks[i])
	}
	return out, nil
}

// medianInt is the lower median of v, 0 for none.
func medianInt(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	return s[(len(s)-1)/2]
}

// findSpawn returns the result with key, if any.
func findSpawn(results []spawnResult, key string) (spawnResult, bool) {
	for _, r := range results {
		if r.key == key {
			return r, true
		}
	}
	return spawnResult{}, false
}

// wireOf counts the tools and bytes of the bridge's tools/list answer.
func wireOf(results []spawnResult) (toolsListWire, error) {
	r, ok := findSpawn(results, keyOurs)
	if !ok || r.list == nil {
		return toolsListWire{}, nil
	}
	n, err := bench.ListedTools(r.list)
	return toolsListWire{bytes: len(r.list), tools: n}, err
}
