package sandbox

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The tests in this file drive the scheduler with a clock they move by hand:
// each step sets the clock, waits until every engine has ticked at that time,
// then counts the runs, so "not before" and "exactly once" are exact.

// fakeClock is a Clock that moves only when Set.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(now time.Time) *fakeClock { return &fakeClock{now: now} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) At(t time.Time) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if !t.After(c.now) {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{t, ch})
	return ch
}

// Set moves the clock to now and wakes whoever waits for an instant up to it.
func (c *fakeClock) Set(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- now
	}
	c.waiters = kept
}

// t0 is a Monday, half a minute before 12:01 UTC.
var t0 = time.Date(2025, 1, 6, 12, 0, 30, 0, time.UTC)

// scheduledEngine opens an engine on path with clock, waking every second of
// the clock so that each step of a test wakes every engine, served over HTTP.
func scheduledEngine(t *testing.T, path string, clock Clock) (*Engine, *httptest.Server) {
	t.Helper()
	e, err := Open(path, WithClock(clock), func(e *Engine) { e.scheduleWake = time.Second })
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(func() {
		srv.Close()
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e, srv
}

// step sets the clock to at and waits until each engine has ticked at it.
func step(t *testing.T, clock *fakeClock, at time.Time, engines ...*Engine) {
	t.Helper()
	clock.Set(at)
	deadline := time.Now().Add(10 * time.Second)
	for _, e := range engines {
		for e.scheduler.ticked().Before(at) {
			if time.Now().After(deadline) {
				t.Fatalf("the scheduler did not tick at %s (last tick %s)", at.Format(time.TimeOnly), e.scheduler.ticked().Format(time.TimeOnly))
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
}

// scheduleFlow creates a flow with the schedule trigger and input, and a data
// mapper step that answers what the trigger gave it, and publishes it.
func scheduleFlow(t *testing.T, srv *httptest.Server, trigger string, input map[string]any) string {
	t.Helper()
	flow := createFlow(t, srv, "scheduled "+trigger)
	setScheduleTrigger(t, srv, flow.ID, trigger, input)
	flowOp(t, srv, flow.ID, "ADD_ACTION", map[string]any{"parentStep": "trigger", "stepLocationRelativeToParent": "AFTER",
		"action": map[string]any{"name": "step_1", "displayName": "Map", "valid": true, "type": "PIECE",
			"settings": map[string]any{"pieceName": "@activepieces/piece-data-mapper", "pieceVersion": "0.3.15", "actionName": "advanced_mapping",
				"input": map[string]any{"mapping": map[string]any{"got": "{{trigger}}"}}, "propertySettings": map[string]any{}}}})
	if published := flowOp(t, srv, flow.ID, "LOCK_AND_PUBLISH", map[string]any{}); published.Status != workflows.FlowEnabled {
		t.Fatalf("the flow was not enabled: %+v", published)
	}
	return flow.ID
}

func setScheduleTrigger(t *testing.T, srv *httptest.Server, flowID, trigger string, input map[string]any) {
	t.Helper()
	flowOp(t, srv, flowID, "UPDATE_TRIGGER", map[string]any{
		"name": "trigger", "displayName": "Schedule", "valid": true, "type": "PIECE_TRIGGER",
		"settings": map[string]any{"pieceName": "@activepieces/piece-schedule", "pieceVersion": "~0.1.5",
			"triggerName": trigger, "input": input, "propertySettings": map[string]any{}},
	})
}

// runsOf lists a flow's runs, oldest first.
func runsOf(t *testing.T, e *Engine, flowID string) []workflows.FlowRun {
	t.Helper()
	items, err := store.ListDocs[workflows.FlowRun](context.Background(), e.store.DB, store.KindRun, store.Scope{ParentID: flowID})
	if err != nil {
		t.Fatal(err)
	}
	runs := make([]workflows.FlowRun, len(items))
	for i, it := range items {
		runs[i] = it.Value
	}
	return runs
}

// expectRuns fails unless the flow has n runs.
func expectRuns(t *testing.T, e *Engine, flowID string, n int, when string) []workflows.FlowRun {
	t.Helper()
	runs := runsOf(t, e, flowID)
	if len(runs) != n {
		t.Fatalf("%s: %d runs, want %d", when, len(runs), n)
	}
	return runs
}

// finishedRun waits for a run to end and returns it.
func finishedRun(t *testing.T, e *Engine, runID string) *workflows.FlowRun {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		run, err := store.GetDoc[workflows.FlowRun](context.Background(), e.store.DB, store.KindRun, runID)
		if err != nil {
			t.Fatal(err)
		}
		if run.Status.Terminal() {
			return run
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s is still %s", runID, run.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// at is t0's day at hh:mm:ss UTC.
func at(hh, mm, ss int) time.Time { return time.Date(2025, 1, 6, hh, mm, ss, 0, time.UTC) }

func TestScheduleEveryMinute(t *testing.T) {
	clock := newFakeClock(t0)
	e, srv := scheduledEngine(t, ":memory:", clock)
	flowID := scheduleFlow(t, srv, "every_x_minutes", map[string]any{"minutes": 1})

	step(t, clock, at(12, 0, 59), e)
	expectRuns(t, e, flowID, 0, "a second before the minute")
	step(t, clock, at(12, 1, 0), e)
	runs := expectRuns(t, e, flowID, 1, "on the minute")
	step(t, clock, at(12, 1, 30), e)
	step(t, clock, at(12, 1, 59), e)
	expectRuns(t, e, flowID, 1, "within the same minute")
	step(t, clock, at(12, 2, 0), e)
	step(t, clock, at(12, 2, 1), e)
	expectRuns(t, e, flowID, 2, "on the next minute")
	// Five minutes pass at once (nobody ran): the latest due time fires, once.
	step(t, clock, at(12, 7, 10), e)
	expectRuns(t, e, flowID, 3, "after five missed minutes")

	run := finishedRun(t, e, runs[0].ID)
	wantOutput := `{"cron_expression":"*/1 * * * *","timezone":"UTC"}`
	if run.Status != workflows.RunSucceeded || run.Environment != workflows.EnvProduction {
		t.Fatalf("run %s %s, want SUCCEEDED PRODUCTION: %+v", run.Status, run.Environment, run.FailedStep)
	}
	if got := compactJSON(t, run.Steps["trigger"].Output); got != wantOutput {
		t.Errorf("trigger output %s, want %s", got, wantOutput)
	}
	if got := compactJSON(t, run.Steps["step_1"].Output); got != `{"got":`+wantOutput+`}` {
		t.Errorf("the step read the trigger as %s", got)
	}
}

func compactJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	return jsonText(t, v)
}

func TestScheduleCronExpressionInTimezone(t *testing.T) {
	clock := newFakeClock(at(0, 28, 0))
	e, srv := scheduledEngine(t, ":memory:", clock)
	// 09:30 in Tokyo (UTC+9 all year) is 00:30 UTC.
	flowID := scheduleFlow(t, srv, "cron_expression", map[string]any{"cronExpression": "30 9 * * *", "timezone": "Asia/Tokyo"})

	step(t, clock, at(0, 29, 59), e)
	expectRuns(t, e, flowID, 0, "before 09:30 in Tokyo")
	step(t, clock, at(0, 30, 0), e)
	runs := expectRuns(t, e, flowID, 1, "at 09:30 in Tokyo")
	step(t, clock, at(9, 30, 0), e)
	expectRuns(t, e, flowID, 1, "at 09:30 UTC")
	if got := compactJSON(t, finishedRun(t, e, runs[0].ID).Steps["trigger"].Output); got != `{}` {
		t.Errorf("trigger output %s, want {} as the piece's cron_expression run gives", got)
	}
}

func TestScheduleStopsWhenDisabledAndFollowsNewVersions(t *testing.T) {
	clock := newFakeClock(t0)
	e, srv := scheduledEngine(t, ":memory:", clock)
	flowID := scheduleFlow(t, srv, "every_x_minutes", map[string]any{"minutes": 1})
	step(t, clock, at(12, 1, 0), e)
	expectRuns(t, e, flowID, 1, "on the minute")

	flowOp(t, srv, flowID, "CHANGE_STATUS", map[string]any{"status": "DISABLED"})
	step(t, clock, at(12, 2, 0), e)
	step(t, clock, at(12, 3, 0), e)
	expectRuns(t, e, flowID, 1, "while disabled")

	// Enabled again, it fires from the next due time on, not for the minutes it missed.
	flowOp(t, srv, flowID, "CHANGE_STATUS", map[string]any{"status": "ENABLED"})
	step(t, clock, at(12, 3, 30), e)
	expectRuns(t, e, flowID, 1, "enabled again, before the minute")
	step(t, clock, at(12, 4, 0), e)
	expectRuns(t, e, flowID, 2, "enabled again, on the minute")

	// A new version every hour on weekdays: the minutes stop, the hour fires.
	setScheduleTrigger(t, srv, flowID, "every_hour", map[string]any{"run_on_weekends": false})
	flowOp(t, srv, flowID, "LOCK_AND_PUBLISH", map[string]any{})
	step(t, clock, at(12, 5, 0), e)
	step(t, clock, at(12, 59, 0), e)
	expectRuns(t, e, flowID, 2, "every hour, before the hour")
	step(t, clock, at(13, 0, 0), e)
	runs := expectRuns(t, e, flowID, 3, "every hour, on the hour")
	if got := compactJSON(t, finishedRun(t, e, runs[2].ID).Steps["trigger"].Output); got != `{"cron_expression":"0 * * * 1-5","timezone":"UTC"}` {
		t.Errorf("the new version's trigger output is %s", got)
	}

	call(t, srv, "DELETE", gw+"/v1/flows/"+flowID, nil).expect(t, 204)
	step(t, clock, at(14, 0, 0), e)
	var left int
	if err := e.store.DB.QueryRow(`SELECT count(*) FROM schedule_flows`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d schedules left after the flow was deleted (%v)", left, err)
	}
}

func TestPublishRefusesAnInvalidSchedule(t *testing.T) {
	_, srv := testEngine(t)
	for _, c := range []struct {
		trigger string
		input   map[string]any
		want    string
	}{
		{"every_x_minutes", map[string]any{"minutes": 60}, "Invalid cron expression: */60 * * * *"},
		{"cron_expression", map[string]any{"cronExpression": "61 * * * *", "timezone": "UTC"}, "Invalid cron expression: 61 * * * *"},
		{"cron_expression", map[string]any{"cronExpression": "* * * * *", "timezone": "Atlantis/Capital"}, `invalid timezone "Atlantis/Capital"`},
	} {
		flow := createFlow(t, srv, "bad schedule")
		setScheduleTrigger(t, srv, flow.ID, c.trigger, c.input)
		a := call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, map[string]any{"type": "LOCK_AND_PUBLISH", "request": map[string]any{}})
		message, _ := decode[errorBody](t, a).Params["message"].(string)
		if a.Status != 400 || !strings.Contains(message, c.want) {
			t.Errorf("%s %v: publish answered %d %s, want 400 with %q", c.trigger, c.input, a.Status, a.Body, c.want)
		}
	}
}

// Two engines on one file, as two processes would be: every due time fires
// once, whichever holds the lease; when the holder closes, the other takes
// the schedules over at once, not when the lease would have expired.
func TestSchedulesTwoEnginesOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schedules.db")
	clock := newFakeClock(t0)
	a, srvA := scheduledEngine(t, path, clock)
	b, _ := scheduledEngine(t, path, clock)
	flowID := scheduleFlow(t, srvA, "every_x_minutes", map[string]any{"minutes": 1})

	for minute := 1; minute <= 4; minute++ {
		step(t, clock, at(12, minute, 0), a, b)
		step(t, clock, at(12, minute, 20), a, b)
		expectRuns(t, a, flowID, minute, "with two engines")
	}
	// Both renew or take the lease at 12:04:50; it would last until 12:05:20.
	step(t, clock, at(12, 4, 50), a, b)
	owner, err := store.LeaseOwner(context.Background(), a.store.DB, scheduleLease, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	holder, other := a, b
	if owner == b.instanceID {
		holder, other = b, a
	} else if owner != a.instanceID {
		t.Fatalf("the lease is held by %q, neither engine", owner)
	}
	if err := holder.Close(); err != nil {
		t.Fatal(err)
	}
	step(t, clock, at(12, 5, 0), other)
	expectRuns(t, other, flowID, 5, "after the holder closed")

	fires, err := store.Fires(context.Background(), other.store.DB, flowID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fires) != 5 || !fires[4].Due.Equal(at(12, 5, 0)) || fires[4].Owner != other.instanceID {
		t.Fatalf("fires %+v; want 12:01 … 12:05, the last by the engine that stayed", fires)
	}
}

// A due time fires once however often it is fired, and only by the lease's holder.
func TestAFireNeedsTheLeaseAndHappensOnce(t *testing.T) {
	clock := newFakeClock(t0)
	e, srv := scheduledEngine(t, ":memory:", clock)
	flowID := scheduleFlow(t, srv, "every_x_minutes", map[string]any{"minutes": 1})
	step(t, clock, at(12, 0, 59), e) // the engine holds the lease; nothing is due yet
	ctx := context.Background()
	flows, err := e.scheduler.scheduledFlows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f := flows[flowID]
	next := store.ScheduledFlow{FlowID: flowID, Timing: f.schedule.Key(), NextDue: at(12, 2, 0)}
	for range 3 {
		e.scheduler.fire(ctx, f, at(12, 1, 0), next, clock.Now())
	}
	expectRuns(t, e, flowID, 1, "one due time fired three times")

	// Another engine took the lease: this one fires nothing.
	if err := store.ReleaseLease(ctx, e.store.DB, scheduleLease, e.instanceID); err != nil {
		t.Fatal(err)
	}
	if held, err := store.AcquireLease(ctx, e.store.DB, scheduleLease, "another engine", clock.Now(), time.Minute); err != nil || !held {
		t.Fatalf("another engine could not take the lease: %v", err)
	}
	e.scheduler.fire(ctx, f, at(12, 2, 0), next, clock.Now())
	expectRuns(t, e, flowID, 1, "a fire without the lease")
}
