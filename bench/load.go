package bench

import (
	"sync"
	"time"
)

// LoadResult is what a batch of calls with several in flight measured.
type LoadResult struct {
	Latencies []time.Duration // one per call, in no particular order
	Elapsed   time.Duration   // wall time of the batch
}

// Add merges another batch of the same load into r (latencies appended, times summed).
func (r *LoadResult) Add(o LoadResult) {
	r.Latencies = append(r.Latencies, o.Latencies...)
	r.Elapsed += o.Elapsed
}

// PerSecond is the calls completed per second of wall time.
func (r LoadResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(len(r.Latencies)) / r.Elapsed.Seconds()
}

// Load makes calls calls with inFlight of them running at once (each worker calls
// call in a loop; worker is its number, from 0) and times each. It stops at the
// first error and returns it.
func Load(calls, inFlight int, call func(worker int) error) (LoadResult, error) {
	inFlight = max(1, min(inFlight, calls))
	var (
		mu       sync.Mutex
		next     int
		firstErr error
		lat      = make([]time.Duration, 0, calls)
	)
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if next >= calls || firstErr != nil {
			return false
		}
		next++
		return true
	}
	var wg sync.WaitGroup
	start := time.Now()
	for w := range inFlight {
		wg.Go(func() {
			for take() {
				t := time.Now()
				err := call(w)
				d := time.Since(t)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return LoadResult{Latencies: lat, Elapsed: time.Since(start)}, firstErr
}
