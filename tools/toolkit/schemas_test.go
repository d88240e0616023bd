package toolkit

import (
	"strings"
	"testing"
)

func TestSchemaFile(t *testing.T) {
	f := NewSchemaFile("s.json", []byte(`{"a":{"input":{"type":"object"},"output":{"type":"object"}}}`))
	if s, ok := f.Lookup("a"); !ok || string(s.Input) != `{"type":"object"}` {
		t.Errorf("Lookup(a) = %s, %v", s.Input, ok)
	}
	if _, ok := f.Lookup("b"); ok {
		t.Error("Lookup(b) found a tool the file does not hold")
	}
	var none *SchemaFile
	if _, ok := none.Lookup("a"); ok || none.All() != nil {
		t.Error("a nil file holds schemas")
	}
	defer func() {
		if p, _ := recover().(string); !strings.Contains(p, "s.json is not valid") || !strings.Contains(p, "go generate ./...") {
			t.Errorf("an invalid file: panic %q, want it to name the file and the fix", p)
		}
	}()
	NewSchemaFile("s.json", []byte(`{`)).Lookup("a")
}
