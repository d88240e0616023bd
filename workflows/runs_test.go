package workflows

import (
	"testing"
	"time"
)

func TestRunDuration(t *testing.T) {
	cases := []struct {
		name          string
		start, finish *string
		want          time.Duration
		ok            bool
	}{
		{"finished", ptr("2025-03-14T10:05:00.120Z"), ptr("2025-03-14T10:05:02.480Z"), 2360 * time.Millisecond, true},
		{"still running", ptr("2025-03-14T10:05:00.120Z"), nil, 0, false},
		{"queued", nil, nil, 0, false},
		{"unreadable", ptr("yesterday"), ptr("2025-03-14T10:05:02.480Z"), 0, false},
		{"finish before start", ptr("2025-03-14T10:05:02Z"), ptr("2025-03-14T10:05:00Z"), 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := FlowRun{StartTime: tc.start, FinishTime: tc.finish}
			if d, ok := r.Duration(); d != tc.want || ok != tc.ok {
				t.Errorf("Duration() = %v, %v; want %v, %v", d, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestRunStatusTerminal(t *testing.T) {
	running := []RunStatus{RunQueued, RunRunning, RunPaused, ""}
	ended := []RunStatus{RunSucceeded, RunFailed, RunQuotaExceeded, RunInternalError, RunMemoryLimitExceeded, RunTimeout,
		RunCanceled, RunLogSizeExceeded, RunStopped}
	for _, s := range running {
		if s.Terminal() {
			t.Errorf("%q is terminal", s)
		}
	}
	for _, s := range ended {
		if !s.Terminal() {
			t.Errorf("%q is not terminal", s)
		}
	}
}
