package toolkit

import "encoding/json"

// Schemas are a tool's input and output schemas.
type Schemas struct {
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// SchemaSet holds pregenerated schemas by tool name: tools/schemas_gen.go,
// which go generate writes from the tools' Go types. Reflecting over the
// tools' ~70 types costs several milliseconds at every start, and parsing the
// same schemas from an embedded JSON file still cost 0.45 ms; a Go map literal
// costs neither. A nil set holds nothing, so NewTool reflects every schema.
type SchemaSet map[string]Schemas

// Lookup returns the pregenerated schemas of the tool called name.
func (s SchemaSet) Lookup(name string) (Schemas, bool) {
	v, ok := s[name]
	return v, ok
}
