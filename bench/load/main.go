// Command load is mcp-bridge's load test: many concurrent MCP sessions over
// Streamable HTTP and over SSE, every answer checked against the call it
// answers, and the bridge process's memory, threads, file descriptors and
// goroutines compared before the load and after every session has closed.
//
// It is separate from the unit tests (it takes a minute or more and two
// processes' worth of CPU) and prints a Markdown section for
// docs/benchmarks.md; progress goes to stderr:
//
//	go run ./bench/load > /tmp/load.md
//	go run ./bench/load -http-sessions 20 -sse-sessions 5 -calls 10   # quick
//
// It exits 1 when it finds a defect (a session that would not open, a call lost,
// answered with an error or with another call's answer, file descriptors or
// goroutines not given back), after printing the report.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// config is the run's settings, from the flags.
type config struct {
	bin          string
	httpSessions int
	sseSessions  int
	calls        int
	rounds       int
	callTimeout  time.Duration
	settle       time.Duration
	deadline     time.Duration
	limits       limits
}

func main() {
	var cfg config
	flag.StringVar(&cfg.bin, "bin", "", "mcp-bridge binary to load (default: build ./cmd/mcp-bridge into a temporary directory)")
	flag.IntVar(&cfg.httpSessions, "http-sessions", 200, "concurrent Streamable HTTP sessions (0 skips the transport)")
	flag.IntVar(&cfg.sseSessions, "sse-sessions", 50, "concurrent SSE sessions (0 skips the transport)")
	flag.IntVar(&cfg.calls, "calls", 50, "tool calls per session")
	flag.IntVar(&cfg.rounds, "rounds", 2, "times every session is opened, run and closed against the same bridge")
	flag.DurationVar(&cfg.callTimeout, "call-timeout", 30*time.Second, "how long a call may wait for its answer before it counts as lost")
	flag.DurationVar(&cfg.settle, "settle", 3*time.Second, "pause after the warm-up and after closing the sessions, before measuring")
	flag.DurationVar(&cfg.deadline, "deadline", 15*time.Minute, "the whole run stops by then; calls still to make count as lost")
	flag.IntVar(&cfg.limits.FDs, "fd-slack", 2, "file descriptors the bridge may hold above or below its baseline after the load")
	flag.IntVar(&cfg.limits.Goroutines, "goroutine-slack", 5, "goroutines the loaded bridge may have above the reference bridge")
	flag.Parse()
	if flag.NArg() > 0 || cfg.calls < 1 || cfg.rounds < 1 || cfg.httpSessions < 0 || cfg.sseSessions < 0 {
		flag.Usage()
		os.Exit(2)
	}
	found, err := run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	if len(found) > 0 {
		fmt.Fprintf(os.Stderr, "load: %d defects found:\n  %s\n", len(found), strings.Join(found, "\n  "))
		os.Exit(1)
	}
}

// run builds the bridge if need be, measures each transport, prints the report
// and returns the defects found.
func run(cfg config) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.deadline)
	defer cancel()
	env := environment{Start: time.Now(), GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		Cores: runtime.NumCPU(), CPU: cpuModel(), LoadStart: loadAverage(), Commit: commit()}
	work, err := os.MkdirTemp("", "mcp-bridge-load-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	if cfg.bin == "" {
		cfg.bin = filepath.Join(work, "mcp-bridge")
		progress("building mcp-bridge")
		build := exec.Command("go", "build", "-o", cfg.bin, "github.com/workflows-mcp/mcp-bridge/cmd/mcp-bridge")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building mcp-bridge: %w", err)
		}
	}
	// Nothing from this machine's environment: credentials there would switch
	// the bridge from the sandbox to a real backend. GOTRACEBACK=all makes the
	// SIGQUIT dump list every goroutine, not only the running one.
	bridgeEnv := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + work, "GOTRACEBACK=all"}

	var phases []phaseResult
	var found []string
	for _, p := range []struct {
		kind     string
		sessions int
	}{{"http", cfg.httpSessions}, {"sse", cfg.sseSessions}} {
		if p.sessions == 0 {
			continue
		}
		r, err := runPhase(ctx, cfg, bridgeEnv, p.kind, p.sessions)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", transportName(p.kind), err)
		}
		phases = append(phases, r)
		found = append(found, defects(r, cfg.limits)...)
	}
	env.End, env.LoadEnd = time.Now(), loadAverage()
	writeReport(os.Stdout, env, cfg, phases, found)
	return found, nil
}

// progress writes one line of progress to stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// loadAverage is the one-minute load average, which says how busy the machine
// was: on two shared cores it moves every latency.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// cpuModel is the processor's name, as " (NAME)", or "" when unknown.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for line := range strings.Lines(string(b)) {
		if key, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(key) == "model name" {
			return " (" + strings.TrimSpace(value) + ")"
		}
	}
	return ""
}

// commit is the checked-out commit, or "unknown" outside a git work tree.
func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
