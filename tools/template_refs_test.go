package tools

import (
	"slices"
	"testing"
)

func TestTemplateRoots(t *testing.T) {
	cases := map[string][]string{
		"{{trigger.body.x}}":                           {"trigger"},
		"a {{step_1.output}} and {{ step_2['k'].v }}":  {"step_1", "step_2"},
		"{{step_1.total * 1.5 + step_3.n}}":            {"step_1", "step_3"},
		"{{'step_9' + JSON.stringify(step_1)}}":        {"step_1"},
		"{{step_1.items.map(x => x.id)}}":              {"step_1"},
		"{{connections['slack']}}":                     nil,
		"no template {step_1}":                         nil,
		"{{ trigger.body.ok === true ? 'y' : \"n\" }}": {"trigger"},
	}
	for in, want := range cases {
		if got := templateRoots(in); !slices.Equal(got, want) {
			t.Errorf("templateRoots(%q) = %q, want %q", in, got, want)
		}
	}
	if got := nearest("stpe_1", []string{"trigger", "step_1", "step_12"}); got != "step_1" {
		t.Errorf("nearest = %q", got)
	}
	if got := nearest("payload", []string{"trigger", "step_1"}); got != "" {
		t.Errorf("nearest of an unrelated name = %q", got)
	}
}
