package main

import (
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// soakInFlight is how many calls the soak keeps in flight.
const soakInFlight = 8

// soakPoint is the server's memory after some calls.
type soakPoint struct {
	calls  int
	memory bench.Memory
}

type soakResult struct {
	name    string
	key     string
	points  []soakPoint   // the first after the warm-up, the last after every call
	elapsed time.Duration // of the calls after the warm-up
	calls   int           // after the warm-up
}

// measureSoak makes calls tool calls over stdio to the bridge (list_folders
// against the Activepieces stub) and to the floor (echo), soakInFlight at a time,
// reading each server's resident memory after a warm-up and at each quarter.
func measureSoak(s *setup, calls int) ([]soakResult, error) {
	ap := httptest.NewServer(bench.NewActivepiecesStub(listFlowsCount))
	defer ap.Close()
	subjects := []struct {
		name, key, bin, tool string
		args                 map[string]any
		env                  []string
	}{
		{name: "mcp-bridge list_folders (Activepieces stub)", key: keyOurs, bin: s.bins.bridge, tool: "list_folders", args: map[string]any{}, env: activepiecesEnv(s.work, ap.URL)},
		{name: "floor echo", key: keyFloor, bin: s.bins.floor, tool: "echo", args: map[string]any{"text": "hello"}, env: childEnv(s.work)},
	}
	var out []soakResult
	for _, sub := range subjects {
		r, err := soak(sub.bin, sub.env, sub.tool, sub.args, calls)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sub.name, err)
		}
		r.name, r.key = sub.name, sub.key
		out = append(out, r)
	}
	return out, nil
}

func soak(bin string, env []string, tool string, args map[string]any, calls int) (soakResult, error) {
	var r soakResult
	p, err := bench.Start(bin, nil, env)
	if err != nil {
		return r, err
	}
	defer p.Stop(stopGrace)
	if _, err := p.Handshake(); err != nil {
		return r, err
	}
	mux := bench.NewMux(p.Conn)
	call := func(int) error {
		_, err := mux.CallTool(tool, args)
		return err
	}
	total := 0
	for i, n := range soakCheckpoints(calls) {
		load, err := bench.Load(n, soakInFlight, call)
		if err != nil {
			return r, err
		}
		total += n
		if i > 0 { // the rate leaves the warm-up out
			r.elapsed += load.Elapsed
			r.calls += n
		}
		m, err := p.Memory()
		if err != nil {
			return r, err
		}
		r.points = append(r.points, soakPoint{calls: total, memory: m})
	}
	return r, nil
}

// soakCheckpoints splits calls into a warm-up (a tenth, at most 1000) and four
// quarters of what is left; memory is read after each.
func soakCheckpoints(calls int) []int {
	warm := min(1000, max(1, calls/10))
	rest := max(0, calls-warm)
	out := []int{warm}
	for q := range 4 {
		n := rest / 4
		if q < rest%4 {
			n++
		}
		if n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// growth is the change in resident memory from after the warm-up to the end.
func (r soakResult) growth() int64 {
	if len(r.points) < 2 {
		return 0
	}
	return r.points[len(r.points)-1].memory.RSS - r.points[0].memory.RSS
}
