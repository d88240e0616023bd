package bench

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/bench/internal/trivial"
)

// childEnv makes this test binary act as a child process (see TestMain).
const childEnv = "MCP_BRIDGE_BENCH_CHILD"

// TestMain lets the process tests spawn this very binary as a trivial stdio
// server, or as a program that exits at once, instead of building one.
func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "serve":
		if err := trivial.Serve(os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	case "fail":
		os.Exit(3)
	case "hang":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSpawnToToolsListReadsMemory(t *testing.T) {
	s, err := SpawnToToolsList(os.Args[0], nil, []string{childEnv + "=serve"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Elapsed <= 0 || s.Memory.PeakRSS <= 0 || s.Memory.RSS > s.Memory.PeakRSS {
		t.Errorf("SpawnToToolsList = %+v; want a time and a peak at least the current size", s)
	}
}

func TestTimeToToolsList(t *testing.T) {
	d, list, err := TimeToToolsList(os.Args[0], nil, []string{childEnv + "=serve"})
	if err != nil {
		t.Fatal(err)
	}
	if d <= 0 || string(list) != `{"tools":[]}` {
		t.Errorf("TimeToToolsList = %v, %s; want a positive time and the empty tool list", d, list)
	}
}

func TestTimeToToolsListFailsWhenTheServerDies(t *testing.T) {
	_, _, err := TimeToToolsList(os.Args[0], nil, []string{childEnv + "=fail"})
	if err == nil || !strings.Contains(err.Error(), "initialize: the server closed its output before answering") {
		t.Fatalf("err = %v, want initialize to report the closed output", err)
	}
}

func TestStopKillsAServerThatIgnoresItsStdin(t *testing.T) {
	p, err := Start(os.Args[0], nil, []string{childEnv + "=hang"})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Stop(100 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "did not exit within 100ms of its stdin closing; killed") {
		t.Fatalf("err = %v, want the kill reported", err)
	}
}

func TestProcessMemory(t *testing.T) {
	p, err := Start(os.Args[0], nil, []string{childEnv + "=serve"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop(5 * time.Second)
	if _, err := p.Handshake(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc here")
	}
	m, err := p.Memory()
	if err != nil || m.RSS <= 0 {
		t.Fatalf("Memory = %+v, %v; want the child's resident size", m, err)
	}
}

func TestTimeToExit(t *testing.T) {
	if _, err := TimeToExit(os.Args[0], nil, []string{childEnv + "=fail"}); err == nil || !strings.Contains(err.Error(), "exit status 3") {
		t.Fatalf("err = %v, want the exit status", err)
	}
}

func TestTerminate(t *testing.T) {
	p, err := Start(os.Args[0], nil, []string{childEnv + "=hang"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.Terminate(5 * time.Second)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Terminate took %v", d)
	}
	if p.cmd.ProcessState == nil {
		t.Error("the child is still running")
	}
}
