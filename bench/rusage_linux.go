//go:build linux

package bench

import (
	"os"
	"syscall"
)

// peakRSSOf returns the peak resident memory of an exited child, in bytes.
// Linux reports ru_maxrss in kB.
func peakRSSOf(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10
	}
	return 0
}
