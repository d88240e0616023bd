package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// report holds every measurement of one run.
type report struct {
	env       environment
	settings  settings
	command   string
	peers     []peer
	spawn     []spawnResult // spawn[0] is the baseline
	toolsList toolsListWire
	init      bench.InitSummary
	defs      definitionResult
	lists     []listResult
	http      []httpResult
	soak      []soakResult
	memory    memoryResult
	calls     []callResult
	listRuns  []listRunsResult
	sizes     []binarySize
}

func (r *report) write(w io.Writer) {
	e := r.env
	fmt.Fprintf(w, "Measured %s · %s %s · %d cores (%s) · load average %s at the start, %s at the end · commit %s · the run took %s\n\n",
		e.when.Format("2006-01-02 15:04 MST"), e.goVer, e.platform, e.cores, e.cpu, e.loadStart, e.loadEnd, e.commit, e.took.Round(time.Second))
	fmt.Fprintf(w, "Command: %s; bench/run.sh runs bench/peers/setup.sh, then this.\n\n", r.command)
	r.writePeers(w)
	r.writeSpawn(w)
	r.writeVersusPeers(w)
	r.writeCatalogues(w)
	r.writeDefinitions(w)
	r.writeLists(w)
	r.writeHTTP(w)
	r.writeSoak(w)
	r.writeMemory(w)
	r.writeCalls(w)
	r.writeSizes(w)
}

func (r *report) writeSpawn(w io.Writer) {
	fmt.Fprintf(w, "### Spawn → initialize → tools/list over stdio (%d spawns each, interleaved)\n\n", r.settings.spawns)
	fmt.Fprintln(w, "| subject | median | p90 | min | max | median ÷ baseline | p90 ÷ baseline | peak RSS after tools/list (VmHWM, median) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	base := r.spawn[0].summary
	for _, s := range r.spawn {
		if s.failure != "" {
			fmt.Fprintf(w, "| %s | not measured: %s | | | | | | |\n", s.name, oneLine(s.failure))
			continue
		}
		m := s.summary
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.2f | %.2f | %s |\n", s.name, ms(m.Median), ms(m.P90), ms(m.Min), ms(m.Max),
			bench.Ratio(m.Median, base.Median), bench.Ratio(m.P90, base.P90), mibOrDash(s.peak))
	}
	fmt.Fprintf(w, "\nThe bridge's tools/list answer: %d tools in %d bytes (%d per tool).\n\n",
		r.toolsList.tools, r.toolsList.bytes, r.toolsList.bytes/max(1, r.toolsList.tools))
	var top []string
	for _, c := range r.init.Packages[:min(5, len(r.init.Packages))] {
		top = append(top, fmt.Sprintf("%s %s", c.Package, ms(c.Clock)))
	}
	fmt.Fprintf(w, "Package initialisation before main (GODEBUG=inittrace=1 on `mcp-bridge version`, median of %d runs): %s in all; largest %s.\n\n",
		min(r.settings.spawns, 10), ms(r.init.Total), strings.Join(top, ", "))
}

func (r *report) writeDefinitions(w io.Writer) {
	d := r.defs
	fmt.Fprintf(w, "### Tool definitions (%d tools, from tools.Definitions)\n\n", d.view.Count)
	fmt.Fprintln(w, "| measure | average | max | total |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	fmt.Fprintf(w, "| name + description + inputSchema, compact JSON (what the model reads) | %d B | %d B (%s) | %d B |\n",
		d.view.Average, d.view.Max, d.view.MaxName, d.view.Total)
	desc := bench.SummarizeSizes(d.sizes, func(s bench.DefinitionSize) int { return s.Description })
	schema := bench.SummarizeSizes(d.sizes, func(s bench.DefinitionSize) int { return s.InputSchema })
	fmt.Fprintf(w, "| … of which the description (a JSON string) | %d B | %d B (%s) | %d B |\n", desc.Average, desc.Max, desc.MaxName, desc.Total)
	fmt.Fprintf(w, "| … of which the input schema | %d B | %d B (%s) | %d B |\n", schema.Average, schema.Max, schema.MaxName, schema.Total)
	fmt.Fprintf(w, "| full tools/list entry (adds title, annotations, outputSchema) | %d B | %d B (%s) | %d B |\n",
		d.full.Average, d.full.Max, d.full.MaxName, d.full.Total)
	fmt.Fprintf(w, "| with --read-only (%d tools), what the model reads | %d B | %d B (%s) | %d B |\n\n",
		d.readOnlyView.Count, d.readOnlyView.Average, d.readOnlyView.Max, d.readOnlyView.MaxName, d.readOnlyView.Total)
	var largest []string
	for _, s := range d.largestByView {
		largest = append(largest, fmt.Sprintf("%s %d B", s.Name, s.ModelView))
	}
	fmt.Fprintf(w, "Largest for the model: %s.", strings.Join(largest, ", "))
	if n := len(d.largestByView); n >= 2 && d.view.Count > 2 {
		rest := d.view.Total - d.largestByView[0].ModelView - d.largestByView[1].ModelView
		fmt.Fprintf(w, " Without the two largest, the other %d tools average %d B.", d.view.Count-2, rest/(d.view.Count-2))
	}
	fmt.Fprint(w, "\n\n")
}

func (r *report) writeMemory(w io.Writer) {
	m := r.memory
	fmt.Fprintln(w, "### Resident memory (median of the processes measured)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| process | RSS | peak RSS so far (VmHWM) |")
	fmt.Fprintln(w, "|---|---:|---:|")
	fmt.Fprintf(w, "| baseline, idle after tools/list | %s | %s |\n", mib(m.baseline.idle.RSS), mib(m.baseline.idle.PeakRSS))
	fmt.Fprintf(w, "| mcp-bridge :memory:, idle after tools/list (sandbox opened) | %s | %s |\n", mib(m.bridge.idle.RSS), mib(m.bridge.idle.PeakRSS))
	fmt.Fprintf(w, "| mcp-bridge :memory:, after the agent journey | %s | %s |\n", mib(m.bridge.afterJourney.RSS), mib(m.bridge.afterJourney.PeakRSS))
	fmt.Fprintf(w, "\nRatio to the baseline's RSS: %.1f idle, %.1f after the journey. The journey (%d tool calls over stdio) took %s.\n\n",
		bench.Ratio(m.bridge.idle.RSS, m.baseline.idle.RSS), bench.Ratio(m.bridge.afterJourney.RSS, m.baseline.idle.RSS),
		m.bridge.journeyCalls, ms(m.bridge.journey))
}

func (r *report) writeCalls(w io.Writer) {
	fmt.Fprintln(w, "### In-process tool calls (sandbox :memory:, no process or pipe)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| tool | path | ns/op | allocs/op | B/op | ns ÷ client | allocs ÷ client |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|")
	base := map[string]callResult{}
	for _, c := range r.calls {
		if c.side == bench.SideClient {
			base[c.op] = c
		}
	}
	for _, c := range r.calls {
		b := base[c.op].res
		fmt.Fprintf(w, "| %s | %s | %d | %d | %d | %.2f | %.2f |\n", c.op, c.side, c.res.NsPerOp(), c.res.AllocsPerOp(), c.res.AllocedBytesPerOp(),
			bench.Ratio(c.res.NsPerOp(), b.NsPerOp()), bench.Ratio(c.res.AllocsPerOp(), b.AllocsPerOp()))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The sandbox's run listing, which the trigger tools call before (and, to find a failed or silent run, after) each trigger:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| runs stored | ns/op | allocs/op | B/op |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|")
	for _, l := range r.listRuns {
		fmt.Fprintf(w, "| %d | %d | %d | %d |\n", l.runs, l.res.NsPerOp(), l.res.AllocsPerOp(), l.res.AllocedBytesPerOp())
	}
	fmt.Fprintln(w)
}

func (r *report) writeSizes(w io.Writer) {
	fmt.Fprintln(w, "### Binary size")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| build | size |")
	fmt.Fprintln(w, "|---|---:|")
	for _, s := range r.sizes {
		fmt.Fprintf(w, "| `%s` | %s (%d B) |\n", s.build, mib(s.bytes), s.bytes)
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func mibOrDash(b int64) string {
	if b <= 0 {
		return "–"
	}
	return mib(b)
}

// oneLine keeps a failure to one short line of a table cell.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
