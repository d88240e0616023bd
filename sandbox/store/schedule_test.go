package store

import (
	"context"
	"testing"
	"time"
)

func openTestStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := MigrateSchedules(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// The lease goes to one owner at a time: renewed by its holder, taken over
// by another only once it expired or was released.
func TestLease(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Date(2025, 1, 6, 12, 0, 0, 0, time.UTC)
	ttl := 30 * time.Second
	take := func(owner string, at time.Time, want bool) {
		t.Helper()
		got, err := AcquireLease(ctx, s.DB, "scheduler", owner, at, ttl)
		if err != nil || got != want {
			t.Fatalf("%s takes the lease at %s: %v, %v; want %v", owner, at.Format(time.TimeOnly), got, err, want)
		}
	}
	take("a", now, true)
	take("b", now.Add(10*time.Second), false)
	take("a", now.Add(20*time.Second), true) // renewed until 12:00:50
	take("b", now.Add(45*time.Second), false)
	if held, _ := HoldsLease(ctx, s.DB, "scheduler", "a", now.Add(49*time.Second)); !held {
		t.Fatal("a does not hold the lease it renewed")
	}
	take("b", now.Add(50*time.Second), true) // expired: b takes it over
	take("a", now.Add(51*time.Second), false)
	if owner, _ := LeaseOwner(ctx, s.DB, "scheduler", now.Add(51*time.Second)); owner != "b" {
		t.Fatalf("the lease is held by %q, want b", owner)
	}
	if err := ReleaseLease(ctx, s.DB, "scheduler", "a"); err != nil { // not a's to release
		t.Fatal(err)
	}
	take("a", now.Add(52*time.Second), false)
	if err := ReleaseLease(ctx, s.DB, "scheduler", "b"); err != nil {
		t.Fatal(err)
	}
	take("a", now.Add(53*time.Second), true)
}

// A (flow, due time) is claimed once; old fires are pruned.
func TestClaimFire(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	due := time.Date(2025, 1, 6, 12, 1, 0, 0, time.UTC)
	for i, want := range []bool{true, false} {
		got, err := ClaimFire(ctx, s.DB, Fire{FlowID: "f", Due: due, RunID: "r" + string(rune('0'+i)), Owner: "a"})
		if err != nil || got != want {
			t.Fatalf("claim %d: %v, %v; want %v", i, got, err, want)
		}
	}
	if got, _ := ClaimFire(ctx, s.DB, Fire{FlowID: "f", Due: due.Add(time.Minute), RunID: "r2", Owner: "b"}); !got {
		t.Fatal("the next due time could not be claimed")
	}
	if err := PruneFires(ctx, s.DB, due.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	fires, err := Fires(ctx, s.DB, "f")
	if err != nil || len(fires) != 1 || fires[0].RunID != "r2" || fires[0].Owner != "b" || !fires[0].Due.Equal(due.Add(time.Minute)) {
		t.Fatalf("fires after pruning: %+v, %v", fires, err)
	}
}
