package main

import (
	"slices"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/bench"
)

func TestSoakCheckpoints(t *testing.T) {
	cases := []struct {
		calls int
		want  []int
	}{
		{100000, []int{1000, 24750, 24750, 24750, 24750}},
		{1003, []int{100, 226, 226, 226, 225}},
		{2, []int{1, 1}},
		{1, []int{1}},
	}
	for _, tc := range cases {
		got := soakCheckpoints(tc.calls)
		if !slices.Equal(got, tc.want) {
			t.Errorf("soakCheckpoints(%d) = %v, want %v", tc.calls, got, tc.want)
		}
		sum := 0
		for _, n := range got {
			sum += n
		}
		if sum != tc.calls {
			t.Errorf("soakCheckpoints(%d) adds up to %d", tc.calls, sum)
		}
	}
}

func TestSoakGrowth(t *testing.T) {
	r := soakResult{points: []soakPoint{{calls: 10, memory: bench.Memory{RSS: 10 << 20}}, {calls: 100, memory: bench.Memory{RSS: 12 << 20}}}}
	if g := r.growth(); g != 2<<20 {
		t.Errorf("growth = %d", g)
	}
	if (soakResult{}).growth() != 0 {
		t.Error("growth without points")
	}
}
