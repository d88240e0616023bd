// Package schema generates the JSON Schemas of the bridge's tool inputs and outputs
// from Go structs, and checks JSON values against them.
//
// Every schema is self-contained and portable across MCP clients: a top-level
// "type":"object", nested structs inlined (no $ref, no $defs, no $schema or $id),
// required taken from fields without omitempty, and descriptions, enums and
// bounds from struct tags. A struct's object is closed (Validate refuses a
// member it does not declare, naming it), but the schema does not say
// "additionalProperties":false: every model reads every tool's schema on every
// turn, and that member was about 30 bytes per object, 6% of all tool
// definitions, for a rule the server enforces and explains anyway:
//
//	FlowID string `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id, from list_flows"`
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/invopop/jsonschema"
)

// cache holds generated schemas by type: tool constructors run once per registry
// build, and Definitions may be called many times.
var cache sync.Map // reflect.Type → json.RawMessage

// Generate returns the compact JSON Schema of v's type, which must be a struct or a
// pointer to one.
func Generate(v any) (json.RawMessage, error) {
	t := reflect.TypeOf(v)
	if t == nil {
		return nil, fmt.Errorf("schema: nil value has no type")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("schema: %s is not a struct: tool inputs and outputs must be JSON objects", t)
	}
	if raw, ok := cache.Load(t); ok {
		return raw.(json.RawMessage), nil
	}
	r := &jsonschema.Reflector{
		ExpandedStruct: true, // the root is the object itself, not a $ref to it
		DoNotReference: true, // nested structs inlined: no $defs
		Anonymous:      true, // no $id
		Mapper:         anyJSON,
	}
	s := r.ReflectFromType(t)
	s.Version = "" // no $schema: some clients reject draft 2020-12 markers
	s.Definitions = nil
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("schema: encoding the schema of %s: %w", t, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, fmt.Errorf("schema: compacting the schema of %s: %w", t, err)
	}
	out := json.RawMessage(withoutClosedMarkers(compact.Bytes()))
	if err := CheckPortable(out); err != nil {
		return nil, fmt.Errorf("schema: %s: %w", t, err)
	}
	cache.Store(t, out)
	return out, nil
}

// withoutClosedMarkers drops "additionalProperties":false from a compact
// schema; Validate treats an object with properties as closed instead.
func withoutClosedMarkers(compact []byte) []byte {
	compact = bytes.ReplaceAll(compact, []byte(`,"additionalProperties":false`), nil)
	return bytes.ReplaceAll(compact, []byte(`"additionalProperties":false,`), nil)
}

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	anyType        = reflect.TypeFor[any]()
)

// anyJSON gives a value that may be any JSON (json.RawMessage, any) a schema that
// says so with validation keywords. invopop would emit a bare true or {}, which
// MCP Inspector's --strict reports as unportable and some clients reject.
func anyJSON(t reflect.Type) *jsonschema.Schema {
	if t != rawMessageType && t != anyType {
		return nil
	}
	var kinds []*jsonschema.Schema
	for _, kind := range []string{"object", "array", "string", "number", "boolean", "null"} {
		kinds = append(kinds, &jsonschema.Schema{Type: kind})
	}
	return &jsonschema.Schema{AnyOf: kinds}
}

// For returns the schema of T, panicking when T cannot be described: the types
// are fixed at compile time, so a failure is a programming error caught by tests.
func For[T any]() json.RawMessage {
	var zero T
	raw, err := Generate(zero)
	if err != nil {
		panic(err)
	}
	return raw
}

// CheckPortable reports an error when raw is not an object schema that every MCP
// client accepts: the top level must say "type":"object", and no $ref or $defs
// (or draft-07 definitions) may appear anywhere.
func CheckPortable(raw json.RawMessage) error {
	var top map[string]any
	if err := json.Unmarshal(raw, &top); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if top["type"] != "object" {
		return fmt.Errorf(`top-level "type" is %v, want "object"`, top["type"])
	}
	return walkForbidden(top, "")
}

func walkForbidden(v any, path string) error {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			forbidden := k == "$ref" || k == "$defs" || k == "definitions"
			if forbidden && !isPropertyMap(path) {
				return fmt.Errorf("%s at %q: schemas must be self-contained", k, path)
			}
			if err := walkForbidden(child, path+"/"+k); err != nil {
				return err
			}
		}
	case []any:
		for i, child := range v {
			if err := walkForbidden(child, fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// isPropertyMap reports whether path ends in a "properties" member, whose keys are
// property names rather than schema keywords.
func isPropertyMap(path string) bool {
	const suffix = "/properties"
	return len(path) >= len(suffix) && path[len(path)-len(suffix):] == suffix
}
