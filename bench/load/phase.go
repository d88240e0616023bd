package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// phaseResult is everything measured about one transport.
type phaseResult struct {
	Transport       string // "http" or "sse"
	Sessions        int    // sessions asked for, in each round
	CallsPerSession int
	OpenErrors      []error // one per session that could not be opened
	Results         []callResult

	Before sample  // the bridge's /proc figures after the warm-up
	Rounds []round // in order
	// Goroutines of a bridge that only did the warm-up, and of the loaded one
	// after settling; both from a SIGQUIT dump.
	RefGoroutines, Goroutines int

	Warnings    int      // WARN and ERROR lines the bridge logged while serving
	WarnSamples []string // the first few
}

// round is one pass of the load: every session opened, run and closed. A second
// pass tells memory the runtime keeps for reuse, which the first pass grows and
// the second reuses, from a leak, which grows with every pass.
type round struct {
	Wall      time.Duration // from the first session opening to the last call's answer
	ClientCPU time.Duration // this process's CPU time over the same span
	Open      sample        // the bridge with every session still open, calls done
	After     sample        // the bridge with every session closed, after settling
}

// after is the bridge's last sample, once every round is over.
func (r phaseResult) after() sample {
	if len(r.Rounds) == 0 {
		return r.Before
	}
	return r.Rounds[len(r.Rounds)-1].After
}

// runPhase measures one transport: a reference bridge for the goroutine count,
// then the loaded bridge, each with its own in-memory sandbox.
func runPhase(ctx context.Context, cfg config, env []string, kind string, sessions int) (phaseResult, error) {
	r := phaseResult{Transport: kind, Sessions: sessions, CallsPerSession: cfg.calls}
	var err error
	progress("%s: reference bridge (warm-up only) for the goroutine count", kind)
	if r.RefGoroutines, err = referenceGoroutines(ctx, cfg, env, kind); err != nil {
		return r, err
	}
	b, err := startBridge(cfg.bin, kind, env)
	if err != nil {
		return r, err
	}
	defer b.stop()
	fx, err := warmUp(ctx, kind, b.URL, cfg.callTimeout)
	if err != nil {
		return r, fmt.Errorf("%s warm-up: %w", kind, err)
	}
	time.Sleep(cfg.settle)
	if r.Before, err = b.sample(); err != nil {
		return r, err
	}
	for n := range cfg.rounds {
		progress("%s: round %d of %d: %d sessions × %d calls against %s", kind, n+1, cfg.rounds, sessions, cfg.calls, b.URL)
		rd, err := load(ctx, cfg, b, fx, n+1, &r)
		if err != nil {
			return r, err
		}
		// Closed connections and ended sessions are let go asynchronously (the
		// server's connection goroutines notice the close when they next read).
		time.Sleep(cfg.settle)
		if rd.After, err = b.sample(); err != nil {
			return r, err
		}
		r.Rounds = append(r.Rounds, rd)
	}
	r.Warnings, r.WarnSamples = b.log.warningsLogged()
	if r.Goroutines, err = b.goroutines(); err != nil {
		return r, err
	}
	return r, nil
}

// referenceGoroutines counts the goroutines of a bridge that did only the
// warm-up and settled, which is what the loaded bridge should come back to.
func referenceGoroutines(ctx context.Context, cfg config, env []string, kind string) (int, error) {
	b, err := startBridge(cfg.bin, kind, env)
	if err != nil {
		return 0, err
	}
	defer b.stop()
	if _, err := warmUp(ctx, kind, b.URL, cfg.callTimeout); err != nil {
		return 0, fmt.Errorf("%s warm-up of the reference bridge: %w", kind, err)
	}
	time.Sleep(cfg.settle)
	return b.goroutines()
}

// warmUp opens one session, creates the fixture flow every session reads, runs
// one round of the script (so every tool it uses has been called once), and
// closes the session.
func warmUp(ctx context.Context, kind, url string, timeout time.Duration) (fixture, error) {
	hc := newHTTPClient(1)
	defer hc.CloseIdleConnections()
	setup, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := connect(ctx, setup, kind, url, hc)
	if err != nil {
		return fixture{}, err
	}
	defer c.Close()
	fx := fixture{FlowName: "load-fixture"}
	req := mcp.CallToolRequest{}
	req.Params.Name = "create_flow"
	req.Params.Arguments = map[string]any{"displayName": fx.FlowName}
	res, err := c.CallTool(setup, req)
	if err != nil {
		return fixture{}, fmt.Errorf("create_flow: %w", err)
	}
	if res.IsError {
		return fixture{}, fmt.Errorf("create_flow: %s", text(res))
	}
	doc, err := decode(res)
	if err == nil {
		fx.FlowID, err = expect(doc, "displayName", fx.FlowName)
	}
	if err != nil {
		return fixture{}, fmt.Errorf("create_flow: %w", err)
	}
	s := &script{session: "warmup", fx: fx}
	for _, r := range s.run(ctx, c, cycle, timeout) {
		if r.Kind != answered {
			return fixture{}, errors.New(r.Detail)
		}
	}
	return fx, nil
}

// load runs round n: it opens r.Sessions sessions at once, each making its calls
// one after another; waits for all of them; samples the bridge with every
// session still open; then closes them all and drops the client's idle
// connections, so that nothing on the client side holds a server file
// descriptor. Calls and failures are added to r.
func load(ctx context.Context, cfg config, b *bridge, fx fixture, n int, r *phaseResult) (round, error) {
	hc := newHTTPClient(r.Sessions)
	clients := make([]*mcpclient.Client, r.Sessions)
	results := make([][]callResult, r.Sessions)
	openErrs := make([]error, r.Sessions)
	var wg sync.WaitGroup
	start, cpu := time.Now(), ownCPU()
	for i := range r.Sessions {
		wg.Go(func() {
			setup, cancel := context.WithTimeout(ctx, cfg.callTimeout)
			defer cancel()
			c, err := connect(ctx, setup, r.Transport, b.URL, hc)
			if err != nil {
				openErrs[i] = fmt.Errorf("round %d, session %d: %w", n, i, err)
				return
			}
			clients[i] = c
			// Unique across rounds too: a session leaves its last folder behind.
			s := &script{session: fmt.Sprintf("%s%d.%d", r.Transport[:1], n, i), fx: fx}
			results[i] = s.run(ctx, c, cfg.calls, cfg.callTimeout)
		})
	}
	wg.Wait()
	rd := round{Wall: time.Since(start), ClientCPU: ownCPU() - cpu}
	var err error
	rd.Open, err = b.sample()
	closeAll(clients)
	hc.CloseIdleConnections()
	for i := range r.Sessions {
		if openErrs[i] != nil {
			r.OpenErrors = append(r.OpenErrors, openErrs[i])
		}
		r.Results = append(r.Results, results[i]...)
	}
	return rd, err
}

// ownCPU is the CPU time this process has used: the client shares the two
// cores with the bridge, so its cost is part of what the latencies measure.
func ownCPU() time.Duration {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	d, _ := parseCPU(string(stat))
	return d
}

// closeAll closes every open session at once: a Streamable HTTP session sends
// DELETE, an SSE session drops its stream.
func closeAll(clients []*mcpclient.Client) {
	var wg sync.WaitGroup
	for _, c := range clients {
		if c != nil {
			wg.Go(func() { c.Close() })
		}
	}
	wg.Wait()
}

// newHTTPClient returns a client whose pool keeps one idle connection per
// session, as that many separate clients would, instead of net/http's default
// of two, which would open and close a connection for nearly every call. It
// never uses a proxy: the bridge is on loopback.
func newHTTPClient(sessions int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: sessions + 4,
		IdleConnTimeout:     time.Minute,
	}}
}
