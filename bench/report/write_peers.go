package main

import (
	"fmt"
	"io"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

func (r *report) writePeers(w io.Writer) {
	fmt.Fprintln(w, "### Subjects")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| peer | version | measured | note |")
	fmt.Fprintln(w, "|---|---|---|---|")
	fmt.Fprintln(w, "| floor: bench/floor, mcp-go with one tool (echo) | the bridge's mcp-go | yes, built in this run | |")
	for _, p := range r.peers {
		state := "yes"
		if p.failure != "" {
			state = "no: " + oneLine(p.failure)
		} else if s, ok := findSpawn(r.spawn, p.name); ok && s.failure != "" {
			state = "no: " + oneLine(s.failure)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", p.name, p.version, state, p.note)
	}
	node := r.env.node
	if node == "" {
		node = "none found"
	}
	fmt.Fprintf(w, "\nThe npm peers run on Node.js %s. n8n-mcp is pointed at a stub n8n API (N8N_API_URL, N8N_API_KEY, WEBHOOK_SECURITY_MODE=moderate so that it may reach localhost, telemetry off), so its workflow tools are listed; github-mcp-server gets a dummy token and the `stdio` command; server-everything the `stdio` transport.\n\n", node)
}

// versusRow is one comparison of the bridge with another server.
func ratioCell(ours, peer float64) string {
	if ours <= 0 || peer <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", ours/peer)
}

func (r *report) writeVersusPeers(w io.Writer) {
	fmt.Fprintln(w, "### mcp-bridge ÷ each peer (below 1: the bridge is faster or smaller)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| mcp-bridge | ÷ peer | spawn → tools/list, median | p90 | peak RSS (VmHWM) | model bytes per tool | whole tools/list |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
	for _, oursKey := range []string{keyOurs, keyOursAP} {
		ours, ok := findSpawn(r.spawn, oursKey)
		if !ok || ours.failure != "" {
			continue
		}
		oursView := catalogueOf(ours)
		for _, peerRes := range r.spawn {
			if peerRes.key != keyFloor && !peerRes.peer {
				continue
			}
			if peerRes.failure != "" {
				fmt.Fprintf(w, "| %s | %s | not measured | | | | |\n", ours.name, peerRes.name)
				continue
			}
			pv := catalogueOf(peerRes)
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", ours.name, peerRes.name,
				ratioCell(float64(ours.summary.Median), float64(peerRes.summary.Median)),
				ratioCell(float64(ours.summary.P90), float64(peerRes.summary.P90)),
				ratioCell(float64(ours.peak), float64(peerRes.peak)),
				ratioCell(float64(oursView.view.Average), float64(pv.view.Average)),
				ratioCell(float64(len(ours.list)), float64(len(peerRes.list))))
		}
	}
	fmt.Fprintln(w)
}

// catalogue is one server's tools/list, measured from the wire.
type catalogue struct {
	tools, bytes int
	view, full   bench.SizeSummary
	err          error
}

func catalogueOf(s spawnResult) catalogue {
	sizes, err := bench.WireToolSizes(s.list)
	if err != nil {
		return catalogue{err: err}
	}
	return catalogue{
		tools: len(sizes), bytes: len(s.list),
		view: bench.SummarizeSizes(sizes, func(d bench.DefinitionSize) int { return d.ModelView }),
		full: bench.SummarizeSizes(sizes, func(d bench.DefinitionSize) int { return d.Full }),
	}
}

func (r *report) writeCatalogues(w io.Writer) {
	fmt.Fprintln(w, "### Tool catalogues as each server sent them (tools/list)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| server | tools | whole tools/list result | name + description + inputSchema per tool, average | largest | total | whole entry per tool, average |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, s := range r.spawn {
		if s.key == "" || s.key == keyBaseline || s.failure != "" {
			continue
		}
		c := catalogueOf(s)
		if c.err != nil {
			fmt.Fprintf(w, "| %s | could not be measured: %s | | | | | |\n", s.name, oneLine(c.err.Error()))
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d B | %d B | %d B (%s) | %d B | %d B |\n", s.name, c.tools, c.bytes, c.view.Average, c.view.Max, c.view.MaxName, c.view.Total, c.full.Average)
	}
	fmt.Fprintln(w, "\nPer-tool bytes are compact JSON of the tool as the server sent it (Go's encoder, so `<`, `>` and `&` count as \\u escapes, as in the table below).")
	fmt.Fprintln(w)
}

func (r *report) writeLists(w io.Writer) {
	st := r.settings
	fmt.Fprintf(w, "### Listing %d realistic flows through a stub upstream (%d calls per subject at 1 in flight, %d at %d in flight, %d interleaved rounds)\n\n",
		listFlowsCount, st.listCalls, st.listCalls, st.inFlight, st.rounds)
	fmt.Fprintf(w, "The stubs answer every list with the same page: %d flows from Activepieces in %d bytes (each a trigger and 3 to 6 steps, with nulls and fields the bridge's models do not know), %d workflows from n8n in %d bytes (4 to 7 nodes each).\n\n",
		listFlowsCount, len(bench.ActivepiecesFlowsPage(listFlowsCount)), listFlowsCount, len(bench.N8nWorkflowsPage(listFlowsCount)))
	fmt.Fprintf(w, "| subject | p50, 1 in flight | p90 | p50, %d in flight | p90 | calls/s, %d in flight | upstream requests per call |\n", st.inFlight, st.inFlight)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	byKey := map[string]listResult{}
	for _, l := range r.lists {
		if l.failure != "" {
			fmt.Fprintf(w, "| %s | not measured: %s | | | | | |\n", l.name, oneLine(l.failure))
			continue
		}
		byKey[l.key] = l
		seq, par := bench.Summarize(l.seq.Latencies), bench.Summarize(l.par.Latencies)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %.2f |\n", l.name, ms(seq.Median), ms(seq.P90), ms(par.Median), ms(par.P90), l.par.PerSecond(), l.upstream)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The Go client and the plain GETs run inside the report's own process, beside the stubs and everything the report keeps; the MCP servers run in their own processes. Each client uses Go's default HTTP transport, as the bridge does, which keeps 2 idle connections per host.")
	fmt.Fprintln(w)
	p50 := func(key string) (time.Duration, bool) {
		l, ok := byKey[key]
		return bench.Summarize(l.seq.Latencies).Median, ok
	}
	if tool, ok := p50(keyOursList); ok {
		if direct, ok := p50(keyOursClient); ok {
			fmt.Fprintf(w, "Bridge overhead, p50 at 1 in flight: list_flows over stdio %s − the Go client's ListFlows %s = %s (%.2f times the direct call).\n",
				ms(tool), ms(direct), ms(tool-direct), bench.Ratio(tool, direct))
		}
		if get, ok := p50(keyAPDirect); ok {
			if direct, ok := p50(keyOursClient); ok {
				fmt.Fprintf(w, "The Go client's ListFlows (typed decoding of every flow) ÷ a plain GET of the same page: %.2f (%s more).\n", bench.Ratio(direct, get), ms(direct-get))
			}
		}
		if peer, ok := p50(keyN8nList); ok {
			if direct, ok := p50(keyN8nDirect); ok {
				fmt.Fprintf(w, "n8n-mcp's overhead, the same way: n8n_list_workflows %s − a plain GET %s = %s (%.2f times).\n",
					ms(peer), ms(direct), ms(peer-direct), bench.Ratio(peer, direct))
			}
			ours, theirs := byKey[keyOursList], byKey[keyN8nList]
			fmt.Fprintf(w, "mcp-bridge ÷ n8n-mcp: p50 at 1 in flight %.2f, p50 at %d in flight %.2f, calls/s at %d in flight %.2f.\n",
				bench.Ratio(tool, peer), st.inFlight,
				bench.Ratio(bench.Summarize(ours.par.Latencies).Median, bench.Summarize(theirs.par.Latencies).Median),
				st.inFlight, bench.Ratio(ours.par.PerSecond(), theirs.par.PerSecond()))
		}
	}
	fmt.Fprintln(w)
}

func (r *report) writeHTTP(w io.Writer) {
	fmt.Fprintf(w, "### Streamable HTTP, concurrent sessions (%d calls per row, %d interleaved rounds)\n\n", r.settings.httpCalls, r.settings.rounds)
	fmt.Fprintln(w, "| server and tool | mode | sessions | p50 | p90 | calls/s | calls/s ÷ floor |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
	floor := map[string]float64{}
	for _, h := range r.http {
		if h.key == keyFloor {
			floor[fmt.Sprint(h.stateless, h.sessions)] = h.load.PerSecond()
		}
	}
	for _, h := range r.http {
		mode := "stateful"
		if h.stateless {
			mode = "stateless"
		}
		s := bench.Summarize(h.load.Latencies)
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %.0f | %s |\n", h.name, mode, h.sessions, ms(s.Median), ms(s.P90), h.load.PerSecond(),
			ratioCell(h.load.PerSecond(), floor[fmt.Sprint(h.stateless, h.sessions)]))
	}
	fmt.Fprintln(w, "\nEach session is one client calling in a loop (initialize first, untimed); the bridge's list_folders reads 3 folders from the Activepieces stub.")
	fmt.Fprintln(w)
}

func (r *report) writeSoak(w io.Writer) {
	fmt.Fprintf(w, "### Resident memory over %d tool calls over stdio (%d in flight)\n\n", r.settings.rssCalls, soakInFlight)
	fmt.Fprintln(w, "| server and tool | after calls | RSS | peak RSS so far (VmHWM) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	for _, s := range r.soak {
		for _, p := range s.points {
			fmt.Fprintf(w, "| %s | %d | %s | %s |\n", s.name, p.calls, mib(p.memory.RSS), mib(p.memory.PeakRSS))
		}
	}
	fmt.Fprintln(w)
	for _, s := range r.soak {
		fmt.Fprintf(w, "%s: RSS grew %+.1f MiB from after the warm-up to the end; %.0f calls/s after the warm-up.\n",
			s.name, float64(s.growth())/(1<<20), float64(s.calls)/max(s.elapsed.Seconds(), 1e-9))
	}
	fmt.Fprintln(w)
}
