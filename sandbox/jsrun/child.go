package jsrun

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// childEnv marks a process started to run one request; its value carries
// the memory and CPU limits the child sets on itself before it reads the
// request. The child gets no other environment variable than those that
// tune its runtime.
const childEnv = "MCP_BRIDGE_JSRUN_CHILD"

// childGrace is how long past its time limit a child may take (to start,
// compile and answer) before the parent kills it.
const childGrace = 2 * time.Second

// hooked is set by ChildMain in a process that was not started as a child:
// its executable can serve as one.
var hooked atomic.Bool

// compiler is the Compiler that ChildMain was given.
var compiler atomic.Pointer[Compiler]

// ChildMain makes the program able to run CODE steps, with compile as their
// compiler (jsmain.Main passes esbuild's), in child processes of itself.
// Call it first thing in main (or TestMain): in a process that a Runner
// started, it limits the process's memory and CPU time, serves the one
// request read from stdin, writes the answer to stdout and exits; in any
// other process it only notes that the executable can serve as a child, and
// returns.
func ChildMain(compile Compiler) {
	compiler.Store(&compile)
	spec, isChild := os.LookupEnv(childEnv)
	if !isChild {
		hooked.Store(true)
		return
	}
	os.Exit(serveChild(spec, os.Stdin, os.Stdout, os.Stderr))
}

// compileCode compiles with the compiler ChildMain was given.
func compileCode(source string) (string, error) {
	c := compiler.Load()
	if c == nil || *c == nil {
		return "", errors.New("this program runs no CODE steps: it has no TypeScript compiler (its main must call jsmain.Main)")
	}
	return (*c)(source)
}

// childCapable reports whether Runners may start child processes here.
func childCapable() bool { return hooked.Load() && osLimits }

func serveChild(spec string, in io.Reader, out, errOut io.Writer) int {
	inChild = true
	memory, cpu, err := parseChildSpec(spec)
	if err == nil {
		err = limitSelf(memory, cpu)
	}
	if err != nil {
		fmt.Fprintf(errOut, "jsrun child: cannot limit itself: %v\n", err)
		return 3
	}
	go watchHeap(memory, errOut)
	var req request
	if err := json.NewDecoder(in).Decode(&req); err != nil {
		fmt.Fprintf(errOut, "jsrun child: cannot read the request: %v\n", err)
		return 3
	}
	if err := json.NewEncoder(out).Encode(handle(context.Background(), req)); err != nil {
		fmt.Fprintf(errOut, "jsrun child: cannot write the answer: %v\n", err)
		return 3
	}
	return 0
}

// watchHeap ends the child, as an allocation over its OS limit would, once
// its heap holds more than memory bytes of objects. The OS limit is the
// guarantee; this gives the same end to a heap that grows step by step
// within the limit's headroom, and is the only bound in a build with the
// race detector, which cannot have an address-space limit.
func watchHeap(memory int64, errOut io.Writer) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	for range time.Tick(5 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > uint64(memory) {
			fmt.Fprintf(errOut, "fatal error: out of memory: the heap holds more than %s\n", size(memory))
			os.Exit(2)
		}
	}
}

// childSpec writes the limits a child sets on itself: bytes of address
// space beyond what it has mapped at start, and seconds of CPU time.
func childSpec(lim Limits) string {
	return fmt.Sprintf("%d,%d", lim.Memory, int64(cpuLimit(lim)/time.Second))
}

// cpuLimit is the CPU time a child gets: twice its time limit (the garbage
// collector runs beside the script) and a second, in whole seconds. The
// time limit interrupts the script long before, unless it is stuck where
// goja cannot interrupt it.
func cpuLimit(lim Limits) time.Duration {
	return (2*lim.Time + time.Second + time.Second - 1).Truncate(time.Second)
}

func parseChildSpec(spec string) (int64, time.Duration, error) {
	mem, cpu, ok := strings.Cut(spec, ",")
	memory, err1 := strconv.ParseInt(mem, 10, 64)
	seconds, err2 := strconv.ParseInt(cpu, 10, 64)
	if !ok || err1 != nil || err2 != nil || memory <= 0 || seconds <= 0 {
		return 0, 0, fmt.Errorf("bad %s=%q", childEnv, spec)
	}
	return memory, time.Duration(seconds) * time.Second, nil
}

// spawn runs a request in a child process and reads its answer. what names
// the JavaScript in the messages of the limits ("the code").
func (r *Runner) spawn(ctx context.Context, req request, what string) (response, error) {
	program := r.Program
	if program == "" {
		exe, err := os.Executable()
		if err != nil {
			return response{}, fmt.Errorf("the sandbox cannot find its own executable to run JavaScript: %v", err)
		}
		program = exe
	}
	body, err := json.Marshal(req)
	if err != nil {
		return response{}, err
	}
	wall, cancel := context.WithTimeout(ctx, req.Limits.Time+childGrace)
	defer cancel()
	cmd := exec.CommandContext(wall, program)
	// One P and one malloc arena: fewer threads and C-library arenas, whose
	// address space counts against the child's limit.
	cmd.Env = []string{childEnv + "=" + childSpec(req.Limits), "GOMAXPROCS=1", "MALLOC_ARENA_MAX=1"}
	cmd.Dir = os.TempDir()
	cmd.Stdin = bytes.NewReader(body)
	// The answer holds the output (one per expression), the logs, escaped
	// as JSON, and some framing; more than that is refused unread.
	stdout := &cappedBuffer{max: req.Limits.Output*(1+len(req.Exprs)) + 6*req.Limits.Logs + 64<<10}
	stderr := &cappedBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	switch {
	case stdout.overflow:
		return response{}, fmt.Errorf("%s answered more than the sandbox's output limit of %s", what, size(int64(req.Limits.Output)))
	case runErr == nil:
		var resp response
		if err := json.Unmarshal(stdout.buf.Bytes(), &resp); err != nil {
			return response{}, fmt.Errorf("the JavaScript process gave no answer the sandbox can read: %v", err)
		}
		return resp, nil
	case ctx.Err() != nil:
		return response{}, ctx.Err()
	case wall.Err() != nil:
		return response{}, fmt.Errorf("%s ran longer than %v, the sandbox's time limit, and was killed", what, req.Limits.Time)
	}
	return response{}, childFailure(runErr, stderr.buf.String(), req.Limits, what)
}

// childFailure says why a child process ended without an answer.
func childFailure(err error, stderr string, lim Limits, what string) error {
	switch {
	case outOfMemory(stderr):
		return fmt.Errorf("%s ran out of memory: the sandbox gives JavaScript %s", what, size(lim.Memory))
	case strings.Contains(stderr, "stack overflow"):
		return fmt.Errorf("%s nests or recurses too deeply for the sandbox (stack overflow)", what)
	case killedForCPU(err):
		return fmt.Errorf("%s used more CPU time than the sandbox allows (%v) and was killed", what, cpuLimit(lim))
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("the JavaScript process failed (%v): %s", err, lastLines(stderr, 3))
	}
	return fmt.Errorf("the sandbox cannot start a JavaScript process: %v", err)
}

// outOfMemory reads the Go runtime's last words when an allocation failed.
func outOfMemory(stderr string) bool {
	return strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory") ||
		strings.Contains(stderr, "failed to create new OS thread")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n] // the first lines name the failure; the rest are stacks
	}
	return strings.Join(lines, " | ")
}

// cappedBuffer keeps at most max bytes and notes whether more came.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.buf.Write(p[:max(room, 0)])
		b.overflow = true
		return len(p), nil
	}
	return b.buf.Write(p)
}
