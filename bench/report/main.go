// Command report measures mcp-bridge against the brief's leanness targets and
// against peer MCP servers in one run, and prints the results as Markdown: spawn
// to tools/list over stdio and the peak memory it took, per subject; bytes of
// tool definition per tool, per subject; listing 20 realistic flows through a
// stub upstream, next to n8n-mcp listing 20 workflows and to the raw client;
// Streamable HTTP under concurrent sessions; memory over many calls; resident
// memory after an agent journey; in-process tool-call cost; binary size. Times
// are also given as ratios to a baseline measured in the same run, so the noise
// of a shared machine cancels out as far as it can.
//
// Run it from the repository root: bench/run.sh, which installs the peers with
// bench/peers/setup.sh first, or go run ./bench/report.
package main

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

// settings are the run's flags.
type settings struct {
	spawns, memoryRuns                     int
	benchtime                              time.Duration
	peersDir                               string
	listCalls, httpCalls, rssCalls, rounds int
	inFlight                               int
}

func main() {
	testing.Init() // testing.Benchmark reads the test flags
	var st settings
	flag.IntVar(&st.spawns, "n", 40, "spawns per subject for the start-up measurement")
	flag.IntVar(&st.memoryRuns, "memory-runs", 3, "processes measured for memory after the agent journey (the median is reported)")
	flag.DurationVar(&st.benchtime, "benchtime", time.Second, "time each in-process benchmark runs")
	flag.StringVar(&st.peersDir, "peers", defaultPeersDir(), "where bench/peers/setup.sh installed the peers ($MCP_BRIDGE_BENCH_PEERS)")
	flag.IntVar(&st.listCalls, "list-calls", 2000, "list calls per subject, at 1 and again at -in-flight calls in flight")
	flag.IntVar(&st.httpCalls, "http-calls", 4000, "tool calls per Streamable HTTP configuration")
	flag.IntVar(&st.rssCalls, "rss-calls", 100000, "tool calls per server for the memory growth")
	flag.IntVar(&st.rounds, "rounds", 10, "rounds the list and HTTP calls are split into, rotating the subjects")
	flag.IntVar(&st.inFlight, "in-flight", 8, "calls in flight for the list-call throughput")
	flag.Parse()
	if st.spawns < 1 || st.memoryRuns < 1 || st.benchtime <= 0 || st.listCalls < 1 || st.httpCalls < 1 || st.rssCalls < 1 || st.rounds < 1 || st.inFlight < 1 {
		fmt.Fprintln(os.Stderr, "report: the counts must be at least 1 and -benchtime positive")
		os.Exit(2)
	}
	if err := flag.Set("test.benchtime", st.benchtime.String()); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if err := run(st, commandLine(os.Args[1:])); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// commandLine is the report's command as given, and every setting it ran with.
func commandLine(args []string) string {
	var all []string
	flag.VisitAll(func(f *flag.Flag) {
		if !strings.HasPrefix(f.Name, "test.") {
			all = append(all, "-"+f.Name+"="+f.Value.String())
		}
	})
	return fmt.Sprintf("`%s` (all settings: `%s`)", strings.TrimSpace("go run ./bench/report "+strings.Join(args, " ")), strings.Join(all, " "))
}

func defaultPeersDir() string {
	if d := os.Getenv("MCP_BRIDGE_BENCH_PEERS"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "mcp-bridge-bench")
}

// setup is what every measurement shares: the binaries, the peers, and stub
// upstreams for the start-up measurement.
type setup struct {
	work          string
	bins          binaries
	node          string
	peers         []peer
	apURL, n8nURL string // stubs that subjects are pointed at while starting
}

// run takes every measurement, then prints the report; progress goes to stderr.
func run(st settings, command string) error {
	work, err := os.MkdirTemp("", "mcp-bridge-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	r := report{settings: st, command: command}
	if r.env, err = describeEnvironment(); err != nil {
		return err
	}
	s := &setup{work: work, node: nodePath(), peers: readPeers(st.peersDir)}
	r.env.node = nodeVersion(s.node)
	r.peers = s.peers
	ap, n8n := httptest.NewServer(bench.NewActivepiecesStub(listFlowsCount)), httptest.NewServer(bench.NewN8nStub(listFlowsCount))
	defer ap.Close()
	defer n8n.Close()
	s.apURL, s.n8nURL = ap.URL, n8n.URL

	progress("building the binaries")
	if s.bins, err = build(work); err != nil {
		return err
	}
	r.sizes = s.bins.sizes
	progress("spawning each subject %d times", st.spawns)
	if r.spawn, err = measureSpawns(spawnSubjects(s), st.spawns); err != nil {
		return err
	}
	if r.toolsList, err = wireOf(r.spawn); err != nil {
		return err
	}
	progress("tracing package initialisation")
	if r.init, err = measureInit(s.bins, work, min(st.spawns, 10)); err != nil {
		return err
	}
	progress("measuring tool definitions")
	if r.defs, err = measureDefinitions(); err != nil {
		return err
	}
	progress("listing %d flows, %d calls per subject at 1 and %d in flight", listFlowsCount, st.listCalls, st.inFlight)
	if r.lists, err = measureListCalls(s, st.listCalls, st.inFlight, st.rounds); err != nil {
		return err
	}
	progress("Streamable HTTP, %d calls per configuration", st.httpCalls)
	if r.http, err = measureHTTP(s, st.httpCalls, st.rounds, []int{8, 64}); err != nil {
		return err
	}
	progress("memory over %d calls per server", st.rssCalls)
	if r.soak, err = measureSoak(s, st.rssCalls); err != nil {
		return err
	}
	progress("measuring memory after the agent journey (%d processes each)", st.memoryRuns)
	if r.memory, err = measureMemory(s.bins, work, st.memoryRuns); err != nil {
		return err
	}
	progress("running the in-process benchmarks")
	if r.calls, r.listRuns, err = measureCalls(); err != nil {
		return err
	}
	r.env.loadEnd = loadAverage()
	r.env.took = time.Since(r.env.when)
	r.write(os.Stdout)
	return nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}
