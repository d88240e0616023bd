package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/backend"
)

// listFlowsCount is how many flows (and n8n workflows) the list calls return.
const listFlowsCount = 20

// Keys of the list-call subjects.
const (
	keyOursClient = "ours-client" // the bridge's Go client, in-process
	keyOursList   = "ours-list"   // list_flows through the bridge over stdio
	keyAPDirect   = "ap-direct"   // a plain Go GET of the Activepieces stub
	keyN8nDirect  = "n8n-direct"  // a plain Go GET of the n8n stub
	keyN8nList    = "n8n-list"    // n8n_list_workflows through n8n-mcp over stdio
)

// listSubject is one way to list 20 flows: call is safe for concurrent use.
type listSubject struct {
	name, key string
	stub      *bench.Stub
	call      func() error
	failure   string
	stop      func()
}

type listResult struct {
	name, key string
	seq, par  bench.LoadResult // 1 in flight, inFlight in flight
	upstream  float64          // requests to the stub per call
	failure   string
}

// measureListCalls lists 20 realistic flows through every subject, calls times
// with one call in flight and calls times with inFlight, in rounds that rotate
// the subjects. A peer that fails is reported as failed; the bridge failing
// stops the run.
func measureListCalls(s *setup, calls, inFlight, rounds int) ([]listResult, error) {
	subjects, err := listSubjects(s)
	defer func() {
		for i := len(subjects) - 1; i >= 0; i-- {
			if subjects[i].stop != nil {
				subjects[i].stop()
			}
		}
	}()
	if err != nil {
		return nil, err
	}
	out := make([]listResult, len(subjects))
	for i, sub := range subjects {
		out[i] = listResult{name: sub.name, key: sub.key, failure: sub.failure}
		if sub.failure == "" { // warm up: connections, project discovery, JIT
			if _, err := bench.Load(10, 1, func(int) error { return sub.call() }); err != nil {
				out[i].failure = "warming up: " + err.Error()
			}
			sub.stub.Counts()
		}
	}
	rounds = max(1, min(rounds, calls))
	requests := make([]int, len(subjects))
	for round := range rounds {
		batch := calls / rounds
		if round < calls%rounds {
			batch++
		}
		for k := range subjects {
			i := (k + round) % len(subjects)
			if out[i].failure != "" {
				continue
			}
			call := func(int) error { return subjects[i].call() }
			seq, err := bench.Load(batch, 1, call)
			if err == nil {
				var par bench.LoadResult
				par, err = bench.Load(batch, inFlight, call)
				out[i].par.Add(par)
			}
			out[i].seq.Add(seq)
			for _, n := range subjects[i].stub.Counts() {
				requests[i] += n
			}
			if err != nil {
				if subjects[i].key == keyOursClient || subjects[i].key == keyOursList {
					return nil, fmt.Errorf("%s: %w", subjects[i].name, err)
				}
				out[i].failure = err.Error()
				progress("%s failed: %v (the rest goes on)", subjects[i].name, err)
			}
		}
	}
	for i := range out {
		if n := len(out[i].seq.Latencies) + len(out[i].par.Latencies); n > 0 {
			out[i].upstream = float64(requests[i]) / float64(n)
		}
	}
	return out, nil
}

// listSubjects starts the stubs and the servers. The stops it returns must be
// called even when it fails.
func listSubjects(s *setup) ([]listSubject, error) {
	apStub, n8nStub := bench.NewActivepiecesStub(listFlowsCount), bench.NewN8nStub(listFlowsCount)
	ap, n8n := httptest.NewServer(apStub), httptest.NewServer(n8nStub)
	subjects := []listSubject{{name: "mcp-bridge's Go client, ListFlows in-process (no MCP)", key: keyOursClient, stub: apStub, stop: ap.Close}}
	opened, err := backend.Open(backend.Activepieces, backend.Settings{Activepieces: backend.ActivepiecesSettings{URL: ap.URL + "/api", APIKey: "dummy-key-for-bench"}}, backend.Options{})
	if err != nil {
		return subjects, err
	}
	subjects[0].call = func() error {
		page, err := opened.Client.ListFlows(context.Background(), client.ListFlowsParams{ProjectID: bench.StubProjectID, Page: client.Page{Limit: listFlowsCount}})
		if err == nil && len(page.Data) != listFlowsCount {
			err = fmt.Errorf("ListFlows returned %d flows, want %d", len(page.Data), listFlowsCount)
		}
		return err
	}

	ours := listSubject{name: "mcp-bridge list_flows over stdio (Activepieces stub)", key: keyOursList, stub: apStub}
	p, err := bench.Start(s.bins.bridge, nil, activepiecesEnv(s.work, ap.URL))
	if err != nil {
		return append(subjects, ours), err
	}
	ours.stop = func() { p.Stop(stopGrace) }
	subjects = append(subjects, ours)
	if _, err := p.Handshake(); err != nil {
		return subjects, fmt.Errorf("%s: %w", ours.name, err)
	}
	mux := bench.NewMux(p.Conn)
	subjects[1].call = func() error {
		res, err := mux.CallTool("list_flows", map[string]any{"limit": listFlowsCount})
		if err != nil {
			return err
		}
		return countListed(res, listFlowsCount)
	}

	hc := &http.Client{}
	subjects = append(subjects,
		listSubject{name: "plain Go GET of the Activepieces stub's /api/v1/flows (no MCP, untyped decoding)", key: keyAPDirect, stub: apStub,
			call: plainGet(hc, ap.URL+"/api/v1/flows?limit=20&projectId="+bench.StubProjectID, "Authorization", "Bearer dummy-key-for-bench")},
		listSubject{name: "plain Go GET of the n8n stub's /api/v1/workflows (no MCP, untyped decoding)", key: keyN8nDirect, stub: n8nStub, stop: n8n.Close,
			call: plainGet(hc, n8n.URL+"/api/v1/workflows?limit=20&excludePinnedData=true", "X-N8N-API-KEY", "dummy-key-for-bench")})
	return append(subjects, n8nSubject(s, n8n.URL, n8nStub)), nil
}

// plainGet is a call that GETs url with one header and decodes the page's
// items as raw JSON: the least a client can do with the answer.
func plainGet(hc *http.Client, url, header, value string) func() error {
	return func() error {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		req.Header.Set(header, value)
		res, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		var page struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		if len(page.Data) != listFlowsCount {
			return fmt.Errorf("GET %s: %d items, want %d", url, len(page.Data), listFlowsCount)
		}
		return nil
	}
}

// n8nSubject starts n8n-mcp against the n8n stub; a failure is the subject's.
func n8nSubject(s *setup, n8nURL string, stub *bench.Stub) listSubject {
	sub := listSubject{name: "n8n-mcp n8n_list_workflows over stdio (n8n stub)", key: keyN8nList, stub: stub}
	var n8nPeer peer
	for _, p := range s.peers {
		if p.name == "n8n-mcp" {
			n8nPeer = p
		}
	}
	bin, args, env, err := n8nPeer.launch(s.node, n8nURL)
	if err != nil {
		sub.failure = err.Error()
		return sub
	}
	p, err := bench.Start(bin, args, append(childEnv(s.work), env...))
	if err != nil {
		sub.failure = err.Error()
		return sub
	}
	sub.stop = func() { p.Stop(stopGrace) }
	if _, err := p.Handshake(); err != nil {
		sub.failure = err.Error()
		return sub
	}
	mux := bench.NewMux(p.Conn)
	sub.call = func() error {
		res, err := mux.CallTool("n8n_list_workflows", map[string]any{"limit": listFlowsCount})
		if err != nil {
			return err
		}
		return countN8nListed(res, listFlowsCount)
	}
	return sub
}

// stopGrace is how long a server may take to exit once its stdin is closed.
const stopGrace = 10 * time.Second

// countListed checks that a list_flows result lists want flows.
func countListed(result json.RawMessage, want int) error {
	var r struct {
		StructuredContent struct {
			Flows []json.RawMessage `json:"flows"`
		} `json:"structuredContent"`
	}
	if err := json.Unmarshal(result, &r); err != nil {
		return err
	}
	if n := len(r.StructuredContent.Flows); n != want {
		return fmt.Errorf("list_flows listed %d flows, want %d: %.300s", n, want, result)
	}
	return nil
}

// countN8nListed checks that an n8n_list_workflows result, JSON in its text
// content, lists want workflows.
func countN8nListed(result json.RawMessage, want int) error {
	var r struct {
		Content []struct {
			Text string `json:"text"`
		} `json:"content"`
	}
	if err := json.Unmarshal(result, &r); err != nil || len(r.Content) == 0 {
		return fmt.Errorf("n8n_list_workflows: no text content in %.300s", result)
	}
	var body struct {
		Success bool `json:"success"`
		Data    struct {
			Workflows []json.RawMessage `json:"workflows"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Content[0].Text), &body); err != nil {
		return fmt.Errorf("n8n_list_workflows: the text is not JSON: %.300s", r.Content[0].Text)
	}
	if !body.Success || len(body.Data.Workflows) != want {
		return fmt.Errorf("n8n_list_workflows listed %d workflows (success %v), want %d: %.300s", len(body.Data.Workflows), body.Success, want, r.Content[0].Text)
	}
	return nil
}
