package tools

import (
	"bytes"
	"encoding/json"
	"os"
	"sort"
	"testing"
)

// TestPregeneratedSchemasAreCurrent checks schemas.json against the schemas the
// tools' Go types generate now, so serving the file is the same as reflecting.
func TestPregeneratedSchemasAreCurrent(t *testing.T) {
	fresh := map[string]toolSchemas{}
	for _, d := range allDefinitions(t) { // building the catalogue records every tool's generator
		generate, ok := generators.Load(d.Name)
		if !ok {
			t.Fatalf("no schema generator recorded for %s", d.Name)
		}
		fresh[d.Name] = generate.(func() toolSchemas)()
	}
	if updateSnapshots {
		if err := os.WriteFile("schemas.json", encodeSchemas(t, fresh), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	stored := pregenerated()
	for name, want := range fresh {
		got, ok := stored[name]
		switch {
		case !ok:
			t.Errorf("schemas.json lacks %s; run UPDATE_TOOLSNAPS=true go test ./tools/", name)
		case !bytes.Equal(got.Input, want.Input) || !bytes.Equal(got.Output, want.Output):
			t.Errorf("schemas.json is stale for %s; run UPDATE_TOOLSNAPS=true go test ./tools/", name)
		}
	}
	for name := range stored {
		if _, ok := fresh[name]; !ok {
			t.Errorf("schemas.json has %s, which is no tool; run UPDATE_TOOLSNAPS=true go test ./tools/", name)
		}
	}
}

// encodeSchemas writes one tool a line, sorted, so changes read well in a diff.
func encodeSchemas(t *testing.T, all map[string]toolSchemas) []byte {
	t.Helper()
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, name := range names {
		key, _ := json.Marshal(name)
		value, err := json.Marshal(all[name])
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(value)
		if i < len(names)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return buf.Bytes()
}
