package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// tally counts a set of calls by outcome and summarises their latencies.
type tally struct {
	Calls  int
	Counts [4]int // by kind
	// Latency percentiles (nearest rank) of the calls that got an answer of any
	// kind; a lost call's time is only its timeout.
	P50, P90, P99, Max time.Duration
}

// count returns the tally of results, or of those made to tool when it is not empty.
func count(results []callResult, tool string) tally {
	var t tally
	var lat []time.Duration
	for _, r := range results {
		if tool != "" && r.Tool != tool {
			continue
		}
		t.Calls++
		t.Counts[r.Kind]++
		if r.Kind != lost {
			lat = append(lat, r.Latency)
		}
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		t.P50, t.P90, t.P99 = percentile(lat, 0.50), percentile(lat, 0.90), percentile(lat, 0.99)
		t.Max = lat[len(lat)-1]
	}
	return t
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 1) of sorted, so
// that every figure reported is a time that was measured.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// totals adds up the rounds' wall time and this client's CPU time, and the
// bridge's CPU time over the same spans.
func (r phaseResult) totals() (wall, client, bridge time.Duration) {
	prev := r.Before
	for _, rd := range r.Rounds {
		wall += rd.Wall
		client += rd.ClientCPU
		// From the bridge's last sample before the round, which also holds the
		// settling time after the round before: nearly idle.
		bridge += rd.Open.CPU - prev.CPU
		prev = rd.After
	}
	return wall, client, bridge
}

// limits are how far the bridge may end from its baseline before the report
// calls it a leak.
type limits struct {
	FDs        int // open file descriptors
	Goroutines int // goroutines, against the reference bridge
}

// defects lists what the run found wrong with the bridge: sessions that could not
// open, calls not answered right, and file descriptors or goroutines not given
// back. RSS and threads are reported but not judged: the Go runtime keeps both
// for reuse (threads for good, freed heap for minutes), so growth there is not a
// leak by itself.
func defects(r phaseResult, lim limits) []string {
	var out []string
	name := transportName(r.Transport)
	if n := len(r.OpenErrors); n > 0 {
		out = append(out, fmt.Sprintf("%s: %d of %d sessions could not be opened", name, n, r.Sessions))
	}
	t := count(r.Results, "")
	for _, k := range []kind{lost, mismatched, failed} {
		if n := t.Counts[k]; n > 0 {
			out = append(out, fmt.Sprintf("%s: %d of %d calls %s", name, n, t.Calls, describe(k)))
		}
	}
	if want := len(r.Rounds) * r.Sessions * r.CallsPerSession; t.Calls+len(r.OpenErrors)*r.CallsPerSession != want {
		out = append(out, fmt.Sprintf("%s: %d calls made, want %d", name, t.Calls, want))
	}
	if after := r.after(); after.FDs-r.Before.FDs > lim.FDs || r.Before.FDs-after.FDs > lim.FDs {
		out = append(out, fmt.Sprintf("%s: %d open file descriptors after closing every session, %d before the load (more than ±%d apart)",
			name, after.FDs, r.Before.FDs, lim.FDs))
	}
	if d := r.Goroutines - r.RefGoroutines; d > lim.Goroutines {
		out = append(out, fmt.Sprintf("%s: %d goroutines after closing every session, %d in a bridge that only warmed up (more than %d more)",
			name, r.Goroutines, r.RefGoroutines, lim.Goroutines))
	}
	return out
}

func describe(k kind) string {
	switch k {
	case lost:
		return "lost (no answer: timed out or connection broken)"
	case mismatched:
		return "answered with something not theirs"
	default:
		return "answered with an error"
	}
}

func transportName(kind string) string {
	if kind == "sse" {
		return "SSE"
	}
	return "Streamable HTTP"
}

// environment describes where and when the run happened.
type environment struct {
	Start, End          time.Time
	GoVersion, Platform string
	Cores               int
	CPU                 string
	LoadStart, LoadEnd  string
	Commit              string
}

// writeReport prints the run as a Markdown section.
func writeReport(w io.Writer, env environment, cfg config, phases []phaseResult, found []string) {
	fmt.Fprintf(w, "## Load\n\n")
	fmt.Fprintf(w, "Measured %s · %s %s · %d cores%s · load average %s at the start, %s at the end · commit %s · %s\n\n",
		env.Start.UTC().Format("2006-01-02 15:04 UTC"), env.GoVersion, env.Platform, env.Cores, env.CPU,
		env.LoadStart, env.LoadEnd, env.Commit, env.End.Sub(env.Start).Round(time.Second))
	fmt.Fprintf(w, "`go run ./bench/load -http-sessions %d -sse-sessions %d -calls %d -rounds %d`: every session of a transport at once, "+
		"each making its calls one after another (list_folders, create_folder, get_folder, list_flows, get_flow, delete_folder, "+
		"repeated; a third of them writes), protocol %s; then every session closed, and the whole again for each round. "+
		"One transport after the other, each against its own bridge on an in-memory sandbox.\n\n",
		cfg.httpSessions, cfg.sseSessions, cfg.calls, cfg.rounds, protocolVersion)
	writeCalls(w, phases)
	writeTools(w, phases)
	writeProcess(w, phases)
	writeFindings(w, phases, found)
}

func writeCalls(w io.Writer, phases []phaseResult) {
	fmt.Fprintf(w, "### Calls\n\n")
	fmt.Fprintf(w, "| transport | rounds × sessions × calls | calls | ok | errors | lost | mismatched | p50 | p90 | p99 | max | calls/s | CPU per call: bridge | client |\n")
	fmt.Fprintf(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range phases {
		t := count(p.Results, "")
		wall, client, bridge := p.totals()
		rate := 0.0
		if wall > 0 {
			rate = float64(t.Calls) / wall.Seconds()
		}
		fmt.Fprintf(w, "| %s | %d × %d × %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %.0f | %s | %s |\n",
			transportName(p.Transport), len(p.Rounds), p.Sessions, p.CallsPerSession, t.Calls, t.Counts[answered], t.Counts[failed],
			t.Counts[lost], t.Counts[mismatched], ms(t.P50), ms(t.P90), ms(t.P99), ms(t.Max), rate,
			perCall(bridge, t.Calls), perCall(client, t.Calls))
	}
	fmt.Fprintf(w, "\nLatency is from sending a call to reading its answer, with every session of the transport running; "+
		"calls/s is the calls made over the time from opening the first session of a round to its last answer (handshakes included), "+
		"rounds added up. "+
		"CPU per call is the CPU time (user + system) the bridge process, and this client, used over that span, "+
		"divided by the calls: both share the machine's cores, so a costly client shows up in the latencies too.\n\n")
}

func writeTools(w io.Writer, phases []phaseResult) {
	fmt.Fprintf(w, "### Latency by tool\n\n| transport | tool | calls | p50 | p90 | p99 | max |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range phases {
		for _, tool := range tools() {
			t := count(p.Results, tool)
			if t.Calls == 0 {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s |\n",
				transportName(p.Transport), tool, t.Calls, ms(t.P50), ms(t.P90), ms(t.P99), ms(t.Max))
		}
	}
	fmt.Fprintln(w)
}

func writeProcess(w io.Writer, phases []phaseResult) {
	fmt.Fprintf(w, "### The bridge process\n\n")
	fmt.Fprintf(w, "| transport | when | RSS | peak RSS | threads | fds | goroutines |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	row := func(name, when string, s sample, goroutines string) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %d | %d | %s |\n", name, when, mib(s.RSS), mib(s.PeakRSS), s.Threads, s.FDs, goroutines)
	}
	growth := func(name, when string, from, to sample, goroutines string) {
		fmt.Fprintf(w, "| %s | **%s** | **%+.1f MiB** | | **%+d** | **%+d** | %s |\n",
			name, when, float64(to.RSS-from.RSS)/(1<<20), to.Threads-from.Threads, to.FDs-from.FDs, goroutines)
	}
	for _, p := range phases {
		name := transportName(p.Transport)
		row(name, "after warm-up", p.Before, fmt.Sprintf("%d (reference bridge)", p.RefGoroutines))
		for i, rd := range p.Rounds {
			row(name, fmt.Sprintf("round %d: all %d sessions open, calls done", i+1, p.Sessions), rd.Open, "")
			goroutines := ""
			if i == len(p.Rounds)-1 {
				goroutines = fmt.Sprint(p.Goroutines)
			}
			row(name, fmt.Sprintf("round %d: sessions closed, settled", i+1), rd.After, goroutines)
		}
		if len(p.Rounds) == 0 {
			continue
		}
		first := p.Rounds[0].After
		growth(name, "growth over round 1", p.Before, first, "")
		switch n := len(p.Rounds); {
		case n == 2:
			growth(name, "growth over round 2", first, p.after(), "")
		case n > 2:
			growth(name, fmt.Sprintf("growth over rounds 2–%d", n), first, p.after(), "")
		}
		growth(name, "growth, all rounds", p.Before, p.after(), fmt.Sprintf("**%+d**", p.Goroutines-p.RefGoroutines))
	}
	fmt.Fprintf(w, "\nRSS (VmRSS), peak RSS (VmHWM) and threads come from /proc/PID/status, fds from /proc/PID/fd. "+
		"The bridge has no debug endpoint, so goroutines are counted from the dump the Go runtime writes on SIGQUIT, "+
		"which ends the process: the loaded bridge is counted after settling, and compared with a second bridge that did "+
		"only the warm-up and settled as long. RSS and threads are not judged: the Go runtime keeps threads, and returns "+
		"freed heap to the system only over minutes; what the first round grows and the later rounds do not is kept for reuse, "+
		"what grows with every round is a leak.\n\n")
}

func writeFindings(w io.Writer, phases []phaseResult, found []string) {
	fmt.Fprintf(w, "### Findings\n\n")
	if len(found) == 0 {
		fmt.Fprintf(w, "None: every call answered with its own result, and file descriptors and goroutines came back to baseline.\n")
	}
	for _, f := range found {
		fmt.Fprintf(w, "- %s\n", f)
	}
	for _, p := range phases {
		samples := failureSamples(p, 5)
		if len(samples) > 0 {
			fmt.Fprintf(w, "\nFirst failures over %s:\n\n", transportName(p.Transport))
			for _, s := range samples {
				fmt.Fprintf(w, "    %s\n", oneLine(s, 300))
			}
		}
		if p.Warnings > 0 {
			fmt.Fprintf(w, "\nThe %s bridge logged %d warnings or errors while serving; the first:\n\n", transportName(p.Transport), p.Warnings)
			for _, s := range p.WarnSamples {
				fmt.Fprintf(w, "    %s\n", oneLine(s, 300))
			}
		}
	}
}

// failureSamples returns up to n messages: sessions that did not open, then calls
// that were not answered right.
func failureSamples(p phaseResult, n int) []string {
	var out []string
	for _, err := range p.OpenErrors {
		if len(out) == n {
			return out
		}
		out = append(out, err.Error())
	}
	for _, r := range p.Results {
		if len(out) == n {
			break
		}
		if r.Kind != answered {
			out = append(out, r.Kind.String()+": "+r.Detail)
		}
	}
	return out
}

// oneLine flattens s to one line of at most n bytes, for an indented block.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// perCall is total/calls in ms, or "–" when there were no calls.
func perCall(total time.Duration, calls int) string {
	if calls == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f ms", float64(total)/float64(calls)/float64(time.Millisecond))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
