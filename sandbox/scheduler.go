package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The scheduler starts the runs of published, enabled flows whose trigger is
// the schedule piece's, as Activepieces' job queue does: once per due time,
// with the piece's run output as the trigger's output, in PRODUCTION. Several
// engines may share one store; the lease decides which of them fires, and each
// fire is claimed in the transaction that stores its run (see
// store/schedule.go). Due times missed while no engine ran are not made up for
// one by one: the latest of them fires once, as a repeatable job that was
// overdue runs once when its worker comes back.

// Clock is the time the scheduler reads and waits on: the system's by
// default, one that tests move by hand through WithClock.
type Clock interface {
	Now() time.Time
	// At returns a channel that receives once the clock has reached t (at
	// once when it already has). Waiting on an instant rather than for a
	// duration means a clock moved between reading it and waiting on it
	// cannot make the scheduler oversleep.
	At(t time.Time) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                  { return time.Now() }
func (systemClock) At(t time.Time) <-chan time.Time { return time.After(time.Until(t)) }

// WithClock sets the clock schedules follow (the system clock by default).
// Engines sharing a store must share the time too: tests give each the same clock.
func WithClock(c Clock) Option {
	return func(e *Engine) {
		if c != nil {
			e.clock = c
		}
	}
}

// Defaults of the scheduler.
const (
	// scheduleLease names the lease whose holder fires schedules.
	scheduleLease = "scheduler"
	// defaultLeaseTTL is how long a lease lasts unrenewed: how long the
	// schedules wait, at worst, when their engine dies without closing.
	defaultLeaseTTL = 30 * time.Second
	// defaultScheduleWake is how often an engine wakes when no schedule is
	// due sooner: the holder to renew its lease and notice flows published
	// elsewhere, the others to take the lease over when it is free.
	defaultScheduleWake = 10 * time.Second
	// fireRetention is how long fires are kept after their due time.
	fireRetention = 24 * time.Hour
	// maxCatchUp bounds the due times skipped over when finding the latest one missed.
	maxCatchUp = 100_000
)

// Reasons a claim refuses a fire; none of them is a failure.
var (
	errLostLease    = errors.New("the scheduler lease passed to another engine")
	errFiredAlready = errors.New("this due time was fired already")
	errUnscheduled  = errors.New("the flow is no longer scheduled")
)

// scheduler is one engine's loop over the schedules.
type scheduler struct {
	e     *Engine
	clock Clock
	stop  chan struct{}
	done  chan struct{}

	mu       sync.Mutex // guards what follows, which the loop and tests read
	prevTick time.Time  // the clock at the previous tick; zero before the first
	warned   map[string]string
}

// scheduledFlow is a flow the scheduler fires: enabled, with its published
// version's schedule.
type scheduledFlow struct {
	flow     *workflows.Flow
	version  *workflows.FlowVersion
	schedule *pieces.Schedule
}

// newScheduler creates the schedule tables; start starts the loop.
func (e *Engine) newScheduler(ctx context.Context) (*scheduler, error) {
	if err := store.MigrateSchedules(ctx, e.store); err != nil {
		return nil, err
	}
	return &scheduler{e: e, clock: e.clock, stop: make(chan struct{}), done: make(chan struct{}), warned: map[string]string{}}, nil
}

// start runs the loop in the background until close.
func (s *scheduler) start() { go s.loop() }

// loop ticks, then sleeps until the next due time or wake-up, until stopped.
func (s *scheduler) loop() {
	defer close(s.done)
	for {
		wake := s.tick(s.clock.Now())
		select {
		case <-s.stop:
			return
		case <-s.clock.At(wake):
		}
	}
}

// close stops the loop and releases the lease, so that another engine takes
// the schedules over at once.
func (s *scheduler) close(ctx context.Context) {
	close(s.stop)
	<-s.done
	if err := store.ReleaseLease(ctx, s.e.store.DB, scheduleLease, s.e.instanceID); err != nil {
		s.e.log.Warn("sandbox: releasing the scheduler lease failed", "err", err)
	}
}

// ticked returns the clock's time at the last tick that finished.
func (s *scheduler) ticked() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prevTick
}

// tick fires what is due at now if this engine holds the lease, and returns
// when to tick next.
func (s *scheduler) tick(now time.Time) time.Time {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.mu.Lock()
	since := s.prevTick
	s.mu.Unlock()
	if since.IsZero() || since.After(now) {
		since = now
	}
	wake := now.Add(s.e.scheduleWake)
	next, err := s.fireDue(ctx, now, since)
	if err != nil {
		s.e.log.Warn("sandbox: running the schedules failed", "err", err)
	}
	if !next.IsZero() && next.Before(wake) {
		wake = next
	}
	s.mu.Lock()
	s.prevTick = now
	s.mu.Unlock()
	return wake
}

// fireDue takes or renews the lease and, holding it, fires every flow due at
// now. It returns the earliest next due time (zero when none). since is the
// previous tick: a flow first seen now counts its due times from then, so
// one published just before a due time still fires at it.
func (s *scheduler) fireDue(ctx context.Context, now, since time.Time) (time.Time, error) {
	held, err := store.AcquireLease(ctx, s.e.store.DB, scheduleLease, s.e.instanceID, now, s.e.leaseTTL)
	if err != nil || !held {
		return time.Time{}, err
	}
	flows, err := s.scheduledFlows(ctx)
	if err != nil {
		return time.Time{}, err
	}
	states, err := s.reconcile(ctx, flows, since)
	if err != nil {
		return time.Time{}, err
	}
	var earliest time.Time
	for id, f := range flows {
		state := states[id]
		if !state.NextDue.After(now) {
			due := latestDue(f.schedule, state.NextDue, now)
			state.NextDue = f.schedule.Next(now)
			s.fire(ctx, f, due, state, now)
		}
		if earliest.IsZero() || state.NextDue.Before(earliest) {
			earliest = state.NextDue
		}
	}
	return earliest, store.PruneFires(ctx, s.e.store.DB, now.Add(-fireRetention))
}

// latestDue is the last due time of schedule from first (a due time) up to now.
func latestDue(schedule *pieces.Schedule, first, now time.Time) time.Time {
	due := first
	for range maxCatchUp {
		next := schedule.Next(due)
		if next.After(now) {
			break
		}
		due = next
	}
	return due
}

// scheduledFlows lists the enabled flows whose published version has a
// schedule trigger. A schedule that does not parse (which publishing now
// refuses) is skipped, with a warning once per timing.
func (s *scheduler) scheduledFlows(ctx context.Context) (map[string]scheduledFlow, error) {
	db := s.e.store.DB
	flows, err := store.ListDocs[workflows.Flow](ctx, db, store.KindFlow, store.Scope{})
	if err != nil {
		return nil, err
	}
	out := map[string]scheduledFlow{}
	for _, it := range flows {
		flow := it.Value
		if flow.Status != workflows.FlowEnabled || flow.PublishedVersionID == nil {
			continue
		}
		version, err := store.GetDoc[workflows.FlowVersion](ctx, db, store.KindVersion, *flow.PublishedVersionID)
		if err != nil {
			return nil, err
		}
		if version == nil {
			continue
		}
		schedule, err := pieces.TriggerSchedule(&version.Trigger)
		if err != nil {
			s.warnOnce(flow.ID, version.ID, err)
			continue
		}
		if schedule != nil {
			out[flow.ID] = scheduledFlow{flow: &flow, version: version, schedule: schedule}
		}
	}
	return out, nil
}

// warnOnce logs a schedule that cannot fire, once per flow version.
func (s *scheduler) warnOnce(flowID, versionID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warned[flowID] == versionID {
		return
	}
	s.warned[flowID] = versionID
	s.e.log.Warn("sandbox: a published schedule cannot fire", "flowId", flowID, "flowVersionId", versionID, "err", err)
}

// reconcile brings the stored schedule states in line with flows: a flow seen
// for the first time, or whose timing changed (a new version published), is
// next due at its first due time after since; a flow no longer scheduled
// (disabled, unpublished, deleted) is forgotten. It returns the states of flows.
func (s *scheduler) reconcile(ctx context.Context, flows map[string]scheduledFlow, since time.Time) (map[string]store.ScheduledFlow, error) {
	var states map[string]store.ScheduledFlow
	err := s.e.store.Update(ctx, func(tx *sql.Tx) error {
		var err error
		if states, err = store.ScheduledFlows(ctx, tx); err != nil {
			return err
		}
		for id := range states {
			if _, scheduled := flows[id]; !scheduled {
				delete(states, id)
				if err := store.DeleteScheduledFlow(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		for id, f := range flows {
			if state, ok := states[id]; ok && state.Timing == f.schedule.Key() {
				continue
			}
			state := store.ScheduledFlow{FlowID: id, Timing: f.schedule.Key(), NextDue: f.schedule.Next(since)}
			states[id] = state
			if err := store.PutScheduledFlow(ctx, tx, state); err != nil {
				return err
			}
		}
		return nil
	})
	return states, err
}

// fire starts a run of f for its due time, claiming the due time, checking
// that this engine still holds the lease and that the flow is still scheduled,
// and storing the next due time, all in the transaction that stores the run.
func (s *scheduler) fire(ctx context.Context, f scheduledFlow, due time.Time, next store.ScheduledFlow, now time.Time) {
	claim := func(tx *sql.Tx, run *workflows.FlowRun) error {
		if held, err := store.HoldsLease(ctx, tx, scheduleLease, s.e.instanceID, now); err != nil || !held {
			return orErr(err, errLostLease)
		}
		flow, err := store.GetDoc[workflows.Flow](ctx, tx, store.KindFlow, f.flow.ID)
		if err != nil {
			return err
		}
		if flow == nil || flow.Status != workflows.FlowEnabled || flow.PublishedVersionID == nil || *flow.PublishedVersionID != f.version.ID {
			return errUnscheduled
		}
		claimed, err := store.ClaimFire(ctx, tx, store.Fire{FlowID: f.flow.ID, Due: due, RunID: run.ID, Owner: s.e.instanceID})
		if err != nil || !claimed {
			return orErr(err, errFiredAlready)
		}
		return store.PutScheduledFlow(ctx, tx, next)
	}
	in := engine.TriggerInput{Payload: f.schedule.Output}
	_, _, err := s.e.startRun(ctx, f.flow, f.version, workflows.EnvProduction, in, claim)
	switch {
	case err == nil:
		s.e.log.Info("sandbox: a schedule started a run", "flowId", f.flow.ID, "due", due)
	case errors.Is(err, errLostLease), errors.Is(err, errFiredAlready), errors.Is(err, errUnscheduled):
		s.e.log.Debug("sandbox: a schedule did not fire", "flowId", f.flow.ID, "due", due, "why", err)
	default:
		select {
		case <-s.stop: // the engine is closing: startRun refuses new runs
			s.e.log.Debug("sandbox: a schedule did not fire: the engine is closing", "flowId", f.flow.ID, "due", due)
		default:
			s.e.log.Warn("sandbox: a schedule failed to start its run", "flowId", f.flow.ID, "due", due, "err", err)
		}
	}
}

// orErr returns err, or otherwise when err is nil.
func orErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}
