package jsrun

import (
	"fmt"
	"time"
)

// Limits bound one run of JavaScript.
type Limits struct {
	// Time is how long the script may run, waiting on its timers included.
	// The runtime is interrupted then; a child process also gets twice that
	// (and a second) of CPU time from the OS, and is killed when a second more
	// has passed.
	Time time.Duration `json:"time"`
	// Memory is how many bytes of address space a child process may map
	// beyond what it had mapped when it started (RLIMIT_AS; the child gets
	// 64 MiB more for the runtime's own reservations). It does not apply
	// in-process.
	Memory int64 `json:"memory"`
	// Output is the largest JSON value, in bytes, that a run may return:
	// CODE's return value, or each expression's value.
	Output int `json:"output"`
	// Logs is how many bytes of console output a CODE run keeps; later lines
	// are dropped and a last line says so.
	Logs int `json:"logs"`
}

// Default limits. CODE gets what a small script needs with room to spare;
// expressions, which read data and should not compute much, get less time.
var (
	DefaultCodeLimits = Limits{Time: 10 * time.Second, Memory: 256 << 20, Output: 1 << 20, Logs: 64 << 10}
	DefaultExprLimits = Limits{Time: time.Second, Memory: 128 << 20, Output: 1 << 20}
)

// inProcessExprTime bounds a batch of bounded expressions evaluated in the
// server's process: they cannot loop, so this only stops a pathological
// built-in call over large data.
const inProcessExprTime = 200 * time.Millisecond

// maxCallStack bounds JavaScript recursion: without it a runaway recursion
// grows the goroutine's stack until the Go runtime aborts the process.
const maxCallStack = 2000

// orDefault fills in the zero members of l from d.
func (l Limits) orDefault(d Limits) Limits {
	if l.Time <= 0 {
		l.Time = d.Time
	}
	if l.Memory <= 0 {
		l.Memory = d.Memory
	}
	if l.Output <= 0 {
		l.Output = d.Output
	}
	if l.Logs <= 0 {
		l.Logs = d.Logs
	}
	return l
}

// size writes a byte count the way the limits' messages show it.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
