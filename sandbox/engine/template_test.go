package engine

import (
	"context"
	"reflect"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
)

// testTemplates resolves templates with the default JavaScript runner.
func testTemplates(scope runScope) templater {
	return templater{ctx: context.Background(), js: jsrun.Default(), scope: scope}
}

// templateScope is a run's scope for the template tests.
func templateScope() runScope {
	return runScope{
		"trigger": map[string]any{
			"method":  "POST",
			"headers": map[string]any{"content-type": "application/json"},
			"body": map[string]any{
				"name":    "Ada",
				"count":   float64(3),
				"ok":      true,
				"items":   []any{map[string]any{"name": "first"}, map[string]any{"name": "second"}},
				"odd key": "spaced",
			},
			"queryParams": map[string]any{},
		},
		"step_1": map[string]any{"id": "abc", "a": float64(2), "b": float64(5), "nested": map[string]any{"deep": float64(1.5)}},
		"step_2": map[string]any{"output": "own output member"},
	}
}

func TestResolveTemplates(t *testing.T) {
	scope := templateScope()
	tests := []struct {
		name  string
		input any
		want  any
	}{
		{"plain text untouched", "hello", "hello"},
		{"whole reference keeps an object", "{{trigger.body}}", scope["trigger"].(map[string]any)["body"]},
		{"whole reference keeps a number", "{{trigger.body.count}}", float64(3)},
		{"whole reference keeps a boolean", "{{trigger.body.ok}}", true},
		{"spaces inside braces", "{{ trigger.body.name }}", "Ada"},
		{"array index", "{{trigger.body.items[1].name}}", "second"},
		{"dot index", "{{trigger.body.items.0.name}}", "first"},
		{"quoted bracket key", "{{trigger.body['odd key']}}", "spaced"},
		{"double-quoted bracket key", `{{trigger["body"]["name"]}}`, "Ada"},
		{"header with a dash", "{{trigger.headers.content-type}}", "application/json"},
		{"reference to a step that has not run", "{{step_9}}", nil},
		{"step output directly", "{{step_1.id}}", "abc"},
		{"step output through output", "{{step_1.output.id}}", "abc"},
		{"nested step output", "{{step_1.output.nested.deep}}", 1.5},
		{"output member of the output itself", "{{step_2.output}}", "own output member"},
		{"missing step is null", "{{step_9.id}}", nil},
		{"missing key is null", "{{trigger.body.nope}}", nil},
		{"index out of range is null", "{{trigger.body.items[5].name}}", nil},
		{"embedded text", "Hi {{trigger.body.name}}, you have {{trigger.body.count}}!", "Hi Ada, you have 3!"},
		{"embedded object becomes JSON", "items={{trigger.body.items[0]}}", `items={"name":"first"}`},
		{"embedded missing is empty", "[{{trigger.body.nope}}]", "[]"},
		{"two references", "{{step_1.id}}{{step_1.id}}", "abcabc"},
		{"unclosed braces stay text", "a {{ b", "a {{ b"},
		{"maps are walked", map[string]any{"a": "{{step_1.id}}", "b": []any{"{{trigger.body.count}}", float64(2)}},
			map[string]any{"a": "abc", "b": []any{float64(3), float64(2)}}},
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
