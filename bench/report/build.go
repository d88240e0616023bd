package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// environment says where the numbers come from.
type environment struct {
	when     time.Time
	goVer    string
	platform string
	cores    int
	cpu      string
	commit   string
	// loadStart and loadEnd are the 1-minute load averages around the run: other
	// work on the machine widens the spread of every time measured.
	loadStart, loadEnd string
	node               string        // node --version, for the npm peers
	took               time.Duration // the whole run
}

func describeEnvironment() (environment, error) {
	env := environment{
		when:      time.Now().UTC(),
		goVer:     runtime.Version(),
		platform:  runtime.GOOS + "/" + runtime.GOARCH,
		cores:     runtime.NumCPU(),
		cpu:       cpuModel(),
		loadStart: loadAverage(),
	}
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return env, fmt.Errorf("git rev-parse (run from the repository): %w", err)
	}
	env.commit = strings.TrimSpace(string(out))
	if dirty, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); len(dirty) > 0 {
		env.commit += " with uncommitted changes"
	}
	return env, nil
}

// loadAverage is the 1-minute load average from /proc/loadavg, or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if fields := strings.Fields(string(data)); err == nil && len(fields) > 0 {
		return fields[0]
	}
	return "unknown"
}

// cpuModel reads the first "model name" of /proc/cpuinfo, or "" where there is none.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// binaries are the programs the report spawns, built from this checkout.
type binaries struct {
	bridge   string // go build ./cmd/mcp-bridge, as the README says
	stripped string // the same, -trimpath -ldflags="-s -w"
	baseline string // bench/baseline
	floor    string // bench/floor: mcp-go with one tool
	sizes    []binarySize
}

type binarySize struct {
	build string
	bytes int64
}

// build compiles the bridge (plainly, and stripped as a release would be) and
// the baseline into dir.
func build(dir string) (binaries, error) {
	b := binaries{bridge: filepath.Join(dir, "mcp-bridge"), stripped: filepath.Join(dir, "mcp-bridge-stripped"), baseline: filepath.Join(dir, "baseline"), floor: filepath.Join(dir, "floor")}
	steps := []struct {
		what string
		args []string
		out  string
	}{
		{what: "go build ./cmd/mcp-bridge", args: []string{"build", "-o", b.bridge, "./cmd/mcp-bridge"}, out: b.bridge},
		{what: `go build -trimpath -ldflags="-s -w" ./cmd/mcp-bridge`, args: []string{"build", "-trimpath", "-ldflags=-s -w", "-o", b.stripped, "./cmd/mcp-bridge"}, out: b.stripped},
		{what: "go build ./bench/baseline (the trivial server)", args: []string{"build", "-o", b.baseline, "./bench/baseline"}, out: b.baseline},
		{what: "go build ./bench/floor (mcp-go, one tool)", args: []string{"build", "-o", b.floor, "./bench/floor"}, out: b.floor},
	}
	for _, st := range steps {
		cmd := exec.Command("go", st.args...)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("%s: %w", st.what, err)
		}
		info, err := os.Stat(st.out)
		if err != nil {
			return b, err
		}
		b.sizes = append(b.sizes, binarySize{build: st.what, bytes: info.Size()})
	}
	return b, nil
}
