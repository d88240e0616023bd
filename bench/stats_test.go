package bench

import (
	"slices"
	"testing"
	"time"
)

func ms(values ...int) []time.Duration {
	out := make([]time.Duration, len(values))
	for i, v := range values {
		out[i] = time.Duration(v) * time.Millisecond
	}
	return out
}

func TestSummarize(t *testing.T) {
	cases := []struct {
		name    string
		samples []time.Duration
		want    Summary
	}{
		{name: "none", samples: nil, want: Summary{}},
		{name: "one", samples: ms(7), want: Summary{N: 1, Min: ms(7)[0], Median: ms(7)[0], P90: ms(7)[0], Max: ms(7)[0]}},
		{name: "even count takes the lower middle", samples: ms(4, 1, 3, 2),
			want: Summary{N: 4, Min: ms(1)[0], Median: ms(2)[0], P90: ms(4)[0], Max: ms(4)[0]}},
		{name: "ten unsorted", samples: ms(10, 9, 8, 7, 6, 5, 4, 3, 2, 1),
			want: Summary{N: 10, Min: ms(1)[0], Median: ms(5)[0], P90: ms(9)[0], Max: ms(10)[0]}},
		{name: "an outlier moves only the max", samples: ms(5, 5, 5, 5, 5, 5, 5, 5, 5, 900),
			want: Summary{N: 10, Min: ms(5)[0], Median: ms(5)[0], P90: ms(5)[0], Max: ms(900)[0]}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.samples)
			if got := Summarize(tc.samples); got != tc.want {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
			if !slices.Equal(before, tc.samples) {
				t.Errorf("Summarize reordered its input: %v", tc.samples)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	cases := []struct {
		name string
		a, b time.Duration
		want float64
	}{
		{name: "twice as slow", a: 20 * time.Millisecond, b: 10 * time.Millisecond, want: 2},
		{name: "faster", a: 5, b: 20, want: 0.25},
		{name: "nothing to compare with", a: 5, b: 0, want: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Ratio(tc.a, tc.b); got != tc.want {
				t.Errorf("Ratio(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
