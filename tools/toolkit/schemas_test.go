package toolkit

import "testing"

func TestSchemaSet(t *testing.T) {
	s := SchemaSet{"a": {Input: []byte(`{"type":"object"}`), Output: []byte(`{"type":"object"}`)}}
	if got, ok := s.Lookup("a"); !ok || string(got.Input) != `{"type":"object"}` {
		t.Errorf("Lookup(a) = %s, %v", got.Input, ok)
	}
	if _, ok := s.Lookup("b"); ok {
		t.Error("Lookup(b) found a tool the set does not hold")
	}
	var none SchemaSet
	if _, ok := none.Lookup("a"); ok {
		t.Error("a nil set holds schemas")
	}
}
