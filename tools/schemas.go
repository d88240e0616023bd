package tools

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/workflows-mcp/mcp-bridge/schema"
)

// toolSchemas are a tool's input and output schemas.
type toolSchemas struct {
	Input  json.RawMessage `json:"input"`
	Output json.RawMessage `json:"output"`
}

// schemas.json holds every tool's schemas as schema.For generates them from the
// tool's Go types. Reflecting over ~70 types costs several milliseconds at every
// start, most of the bridge's spawn-to-tools/list time; the file costs a fraction.
// TestPregeneratedSchemasAreCurrent fails when it drifts from the types, and
// UPDATE_TOOLSNAPS=true go test ./tools/ rewrites it.
//
//go:embed schemas.json
var pregeneratedJSON []byte

var pregenerated = sync.OnceValue(func() map[string]toolSchemas {
	var m map[string]toolSchemas
	if err := json.Unmarshal(pregeneratedJSON, &m); err != nil {
		panic(fmt.Sprintf("tools: schemas.json is not valid: %v", err))
	}
	return m
})

// generators keeps, per tool name, how to generate its schemas from its types,
// for the drift test.
var generators sync.Map // tool name → func() toolSchemas

// ignorePregenerated makes schemasOf generate every schema from the types: the
// tests' update mode sets it, so the snapshots it writes never come from a stale file.
var ignorePregenerated bool

// schemasOf returns a tool's schemas: pregenerated when schemas.json has them,
// generated from In and Out otherwise.
func schemasOf[In, Out any](name string) toolSchemas {
	generate := func() toolSchemas { return toolSchemas{Input: schema.For[In](), Output: schema.For[Out]()} }
	generators.Store(name, generate)
	if s, ok := pregenerated()[name]; ok && !ignorePregenerated {
		return s
	}
	return generate()
}
