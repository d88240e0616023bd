package bench

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	var running, most, total atomic.Int32
	res, err := Load(40, 4, func(worker int) error {
		if worker < 0 || worker >= 4 {
			t.Errorf("worker %d", worker)
		}
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		running.Add(-1)
		total.Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total.Load() != 40 || len(res.Latencies) != 40 {
		t.Errorf("%d calls, %d latencies; want 40", total.Load(), len(res.Latencies))
	}
	if most.Load() > 4 {
		t.Errorf("%d calls ran at once, want at most 4", most.Load())
	}
	if res.PerSecond() <= 0 {
		t.Errorf("PerSecond = %v", res.PerSecond())
	}
}

func TestLoadStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int32
	_, err := Load(1000, 2, func(int) error {
		if calls.Add(1) == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if n := calls.Load(); n > 10 {
		t.Errorf("%d calls after the error, want it to stop", n)
	}
}

func TestLoadResultAdd(t *testing.T) {
	r := LoadResult{Latencies: []time.Duration{1, 2}, Elapsed: time.Second}
	r.Add(LoadResult{Latencies: []time.Duration{3, 4}, Elapsed: time.Second})
	if len(r.Latencies) != 4 || r.PerSecond() != 2 {
		t.Errorf("after Add: %d latencies, %v/s; want 4 and 2", len(r.Latencies), r.PerSecond())
	}
	if (LoadResult{}).PerSecond() != 0 {
		t.Error("an empty result has a rate")
	}
}
