// Package jsontest holds assertions on JSON documents shared by the tests of
// several packages.
package jsontest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// Same fails unless want and got hold the same JSON value (member order and
// spacing aside): every member, null or not, must be in both.
func Same(t testing.TB, what string, want, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: want is not JSON: %v\n%s", what, err, want)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: got is not JSON: %v\n%s", what, err, got)
	}
	if !reflect.DeepEqual(w, g) {
		t.Errorf("%s differs:\nwant %s\ngot  %s", what, Compact(want), Compact(got))
	}
}

// Compact returns b without insignificant spaces, or b itself when it is not JSON.
func Compact(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// Member returns the member of a JSON object at path, as sent.
func Member(t testing.TB, doc []byte, path ...string) []byte {
	t.Helper()
	raw := json.RawMessage(doc)
	for _, key := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			t.Fatalf("member %v: %v", path, err)
		}
		var ok bool
		if raw, ok = obj[key]; !ok {
			t.Fatalf("member %v: no %q", path, key)
		}
	}
	return raw
}
