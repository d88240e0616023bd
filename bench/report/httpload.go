package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// httpServer is one server measured over Streamable HTTP.
type httpServer struct {
	name      string
	key       string // keyOurs or keyFloor
	stateless bool
	tool      string
	args      map[string]any
	start     func(addr string) (*bench.Process, error)
}

type httpResult struct {
	name      string
	key       string
	stateless bool
	sessions  int
	load      bench.LoadResult
}

// measureHTTP serves the bridge (list_folders against the Activepieces stub, a
// cheap read) and the floor (echo) over Streamable HTTP, stateful and stateless,
// and makes calls tool calls with each number of concurrent sessions, every
// session one client calling in a loop. Rounds rotate the configurations.
func measureHTTP(s *setup, calls, rounds int, concurrency []int) ([]httpResult, error) {
	ap := httptest.NewServer(bench.NewActivepiecesStub(listFlowsCount))
	defer ap.Close()
	var servers []httpServer
	for _, stateless := range []bool{false, true} {
		ours := []string{"--transport", "http"}
		floor := []string{}
		if stateless {
			ours, floor = append(ours, "--stateless"), append(floor, "-stateless")
		}
		servers = append(servers,
			httpServer{name: "mcp-bridge list_folders", key: keyOurs, stateless: stateless, tool: "list_folders", args: map[string]any{},
				start: func(addr string) (*bench.Process, error) {
					return bench.Start(s.bins.bridge, slices.Concat(ours, []string{"--addr", addr}), activepiecesEnv(s.work, ap.URL))
				}},
			httpServer{name: "floor echo", key: keyFloor, stateless: stateless, tool: "echo", args: map[string]any{"text": "hello"},
				start: func(addr string) (*bench.Process, error) {
					return bench.Start(s.bins.floor, slices.Concat(floor, []string{"-http", addr}), childEnv(s.work))
				}})
	}

	type config struct {
		server   httpServer
		sessions []*bench.HTTPSession
	}
	var configs []config
	var results []httpResult
	for _, srv := range servers {
		addr, err := freeAddr()
		if err != nil {
			return nil, err
		}
		p, err := srv.start(addr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", srv.name, err)
		}
		defer p.Terminate(stopGrace)
		if err := waitListening(addr, 10*time.Second); err != nil {
			return nil, fmt.Errorf("%s: %w", srv.name, err)
		}
		for _, n := range concurrency {
			hc := &http.Client{Transport: &http.Transport{MaxIdleConns: n, MaxIdleConnsPerHost: n}, Timeout: 30 * time.Second}
			c := config{server: srv}
			for range n {
				sess := bench.NewHTTPSession(hc, "http://"+addr+"/mcp")
				if err := sess.Initialize(); err != nil {
					return nil, fmt.Errorf("%s: initialize: %w", srv.name, err)
				}
				if _, err := sess.CallTool(srv.tool, srv.args); err != nil { // warm up
					return nil, fmt.Errorf("%s: %w", srv.name, err)
				}
				c.sessions = append(c.sessions, sess)
			}
			configs = append(configs, c)
			results = append(results, httpResult{name: srv.name, key: srv.key, stateless: srv.stateless, sessions: n})
		}
	}
	rounds = max(1, min(rounds, calls))
	for round := range rounds {
		batch := calls / rounds
		if round < calls%rounds {
			batch++
		}
		for k := range configs {
			i := (k + round) % len(configs)
			c := configs[i]
			load, err := bench.Load(batch, len(c.sessions), func(w int) error {
				_, err := c.sessions[w].CallTool(c.server.tool, c.server.args)
				return err
			})
			if err != nil {
				return nil, fmt.Errorf("%s with %d sessions: %w", c.server.name, len(c.sessions), err)
			}
			results[i].load.Add(load)
		}
	}
	return results, nil
}

// freeAddr returns a loopback address with a port nothing listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), nil
}

// waitListening waits until something accepts connections on addr.
func waitListening(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s after %s: %w", addr, limit, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
