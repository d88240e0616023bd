package tools

import (
	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// The generator writes schemas_gen.go, the tool snapshots, docs/tools.md and
// the tool list in manifest.json from the catalogue; tests only compare with
// them.
//go:generate go run ./internal/gen -root ..

// newTool builds a tool (see toolkit.NewTool) with its schemas from
// schemas_gen.go, which holds every tool's schemas as schema.For generates them
// from the tool's Go types, so that starting the bridge reflects over no type.
// TestSchemasFileIsCurrent (tools/internal/gen) fails when it drifts from the
// types, and go generate ./... rewrites it.
func newTool[In, Out any](c *client.Client, sp toolkit.Spec, run toolkit.RunFunc[In, Out]) toolkit.Tool {
	return toolkit.NewTool(c, sp, pregenerated, run)
}
