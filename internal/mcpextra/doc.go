// Package mcpextra is the bridge's MCP surface beyond tools: resources
// (read-only views of flows, runs, folders, tables and pieces, and reference
// text read on demand), subscriptions to runs, argument completions and
// prompts. docs/resources.md describes what a client sees.
//
// Nothing here adds to the tool definitions or to what tools/list costs:
// registering is a handful of map entries, and every engine call waits for a
// request that needs it. Resource views call the matching read tool's handler
// (get_flow for workflows://flows/{flowId}, and so on), so a view is exactly
// what the tool returns and the two cannot drift.
//
// Wiring, in cmd/mcp-bridge:
//
//	x := mcpextra.New(mcpextra.Options{Client: mcpextra.Fixed(c)})
//	s := server.NewMCPServer(name, version, append(opts, x.ServerOptions()...)...)
//	names, _ := tools.Register(s, c, toolOpts)
//	x.Register(s, names)
//
// Other features add resources the same way: AddView for another read tool,
// AddReference for more reference text, and a Resolver in Options for
// subscriptions to URIs other than runs.
package mcpextra
