//go:build !linux

package jsrun

import (
	"errors"
	"time"
)

// osLimits: outside Linux the sandbox does not cap a child process, so
// Runners run JavaScript in-process (see Runner.InProcess).
const osLimits = false

func limitSelf(int64, time.Duration) error {
	return errors.New("the sandbox limits JavaScript processes only on Linux")
}

func killedForCPU(error) bool { return false }
