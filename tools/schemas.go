package tools

import (
	_ "embed"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// The generator writes schemas.json, the tool snapshots, docs/tools.md and the
// tool list in manifest.json from the catalogue; tests only compare with them.
//go:generate go run ./internal/gen -root ..

// schemas.json holds every tool's schemas as schema.For generates them from the
// tool's Go types, so that starting the bridge parses one file instead of
// reflecting over every type. TestSchemasFileIsCurrent (tools/internal/gen)
// fails when it drifts from the types, and go generate ./... rewrites it.
//
//go:embed schemas.json
var pregeneratedJSON []byte

var pregenerated = toolkit.NewSchemaFile("tools/schemas.json", pregeneratedJSON)

// newTool builds a tool (see toolkit.NewTool) with its schemas from schemas.json.
func newTool[In, Out any](c *client.Client, sp toolkit.Spec, run toolkit.RunFunc[In, Out]) toolkit.Tool {
	return toolkit.NewTool(c, sp, pregenerated, run)
}
