package bench

import (
	"math"
	"slices"
	"time"
)

// Summary describes a set of timings.
type Summary struct {
	N      int
	Min    time.Duration
	Median time.Duration
	P90    time.Duration
	Max    time.Duration
}

// Summarize returns the summary of samples (the zero Summary when there are none).
// Percentiles use the nearest-rank method, so every value reported was measured.
func Summarize(samples []time.Duration) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	return Summary{
		N:      len(s),
		Min:    s[0],
		Median: percentile(s, 0.5),
		P90:    percentile(s, 0.9),
		Max:    s[len(s)-1],
	}
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 1) of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Ratio returns a/b, or 0 when b is zero (nothing to compare with).
func Ratio[T ~int64 | ~int | ~float64](a, b T) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
