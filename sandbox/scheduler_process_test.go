package sandbox

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
)

// The helper process of TestSchedulesAcrossProcesses reads its store and its
// clock's epoch from these variables.
const (
	schedulerDBEnv    = "SANDBOX_TEST_SCHEDULER_DB"
	schedulerEpochEnv = "SANDBOX_TEST_SCHEDULER_EPOCH"
)

// clockSpeed makes a minute of the schedules pass in a second.
const clockSpeed = 60

// speedClock runs clockSpeed times faster than the system clock from epoch:
// processes given the same epoch share one time, as engines on one store must.
type speedClock struct{ epoch time.Time }

func (c speedClock) Now() time.Time { return c.epoch.Add(time.Since(c.epoch) * clockSpeed) }

func (c speedClock) At(t time.Time) <-chan time.Time {
	return time.After(t.Sub(c.Now()) / clockSpeed)
}

// TestSchedulerProcess is not a test of its own: TestSchedulesAcrossProcesses
// runs the test binary again with schedulerDBEnv set, and this serves the
// schedules of that store until its standard input closes, then closes.
func TestSchedulerProcess(t *testing.T) {
	path := os.Getenv(schedulerDBEnv)
	if path == "" {
		t.Skip("runs only as the helper process of TestSchedulesAcrossProcesses")
	}
	epoch, err := strconv.ParseInt(os.Getenv(schedulerEpochEnv), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Open(path, WithClock(speedClock{time.UnixMilli(epoch)}))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, os.Stdin)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

// Two processes serve one store's schedules, with minutes passing in
// seconds: the helper process fires first, then both serve, then it exits and
// this one carries on; each due time starts exactly one run.
func TestSchedulesAcrossProcesses(t *testing.T) {
	if os.Getenv(schedulerDBEnv) != "" {
		t.Skip("inside the helper process")
	}
	path := filepath.Join(t.TempDir(), "schedules.db")
	epoch := time.UnixMilli(time.Now().UnixMilli())
	clock := speedClock{epoch}
	setup, srv := scheduledEngine(t, path, clock)
	flowID := scheduleFlow(t, srv, "every_x_minutes", map[string]any{"minutes": 1})
	if err := setup.Close(); err != nil { // the helper process fires first
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^TestSchedulerProcess$", "-test.count=1")
	child.Env = append(os.Environ(), schedulerDBEnv+"="+path, schedulerEpochEnv+"="+strconv.FormatInt(epoch.UnixMilli(), 10))
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.CreateTemp(t.TempDir(), "child")
	if err != nil {
		t.Fatal(err)
	}
	child.Stdout, child.Stderr = out, out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	waitForFires(t, path, flowID, 2)
	e, err := Open(path, WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	time.Sleep(2 * time.Second) // about two due times with both processes up
	stdin.Close()
	if err := child.Wait(); err != nil {
		log, _ := os.ReadFile(out.Name())
		t.Fatalf("the helper process failed: %v\n%s", err, log)
	}
	childGone := clock.Now()
	time.Sleep(3 * time.Second) // about three more, served by this process alone
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	checkFiresAcrossProcesses(t, path, flowID, e.instanceID, childGone)
}

// waitForFires waits until the flow has fired n times.
func waitForFires(t *testing.T, path, flowID string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		fires, err := store.Fires(ctx, st.DB, flowID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fires) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d fires after 20 s, want %d", len(fires), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkFiresAcrossProcesses checks that every fire started one run and every
// run came from one fire, and that the fires after the helper process left
// were this process's.
func checkFiresAcrossProcesses(t *testing.T, path, flowID, parentID string, childGone time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fires, err := store.Fires(ctx, st.DB, flowID)
	if err != nil {
		t.Fatal(err)
	}
	runs := runsOf(t, &Engine{store: st}, flowID)
	if len(fires) < 4 || len(runs) != len(fires) {
		t.Fatalf("%d fires and %d runs; want as many runs as fires, at least 4", len(fires), len(runs))
	}
	runIDs := map[string]bool{}
	for _, r := range runs {
		runIDs[r.ID] = true
	}
	owners := map[string]int{}
	var after int
	for i, f := range fires {
		owners[f.Owner]++
		if !runIDs[f.RunID] {
			t.Errorf("the fire due %s names run %s, which does not exist", f.Due, f.RunID)
		}
		if i > 0 && (!f.Due.After(fires[i-1].Due) || f.Due.Second() != 0) {
			t.Errorf("fire %d is due %s, after %s", i, f.Due, fires[i-1].Due)
		}
		if f.Due.After(childGone) {
			after++
			if f.Owner != parentID {
				t.Errorf("the fire due %s, after the helper process exited, is %s's", f.Due, f.Owner)
			}
		}
	}
	if after == 0 || owners[parentID] == len(fires) {
		t.Errorf("fires %+v: want some by the helper process, and some by this one after it exited", fires)
	}
	t.Logf("%d fires by %d engines (%v)", len(fires), len(owners), owners)
}
