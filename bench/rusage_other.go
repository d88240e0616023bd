//go:build !linux

package bench

import "os"

// peakRSSOf is unknown off Linux, where ru_maxrss has other units or is absent.
func peakRSSOf(*os.ProcessState) int64 { return 0 }
