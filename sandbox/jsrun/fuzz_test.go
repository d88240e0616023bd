package jsrun

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
	"time"
)

// FuzzRunCode: whatever the code, RunCode returns within its time limit
// (and the grace a child gets), does not panic, and what it returns stays
// within the output and log limits.
func FuzzRunCode(f *testing.F) {
	f.Add(`export const code = async (inputs) => inputs.a + 1`)
	f.Add(`export const code = async () => { while (true) {} }`)
	f.Add(`export const code = async () => 'a'.repeat(2 ** 29)`)
	r := &Runner{InProcess: !childCapable(), CodeLimits: Limits{Time: 200 * time.Millisecond, Memory: 64 << 20, Output: 4 << 10, Logs: 1 << 10}}
	f.Fuzz(func(t *testing.T, code string) {
		if r.InProcess && (strings.Contains(code, "repeat") || strings.Contains(code, "pad")) {
			t.Skip("in-process, nothing bounds memory")
		}
		start := time.Now()
		res, err := r.RunCode(context.Background(), code, "", map[string]any{"a": 1})
		if d := time.Since(start); d > r.CodeLimits.Time+childGrace+time.Second {
			t.Fatalf("RunCode took %v", d)
		}
		logged := 0
		for _, l := range res.Logs {
			logged += len(l)
		}
		if logged > r.CodeLimits.Logs+100 {
			t.Fatalf("%d bytes of logs kept", logged)
		}
		if err != nil {
			return
		}
		if len(res.Output) > r.CodeLimits.Output || !json.Valid(res.Output) {
			t.Fatalf("output %d bytes, valid %v", len(res.Output), json.Valid(res.Output))
		}
	})
}

// FuzzBounded: an expression that Bounded lets run in the server's process
// allocates little and finishes quickly over a small scope; the others run in
// a child process.
func FuzzBounded(f *testing.F) {
	f.Add("trigger.body.items.length")
	f.Add("trigger.body.name.split('').concat(trigger.body.items).join('-')")
	f.Add("'a'.repeat(2 ** 29)")
	f.Fuzz(func(t *testing.T, expr string) {
		if !Bounded(expr) {
			return
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, _ = (&Runner{}).Eval(context.Background(), []string{expr}, exprScope) // only the cost is checked
		runtime.ReadMemStats(&after)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("{{%s}} took %v in-process", expr, d)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Fatalf("{{%s}} allocated %d bytes in-process", expr, grew)
		}
	})
}
