// Package e2e runs the mcp-bridge binary as a real process, against the in-memory
// sandbox, over every transport, and checks what an MCP client sees.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// bridge is the binary under test, built once by TestMain.
var bridge string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mcp-bridge-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bridge = filepath.Join(dir, "mcp-bridge")
	if runtime.GOOS == "windows" {
		bridge += ".exe"
	}
	args := []string{"build", "-o", bridge}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, "github.com/workflows-mcp/mcp-bridge/cmd/mcp-bridge")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building mcp-bridge:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// hermeticEnv is a minimal environment: no credentials from the machine running the
// tests can leak in and switch the backend away from the sandbox.
func hermeticEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	// A race-enabled binary otherwise sleeps a second at exit; halt_on_error makes a
	// race found in the server fail the test through the exit status.
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GORACE=atexit_sleep_ms=0 halt_on_error=1"}
	return append(base, extra...)
}

// command builds an exec.Cmd for the bridge with a hermetic environment.
func command(t *testing.T, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bridge, args...)
	cmd.Env = env
	return cmd
}

// syncBuffer collects a process's stderr while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// server is a bridge process serving HTTP.
type server struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	URL    string // the MCP endpoint, e.g. http://127.0.0.1:PORT/mcp
	Base   string // http://127.0.0.1:PORT
	exited chan struct{}
	err    error // the process's exit status, once exited is closed
}

// startServer runs the bridge with args plus an ephemeral loopback port, an in-memory
// sandbox and JSON logs, and waits until it says where it listens.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json"}, args...)
	return startProcess(t, env, "serving MCP over HTTP", args...)
}

// startProcess runs the bridge with args and waits for the JSON log line whose
// message is ready, taking the URL from its url attribute.
func startProcess(t *testing.T, env []string, ready string, args ...string) *server {
	t.Helper()
	s := &server{cmd: command(t, env, args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	pipe, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.stderr.Write([]byte(line + "\n"))
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == ready {
				url, _ := rec["url"].(string)
				urls <- url
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	go func() { s.err = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.stop(t) })
	select {
	case s.URL = <-urls:
		if i := strings.LastIndex(s.URL, "/"); i > len("http://") {
			s.Base = s.URL[:i]
		} else {
			s.Base = s.URL
		}
	case <-s.exited:
		t.Fatalf("bridge exited before listening (%v):\n%s", s.err, s.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("bridge did not start listening:\n%s", s.stderr)
	}
	return s
}

// signal sends sig to the process.
func (s *server) signal(t *testing.T, sig os.Signal) {
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal: %v", err)
	}
}

// stop asks the process to end (SIGTERM) and kills it if it does not.
func (s *server) stop(t *testing.T) {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("bridge ignored SIGTERM; killed:\n%s", s.stderr)
	}
}

// wait waits for the process to exit on its own.
func (s *server) wait(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case <-s.exited:
		return s.err
	case <-time.After(within):
		t.Fatalf("bridge still running after %v:\n%s", within, s.stderr)
		return nil
	}
}

// testContext is a context bounded well below the test binary's timeout.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
