package jsrun

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

var exprScope = map[string]any{
	"trigger": map[string]any{"body": map[string]any{"name": "Ada", "items": []any{float64(1), float64(2), float64(3)}}},
	"step_1":  map[string]any{"a": float64(2), "b": float64(5)},
}

func TestEval(t *testing.T) {
	exprs := []string{
		"trigger.body.items.length",
		"step_1.a + step_1.b",
		"trigger.body.name.toUpperCase()",
		"step_1.output.a",
		"trigger.body.items.filter(n => n > 1)",
		"nope.x",
		"trigger.body.",
		"undefined",
		"null",
		"({a: 1, f() {}})",
		"new Date(0).toISOString()",
	}
	want := []any{float64(3), float64(7), "ADA", float64(2), []any{float64(2), float64(3)}, nil, nil, nil, nil,
		map[string]any{"a": float64(1)}, "1970-01-01T00:00:00.000Z"}
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			got, err := r.Eval(context.Background(), exprs, exprScope)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %#v\nwant %#v", got, want)
			}
		})
	}
}

// TestEvalWhere: bounded expressions are evaluated in-process, the others
// in a child process (here a program that cannot serve, so they fail).
func TestEvalWhere(t *testing.T) {
	if !childCapable() {
		t.Skip("child processes only on Linux")
	}
	r := &Runner{Program: "/bin/false"}
	if _, err := r.Eval(context.Background(), []string{"step_1.a * 2", "trigger.body.name.slice(1)"}, exprScope); err != nil {
		t.Errorf("bounded expressions: %v", err)
	}
	if _, err := r.Eval(context.Background(), []string{"step_1.a * 2", "trigger.body.items.map(n => n * 2)"}, exprScope); err == nil {
		t.Error("an expression with a function ran in-process")
	}
}

func TestEvalLimits(t *testing.T) {
	tests := map[string]string{
		"(() => { while (true) {} })()": "the expression ran longer than 300ms",
		"'a'.repeat(2 ** 29)":           "ran out of memory",
		"'a'.repeat(2000)":              "the value of {{'a'.repeat(2000)}} is 2002 bytes of JSON, more than the sandbox's limit of 1000 bytes",
	}
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			r.ExprLimits = Limits{Time: 300 * time.Millisecond, Output: 1000, Memory: 64 << 20}
			for expr, want := range tests {
				if name == "in-process" && want == "ran out of memory" {
					continue // nothing bounds memory in-process
				}
				_, err := r.Eval(context.Background(), []string{"1", expr}, exprScope)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: error = %v, want one saying %q", expr, err, want)
				}
			}
		})
	}
}

func TestBounded(t *testing.T) {
	bounded := []string{
		"trigger.body.items.length", "step_1.a + step_1.b * 2", "trigger.body.name.toUpperCase()",
		"`${trigger.body.name}!`", "[1, ...trigger.body.items]", "({a: step_1.a, ...step_1})",
		"trigger?.body?.name", "step_1.a > 1 ? 'big' : 'small'", "JSON.stringify(step_1)", "Object.keys(step_1)",
		"Math.max(1, 2)", "String(step_1.a)", "trigger.body.items.join(', ')", "new Date().toISOString()",
		"trigger.body.name.replace('A', 'a')", "trigger['body']['name']", "trigger.body.", // does not parse
	}
	unbounded := []string{
		"'a'.repeat(2 ** 29)", "trigger.body.items.map(i => i)", "(function () { while (true) {} })()",
		"trigger.body.name.padEnd(1e9)", "JSON.stringify(step_1, null, 10)", "trigger.body.items.join(trigger.body.name)",
		"trigger.body.name.replace('A', \"$'\")", "new Array(1e9)", "Array.from({length: 1e9})", "/(a+)+b/.test('a')",
		"x = 1", "trigger.body.items.sort((a, b) => a - b)", "step_1['constructor']('return 1')()", "1); while (true) {} (2",
		"trigger.body.items.fill(0)", "this", "step_1[trigger.body.name]()", "String.raw`x`",
	}
	for _, e := range bounded {
		if !Bounded(e) {
			t.Errorf("Bounded(%q) = false, want true", e)
		}
	}
	for _, e := range unbounded {
		if Bounded(e) {
			t.Errorf("Bounded(%q) = true, want false", e)
		}
	}
}

func BenchmarkEvalInProcess(b *testing.B) {
	r := &Runner{}
	for b.Loop() {
		if _, err := r.Eval(context.Background(), []string{"trigger.body.name.toUpperCase()"}, exprScope); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvalChild(b *testing.B) {
	if !childCapable() {
		b.Skip("child processes only on Linux")
	}
	r := &Runner{}
	for b.Loop() {
		if _, err := r.Eval(context.Background(), []string{"trigger.body.items.map(n => n * 2)"}, exprScope); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEvalDeepNesting: goja's parser recurses on nesting, and a deep enough
// expression overflows the stack, which no recover catches; such an
// expression is never parsed in the server's process.
func TestEvalDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 1_000_000)
	if Bounded(deep) || Bounded(strings.Repeat("(", 100)+"1"+strings.Repeat(")", 100)) {
		t.Fatal("a deeply nested expression counts as bounded")
	}
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			values, err := r.Eval(context.Background(), []string{deep, "1"}, exprScope)
			if name == "child" {
				if err == nil || !strings.Contains(err.Error(), "too deeply") {
					t.Fatalf("error = %v, want a stack overflow", err)
				}
				return
			}
			if err != nil || values[0] != nil || values[1] != float64(1) {
				t.Fatalf("values %v, error %v", values, err)
			}
			_, err = r.RunCode(context.Background(), "export const code = () => "+strings.Repeat("[", 100_000), "", nil)
			if err == nil || !strings.Contains(err.Error(), "nests more than 500 deep") {
				t.Fatalf("deep code in-process: %v", err)
			}
		})
	}
}
