package bench

import (
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

func TestDefinitionSizes(t *testing.T) {
	tool := mcp.NewToolWithRawSchema("say", "Say <it>.", json.RawMessage(`{ "type": "object" }`))
	sizes, err := DefinitionSizes([]mcp.Tool{tool})
	if err != nil {
		t.Fatal(err)
	}
	// The model's view is compact and escapes the way encoding/json (and mcp-go) does.
	view := `{"name":"say","description":"Say \u003cit\u003e.","inputSchema":{"type":"object"}}`
	full, _ := json.Marshal(tool)
	want := DefinitionSize{Name: "say", ModelView: len(view), Full: len(full),
		Description: len(`"Say \u003cit\u003e."`), InputSchema: len(`{"type":"object"}`)}
	if len(sizes) != 1 || sizes[0] != want {
		t.Fatalf("DefinitionSizes = %+v, want [%+v]", sizes, want)
	}
}

func TestSummarizeSizes(t *testing.T) {
	sizes := []DefinitionSize{{Name: "a", ModelView: 100, Full: 300}, {Name: "b", ModelView: 401, Full: 200}}
	cases := []struct {
		name string
		pick func(DefinitionSize) int
		want SizeSummary
	}{
		{name: "model view, average rounded", pick: func(d DefinitionSize) int { return d.ModelView },
			want: SizeSummary{Count: 2, Total: 501, Average: 251, Max: 401, MaxName: "b"}},
		{name: "full", pick: func(d DefinitionSize) int { return d.Full },
			want: SizeSummary{Count: 2, Total: 500, Average: 250, Max: 300, MaxName: "a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := SummarizeSizes(sizes, tc.pick); got != tc.want {
				t.Errorf("SummarizeSizes = %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := SummarizeSizes(nil, func(d DefinitionSize) int { return d.Full }); got != (SizeSummary{}) {
		t.Errorf("SummarizeSizes(nil) = %+v, want zero", got)
	}
}

// The full entry carries the model's view and more, for every real tool.
func TestCatalogueSizesAreConsistent(t *testing.T) {
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := DefinitionSizes(defs)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sizes {
		if s.ModelView <= 0 || s.Full <= s.ModelView {
			t.Errorf("%s: model view %d bytes, full entry %d; want 0 < view < full", s.Name, s.ModelView, s.Full)
		}
	}
}

func TestWireToolSizes(t *testing.T) {
	list := json.RawMessage(`{"tools":[
	  {"name":"a","description":"Do <a>","inputSchema":{ "type": "object" },"annotations":{"readOnlyHint":true}},
	  {"name":"b","inputSchema":{"type":"object","properties":{}}}
	]}`)
	sizes, err := WireToolSizes(list)
	if err != nil {
		t.Fatal(err)
	}
	// Compact JSON without HTML escaping: {"name":"a","description":"Do <a>","inputSchema":{"type":"object"}}
	wantA := len(`{"name":"a","description":"Do \u003ca\u003e","inputSchema":{"type":"object"}}`)
	if len(sizes) != 2 || sizes[0].Name != "a" || sizes[0].ModelView != wantA {
		t.Fatalf("sizes %+v, want a's model view %d", sizes, wantA)
	}
	if sizes[0].InputSchema != len(`{"type":"object"}`) || sizes[0].Full != len(`{"name":"a","description":"Do <a>","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}}`) {
		t.Errorf("a: %+v", sizes[0])
	}
	if sizes[1].Description != len(`""`) {
		t.Errorf("b without a description: %+v", sizes[1])
	}
	if _, err := WireToolSizes(json.RawMessage(`{"tools":{}}`)); err == nil {
		t.Error("a malformed list passed")
	}
}
