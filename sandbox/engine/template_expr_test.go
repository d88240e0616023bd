package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
)

// TestResolveTemplateExpressions: the inside of {{ }} is JavaScript over
// trigger and the steps' outputs; a lone template keeps its value's type,
// templates in text are stringified (objects as JSON).
func TestResolveTemplateExpressions(t *testing.T) {
	scope := templateScope()
	tests := []struct {
		name  string
		input any
		want  any
	}{
		{"array length", "{{trigger.body.items.length}}", float64(2)},
		{"string length", "{{ trigger.body.name.length }}", float64(3)},
		{"sum of two outputs", "{{step_1.a + step_1.b}}", float64(7)},
		{"method call", "{{trigger.body.name.toUpperCase()}}", "ADA"},
		{"boolean kept", "{{trigger.body.ok && trigger.body.count > 2}}", true},
		{"array kept", "{{trigger.body.items.slice(1)}}", []any{map[string]any{"name": "second"}}},
		{"object literal kept", "{{ ({n: trigger.body.count * 2}) }}", map[string]any{"n": float64(6)}},
		{"arrow function (child process)", "{{trigger.body.items.map(i => i.name)}}", []any{"first", "second"}},
		{"in text", "Hi {{trigger.body.name.toLowerCase()}}, {{trigger.body.items.length}} items", "Hi ada, 2 items"},
		{"object in text as JSON", "x={{trigger.body.items.slice(1)}}", `x=[{"name":"second"}]`},
		{"globals", "{{ Math.max(1, trigger.body.count) }}", float64(3)},
		{"JSON.stringify gives a string", "{{JSON.stringify(trigger.body.items[0])}}", `{"name":"first"}`},
		{"output alias in JavaScript", "{{step_1.output.nested.deep * 2}}", float64(3)},
		{"template literal", "{{ `${trigger.body.name}-${step_1.id}` }}", "Ada-abc"},
		{"undefined reference is null", "{{ nope.x + 1 }}", nil},
		{"undefined reference in text is empty", "[{{ nope }}]", "[]"},
		{"member of undefined is null", "{{ step_1.missing.deep }}", nil},
		{"thrown TypeError is null", "{{ trigger.body.name.nope() }}", nil},
		{"syntax error is null", "{{ trigger.body. }}", nil},
		{"undefined value is null", "{{ trigger.body.nope }}", nil},
		{"mixed fast and slow", map[string]any{"a": "{{step_1.id}}", "b": []any{"{{step_1.a * 10}}"}},
			map[string]any{"a": "abc", "b": []any{float64(20)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := testTemplates(scope).resolve(tc.input)
			if err != nil {
				t.Fatalf("resolve: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestResolveTemplateLimits: an expression that runs away fails the step with
// the limit it broke, whether it ran in-process or in a child process.
func TestResolveTemplateLimits(t *testing.T) {
	js := jsrun.NewRunner()
	js.ExprLimits.Time = 300 * time.Millisecond
	js.ExprLimits.Output = 1000
	tpl := templater{ctx: context.Background(), js: js, scope: templateScope()}
	tests := map[string]string{
		"{{ (() => { while (true) {} })() }}":                          "time limit",
		"{{ 'a'.repeat(2 ** 29) }}":                                    "out of memory",
		"{{ 'a'.repeat(2000) }}":                                       "is 2002 bytes of JSON, more than the sandbox's limit of 1000 bytes",
		"{{ trigger.body.name.padEnd(3000, 'x') }}":                    "more than the sandbox's limit of 1000 bytes",
		"{{ [trigger, trigger, trigger, trigger, trigger, trigger] }}": "more than the sandbox's limit of 1000 bytes",
	}
	for input, want := range tests {
		_, err := tpl.resolve(input)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error = %v, want one saying %q", input, err, want)
		}
	}
}

// TestLookupReferenceFastPath: plain references are resolved without
// JavaScript, and what only JavaScript knows is left to it.
func TestLookupReferenceFastPath(t *testing.T) {
	scope := templateScope()
	for expr, wantOK := range map[string]bool{
		"trigger.body.name":            true,
		"step_1.output.id":             true,
		"trigger.headers.content-type": true,
		"step_9.id":                    true,
		"trigger.body.items.length":    false,
		"trigger.body.name.length":     false,
		"Math.PI":                      false,
		"step_1.a + step_1.b":          false,
		"trigger.body.constructor":     false,
	} {
		if _, ok := lookupReference(expr, scope); ok != wantOK {
			t.Errorf("lookupReference(%q) ok = %v, want %v", expr, ok, wantOK)
		}
	}
}

func BenchmarkResolveReference(b *testing.B) {
	tpl := testTemplates(templateScope())
	for b.Loop() {
		if _, err := tpl.resolve("{{trigger.body.items[1].name}}"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveExpressionInProcess(b *testing.B) {
	tpl := testTemplates(templateScope())
	for b.Loop() {
		if _, err := tpl.resolve("{{trigger.body.name.toUpperCase()}}"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveExpressionChild(b *testing.B) {
	tpl := testTemplates(templateScope())
	for b.Loop() {
		if _, err := tpl.resolve("{{trigger.body.items.map(i => i.name)}}"); err != nil {
			b.Fatal(err)
		}
	}
}
