package workflows

import (
	"time"
)

// Duration is how long a run took: finishTime − startTime, which the engine does
// not report itself. ok is false while either time is missing or unreadable.
func (r *FlowRun) Duration() (d time.Duration, ok bool) {
	if r.StartTime == nil || r.FinishTime == nil {
		return 0, false
	}
	start, err1 := time.Parse(time.RFC3339Nano, *r.StartTime)
	finish, err2 := time.Parse(time.RFC3339Nano, *r.FinishTime)
	if err1 != nil || err2 != nil || finish.Before(start) {
		return 0, false
	}
	return finish.Sub(start), true
}
