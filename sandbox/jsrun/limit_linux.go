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

// limitSelf caps this process, a child started to run JavaScript, before it
// reads what to run. The caps are OS limits that no code in the process can
// lift: the address space it may map (what it has mapped now, the Go
// runtime's reservations included, plus memory), its CPU time (SIGXCPU, then
// SIGKILL a second later), and no core dumps or files. The Go runtime is
// told to collect garbage hard before it reaches the cap.
func limitSelf(memory int64, cpu time.Duration) error {
	mapped, err := mappedBytes()
	if err != nil {
		return err
	}
	seconds := uint64(cpu / time.Second)
	limits := []struct {
		resource int
		soft     uint64
		hard     uint64
	}{
		{unix.RLIMIT_AS, uint64(mapped + memory), uint64(mapped + memory)},
		{unix.RLIMIT_CPU, seconds, seconds + 1},
		{unix.RLIMIT_CORE, 0, 0},
		{unix.RLIMIT_FSIZE, 0, 0},
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

// mappedBytes is the size of this process's address space (VmSize).
func mappedBytes() (int64, error) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, err
	}
	pages, err := strconv.ParseInt(string(bytes.Fields(data)[0]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("/proc/self/statm: %v", err)
	}
	return pages * int64(os.Getpagesize()), nil
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
