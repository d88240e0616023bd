package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
)

// FuzzResolveTemplates: whatever the template, resolving it does not panic,
// ends within the limits, fails only with a message that names the
// sandbox's limit it broke, and yields JSON.
func FuzzResolveTemplates(f *testing.F) {
	f.Add("{{trigger.body.items.length}}")
	f.Add("Hi {{ trigger.body.name.toUpperCase() }} {{step_1.a + step_1.b}}")
	f.Add("{{ (() => { while (true) {} })() }}")
	js := &jsrun.Runner{ExprLimits: jsrun.Limits{Time: 200 * time.Millisecond, Memory: 64 << 20, Output: 4 << 10}}
	tpl := templater{ctx: context.Background(), js: js, scope: templateScope()}
	f.Fuzz(func(t *testing.T, template string) {
		start := time.Now()
		got, err := tpl.resolve(map[string]any{"value": template})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("resolving took %v", d)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "sandbox") {
				t.Fatalf("error without the limit it broke: %v", err)
			}
			return
		}
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("result is not JSON: %v", err)
		}
	})
}
