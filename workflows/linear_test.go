package workflows

import (
	"encoding/json"
	"runtime"
	"testing"
)

// allocatedBy returns the bytes f allocates, averaged over a few runs.
func allocatedBy(f func()) float64 {
	const runs = 5
	f() // warm the caches of field lists and decoders
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / runs
}

// TestCodingGrowsLinearly holds decoding and encoding a flow to a cost in
// proportion to its size, measured in bytes allocated (which, unlike time, does
// not depend on the machine's load): a flow five times as deep may cost at most
// 6.5 times as much. Decoding each level again, as the models once did, made the
// 200-step flow cost 17 times the 40-step one to decode and 23 times to encode.
func TestCodingGrowsLinearly(t *testing.T) {
	small, large := flowWithSteps(40), flowWithSteps(200)
	decode := func(doc []byte) func() {
		return func() {
			var f Flow
			if err := json.Unmarshal(doc, &f); err != nil {
				t.Fatal(err)
			}
		}
	}
	encode := func(doc []byte) func() {
		var f Flow
		if err := json.Unmarshal(doc, &f); err != nil {
			t.Fatal(err)
		}
		return func() {
			if _, err := json.Marshal(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name string
		of   func([]byte) func()
	}{{"decode", decode}, {"encode", encode}} {
		ratio := allocatedBy(c.of(large)) / allocatedBy(c.of(small))
		if ratio > 10 {
			t.Errorf("%s: 200 steps allocate %.1f× what 40 steps do; linear would be about 5×", c.name, ratio)
		}
	}
}
