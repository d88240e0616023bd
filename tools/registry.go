package tools

import (
	"fmt"
	"sort"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// toolset is a named group of tools, split into the ones that only read and the
// ones that write, so read-only mode can leave the write list out entirely.
type toolset struct {
	name        string
	description string
	read        []server.ServerTool
	write       []server.ServerTool
}

func newToolset(name, description string) *toolset {
	return &toolset{name: name, description: description}
}

// addReadTools adds tools that only read. It panics when a tool's hints are not
// those of a read (readOnly, not destructive, idempotent): a catalogue mistake
// that the registry tests catch at once.
func (t *toolset) addReadTools(tools ...server.ServerTool) *toolset {
	for _, tool := range tools {
		if err := checkHints(tool.Tool, true); err != nil {
			panic(fmt.Sprintf("toolset %s: %v", t.name, err))
		}
		t.read = append(t.read, tool)
	}
	return t
}

// addWriteTools adds tools that change something. It panics when a tool claims
// to be read-only or leaves any hint unset.
func (t *toolset) addWriteTools(tools ...server.ServerTool) *toolset {
	for _, tool := range tools {
		if err := checkHints(tool.Tool, false); err != nil {
			panic(fmt.Sprintf("toolset %s: %v", t.name, err))
		}
		t.write = append(t.write, tool)
	}
	return t
}

// checkHints reports a tool whose title or hints are missing, or disagree with
// the list (read or write) it is added to.
func checkHints(tool mcp.Tool, read bool) error {
	a := tool.Annotations
	switch {
	case a.Title == "" || tool.Title != a.Title:
		return fmt.Errorf("tool %s has no title, or two different ones", tool.Name)
	case a.ReadOnlyHint == nil || a.DestructiveHint == nil || a.IdempotentHint == nil || a.OpenWorldHint == nil:
		return fmt.Errorf("tool %s does not set all four hints", tool.Name)
	case read && (!*a.ReadOnlyHint || *a.DestructiveHint || !*a.IdempotentHint):
		return fmt.Errorf("tool %s is in a read list but is not marked readOnly, non-destructive and idempotent", tool.Name)
	case !read && *a.ReadOnlyHint:
		return fmt.Errorf("tool %s is in a write list but is marked readOnly", tool.Name)
	}
	return nil
}

// init builds the catalogue once so that a tool whose hints disagree with its
// list stops the program at start, not when a client first lists the tools.
func init() { catalogue(nil) }

// catalogue builds every toolset with handlers that call c (nil for definitions only).
func catalogue(c *client.Client) []*toolset {
	return []*toolset{
		flowsToolset(c),
		runsToolset(c),
		foldersToolset(c),
		connectionsToolset(c),
		piecesToolset(c),
		triggersToolset(c),
		tablesToolset(c),
		mcpServersToolset(c),
		invitationsToolset(c),
		channelsToolset(c),
	}
}

// Options selects tools. Empty Toolsets, or one containing "all", selects every
// toolset; a non-empty Tools keeps only those tools; ExcludeTools removes tools;
// ReadOnly leaves out every tool that writes.
type Options struct {
	Toolsets     []string
	Tools        []string
	ExcludeTools []string
	ReadOnly     bool
}

// ToolsetNames returns the toolset names in sorted order.
func ToolsetNames() []string {
	var names []string
	for _, ts := range catalogue(nil) {
		names = append(names, ts.name)
	}
	sort.Strings(names)
	return names
}

// Definitions returns the selected tool definitions sorted by name, without a
// client: for listing the catalogue, docs and manifests.
func Definitions(opts Options) ([]mcp.Tool, error) {
	selected, err := selectTools(catalogue(nil), opts)
	if err != nil {
		return nil, err
	}
	defs := make([]mcp.Tool, len(selected))
	for i, st := range selected {
		defs[i] = st.Tool
	}
	return defs, nil
}

// Register adds the selected tools to s in sorted, stable order, each handler
// calling c. It returns the registered names, or an error that names the unknown
// toolset or tool and lists the valid names.
func Register(s *server.MCPServer, c *client.Client, opts Options) ([]string, error) {
	if c == nil {
		return nil, fmt.Errorf("tools: Register needs a client")
	}
	selected, err := selectTools(catalogue(c), opts)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(selected))
	for i, st := range selected {
		names[i] = st.Tool.Name
	}
	s.AddTools(selected...)
	return names, nil
}

// ToolsetOf returns the toolset a tool belongs to, or "" for an unknown tool.
func ToolsetOf(tool string) string {
	for _, ts := range catalogue(nil) {
		for _, st := range ts.all() {
			if st.Tool.Name == tool {
				return ts.name
			}
		}
	}
	return ""
}
