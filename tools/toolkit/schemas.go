package toolkit

import (
	"encoding/json"
	"fmt"
	"sync"
)

// Schemas are a tool's input and output schemas, as schemas.json holds them.
type Schemas struct {
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// SchemaFile is a set of pregenerated schemas by tool name (schemas.json),
// parsed on first use. Reflecting over the tools' ~70 types costs several
// milliseconds at every start, most of the spawn-to-tools/list time; parsing
// the file costs a fraction of that.
type SchemaFile struct {
	name  string
	parse func() map[string]Schemas
}

// NewSchemaFile wraps data, the content of the file called name (named in the
// panic an invalid file causes). Nothing is parsed until the first Lookup.
func NewSchemaFile(name string, data []byte) *SchemaFile {
	return &SchemaFile{name: name, parse: sync.OnceValue(func() map[string]Schemas {
		var m map[string]Schemas
		if err := json.Unmarshal(data, &m); err != nil {
			// Only a bad edit or merge gets here, and the drift tests catch it
			// first; an empty object lets the generator write a good one again.
			panic(fmt.Sprintf("toolkit: %s is not valid: %v; replace it with {} and run go generate ./...", name, err))
		}
		return m
	})}
}

// Lookup returns the pregenerated schemas of the tool called name. A nil file
// holds nothing, so NewTool reflects every schema.
func (f *SchemaFile) Lookup(name string) (Schemas, bool) {
	if f == nil {
		return Schemas{}, false
	}
	s, ok := f.parse()[name]
	return s, ok
}

// All returns every pregenerated schema by tool name, for the drift tests.
func (f *SchemaFile) All() map[string]Schemas {
	if f == nil {
		return nil
	}
	return f.parse()
}
