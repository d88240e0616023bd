package jsrun

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// osLimits: on Linux a child process can cap its own memory and CPU time.
const osLimits = true

// addressHeadroom is address space a child may map beyond its budget: the
// Go runtime reserves arenas and, in a cgo build, each thread maps an 8 MiB
// stack, at times that vary from run to run.
const addressHeadroom = 64 << 20

// limitSelf caps this process, a child started to run JavaScript, before it
// reads what to run. The caps are OS limits that no code in the process can
// lift: its address space (RLIMIT_AS: what it has mapped now, the runtime's
// reservations included, plus memory and addressHeadroom), its CPU time
// (SIGXCPU, then SIGKILL a second later), and no core dumps or files. The Go
// runtime is told to collect garbage hard before it reaches the cap.
//
// RLIMIT_AS rather than RLIMIT_DATA, which would count only memory made
// writable: Linux does not count against RLIMIT_DATA a mapping made over an
// existing reservation, which is how the Go runtime maps its heap, so a
// large allocation passes it and a later small one fails where the runtime
// does not expect it (Go 1.26 then crashes with SIGSEGV in the collector).
func limitSelf(memory int64, cpu time.Duration) error {
	mapped, err := statusBytes("VmSize:")
	if err != nil {
		return err
	}
	limit := uint64(mapped + memory + addressHeadroom)
	seconds := uint64(cpu / time.Second)
	limits := []struct {
		resource int
		soft     uint64
		hard     uint64
	}{
		{unix.RLIMIT_AS, limit, limit},
		{unix.RLIMIT_CPU, seconds, seconds + 1},
		{unix.RLIMIT_CORE, 0, 0},
		{unix.RLIMIT_FSIZE, 0, 0},
	}
	if raceDetector {
		limits = limits[1:] // watchHeap alone bounds memory then
	}
	for _, l := range limits {
		if err := unix.Setrlimit(l.resource, &unix.Rlimit{Cur: l.soft, Max: l.hard}); err != nil {
			return fmt.Errorf("setrlimit(%d): %v", l.resource, err)
		}
	}
	runtime.GOMAXPROCS(1)
	debug.SetMemoryLimit(memory * 3 / 4)
	// A stack overflow (the parsers recurse on nesting) then ends the child
	// with its own message, before the stack eats the address space.
	debug.SetMaxStack(int(min(memory/4, 64<<20)))
	return nil
}

// statusBytes reads a size from /proc/self/status, such as "VmSize:".
func statusBytes(field string) (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(status) {
		if rest, ok := bytes.CutPrefix(line, []byte(field)); ok {
			fields := bytes.Fields(rest)
			kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
			if err != nil || len(fields) != 2 || string(fields[1]) != "kB" {
				return 0, fmt.Errorf("/proc/self/status: cannot read %q", line)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("/proc/self/status has no %s", field)
}

// killedForCPU reports whether the child died of its CPU-time limit.
func killedForCPU(err error) bool {
	exit, ok := err.(interface{ Sys() any })
	if !ok {
		return false
	}
	status, ok := exit.Sys().(syscall.WaitStatus)
	return ok && status.Signaled() && status.Signal() == syscall.SIGXCPU
}
