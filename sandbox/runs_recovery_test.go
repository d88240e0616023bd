package sandbox

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// withStaleAfter sets how old a heartbeat may be before its engine counts as gone.
func withStaleAfter(d time.Duration) Option { return func(e *Engine) { e.staleAfter = d } }

// storedRun reads a run straight from an engine's store.
func storedRun(t *testing.T, e *Engine, id string) workflows.FlowRun {
	t.Helper()
	run, err := store.GetDoc[workflows.FlowRun](context.Background(), e.store.DB, store.KindRun, id)
	if err != nil || run == nil {
		t.Fatalf("run %s: %v", id, err)
	}
	return *run
}

func TestAbandonedRunsAreEndedOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "abandoned.db")
	e := openEngine(t, path)
	ctx := context.Background()
	ts := store.ISOTime(time.Now())
	// Two runs left RUNNING by engines that died: one recorded its owner, one did not.
	owned := &workflows.FlowRun{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, ProjectID: e.projectID, FlowID: missingID,
		Status: workflows.RunRunning, Environment: workflows.EnvProduction, StartTime: &ts}
	unowned := *owned
	unowned.ID = store.NewID()
	for _, run := range []*workflows.FlowRun{owned, &unowned} {
		if err := store.PutDoc(ctx, e.store.DB, store.RunRef(run), run); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.PutDoc(ctx, e.store.DB, store.DocRef{Kind: store.KindRunOwner, ID: owned.ID, ParentID: missingID}, store.RunOwner{EngineID: "deadEngine00000000000"}); err != nil {
		t.Fatal(err)
	}
	// The dead engine's last heartbeat is long past.
	old := store.EngineBeat{ID: "deadEngine00000000000", Heartbeat: store.ISOTime(time.Now().Add(-time.Hour))}
	if err := store.PutDoc(ctx, e.store.DB, store.DocRef{Kind: store.KindEngine, ID: old.ID}, old); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := openEngine(t, path)
	for _, id := range []string{owned.ID, unowned.ID} {
		run := storedRun(t, e2, id)
		if run.Status != workflows.RunInternalError || run.FinishTime == nil || run.FailedStep == nil || run.FailedStep.Message != store.AbandonedMessage {
			t.Fatalf("abandoned run %+v, want INTERNAL_ERROR saying its engine stopped", run)
		}
	}
	if o, _ := store.GetDoc[store.RunOwner](ctx, e2.store.DB, store.KindRunOwner, owned.ID); o != nil {
		t.Fatal("the ended run still has an owner")
	}
	if beat, _ := store.GetDoc[store.EngineBeat](ctx, e2.store.DB, store.KindEngine, old.ID); beat != nil {
		t.Fatal("the dead engine's heartbeat was kept")
	}
}

func TestRunsOfALiveEngineAreLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "live.db")
	release := make(chan struct{})
	_, srvA := openServed(t, path, withRunner(blockingRun(release)))
	flowID := echoFlowID(t, srvA)
	call(t, srvA, "POST", gw+"/v1/webhooks/"+flowID, `{}`).expect(t, 200)
	runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srvA, "GET", gw+"/v1/flow-runs", nil).expect(t, 200))
	if len(runs.Data) != 1 {
		t.Fatalf("%d runs", len(runs.Data))
	}
	runID := runs.Data[0].ID

	b, _ := openServed(t, path)
	if run := storedRun(t, b, runID); run.Status != workflows.RunRunning {
		t.Fatalf("another engine opening the store ended a live run: %s", run.Status)
	}
	close(release)
	if run := waitForRun(t, srvA, flowID); run.Status != workflows.RunSucceeded {
		t.Fatalf("the run ended %s", run.Status)
	}

	t.Run("a silent engine's runs are ended", func(t *testing.T) {
		hold := make(chan struct{})
		defer close(hold)
		_, srv := openServed(t, path, withRunner(blockingRun(hold)))
		call(t, srv, "POST", gw+"/v1/webhooks/"+flowID, `{}`).expect(t, 200)
		runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?status=RUNNING", nil).expect(t, 200))
		if len(runs.Data) != 1 {
			t.Fatalf("%d running runs", len(runs.Data))
		}
		// An engine that considers any heartbeat stale sees the run as abandoned.
		c, _ := openServed(t, path, withStaleAfter(time.Nanosecond))
		if run := storedRun(t, c, runs.Data[0].ID); run.Status != workflows.RunInternalError {
			t.Fatalf("a run whose engine's heartbeat is stale stayed %s", run.Status)
		}
	})
}

func TestHeartbeatIsRefreshedAndRemovedOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "beat.db")
	e := openEngine(t, path, func(e *Engine) { e.heartbeatEvery = time.Millisecond })
	ctx := context.Background()
	first, err := store.GetDoc[store.EngineBeat](ctx, e.store.DB, store.KindEngine, e.instanceID)
	if err != nil || first == nil {
		t.Fatalf("no heartbeat after Open: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		now, err := store.GetDoc[store.EngineBeat](ctx, e.store.DB, store.KindEngine, e.instanceID)
		if err != nil {
			t.Fatal(err)
		}
		if now.Heartbeat != first.Heartbeat {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the heartbeat was never refreshed")
		}
		time.Sleep(2 * time.Millisecond)
	}
	id := e.instanceID
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	other := openEngine(t, path)
	if gone, _ := store.GetDoc[store.EngineBeat](ctx, other.store.DB, store.KindEngine, id); gone != nil {
		t.Fatal("a closed engine left its heartbeat behind")
	}
}

// testClock is a clock a test moves forward; safe for concurrent use.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// TestAbandonedRunsAreSweptWhileTheEngineRuns: an engine restarted while a
// killed engine's heartbeat was still fresh leaves that engine's runs alone
// at Open, and ends them once the heartbeat goes stale, without reopening.
// The heartbeat's clock is driven by the test, so nothing depends on timing
// but the final poll, whose deadline is generous.
func TestAbandonedRunsAreSweptWhileTheEngineRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sweep.db")
	first := openEngine(t, path)
	ctx := context.Background()
	ts := store.ISOTime(time.Now())
	run := &workflows.FlowRun{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, ProjectID: first.projectID, FlowID: missingID,
		Status: workflows.RunRunning, Environment: workflows.EnvProduction, StartTime: &ts}
	const killed = "killedEngine000000000"
	docs := []struct {
		ref store.DocRef
		v   any
	}{
		{store.RunRef(run), run},
		{store.DocRef{Kind: store.KindRunOwner, ID: run.ID, ParentID: missingID}, store.RunOwner{EngineID: killed}},
		{store.DocRef{Kind: store.KindEngine, ID: killed}, store.EngineBeat{ID: killed, Heartbeat: ts}}, // beat just now, then killed
	}
	for _, d := range docs {
		if err := store.PutDoc(ctx, first.store.DB, d.ref, d.v); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	clock := &testClock{}
	restarted := openEngine(t, path, func(e *Engine) { e.heartbeatClock, e.sweepEvery = clock.now, 5*time.Millisecond })
	if got := storedRun(t, restarted, run.ID); got.Status != workflows.RunRunning {
		t.Fatalf("a run whose engine's heartbeat is fresh was ended at Open: %s", got.Status)
	}
	clock.advance(store.DefaultStaleAfter + time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := storedRun(t, restarted, run.ID)
		if got.Status == workflows.RunInternalError {
			if got.FailedStep == nil || got.FailedStep.Message != store.AbandonedMessage {
				t.Fatalf("swept run %+v, want INTERNAL_ERROR saying its engine stopped", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run is still %s long after its engine's heartbeat went stale", got.Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if o, _ := store.GetDoc[store.RunOwner](ctx, restarted.store.DB, store.KindRunOwner, run.ID); o != nil {
		t.Fatal("the swept run still has an owner")
	}
}
