package toolkit

import (
	"fmt"
	"slices"
	"sort"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Toolset is a named group of tools, split into the ones that only read and the
// ones that write, so read-only mode can leave the write list out entirely.
type Toolset struct {
	name        string
	description string
	read        []Tool
	write       []Tool
}

// NewToolset returns an empty toolset; the description is what the reference
// (docs/tools.md) says the toolset is for.
func NewToolset(name, description string) *Toolset {
	return &Toolset{name: name, description: description}
}

// AddReadTools adds tools that only read. It panics when a tool's hints are not
// those of a read (readOnly, not destructive, idempotent): a catalogue mistake
// that the registry tests catch at once.
func (t *Toolset) AddReadTools(tools ...Tool) *Toolset {
	for _, tool := range tools {
		if err := CheckHints(tool.Tool, true); err != nil {
			panic(fmt.Sprintf("toolset %s: %v", t.name, err))
		}
		t.read = append(t.read, tool)
	}
	return t
}

// AddWriteTools adds tools that change something. It panics when a tool claims
// to be read-only or leaves any hint unset.
func (t *Toolset) AddWriteTools(tools ...Tool) *Toolset {
	for _, tool := range tools {
		if err := CheckHints(tool.Tool, false); err != nil {
			panic(fmt.Sprintf("toolset %s: %v", t.name, err))
		}
		t.write = append(t.write, tool)
	}
	return t
}

// CheckHints reports a tool whose title or hints are missing, or disagree with
// the list (read or write) it is added to.
func CheckHints(tool mcp.Tool, read bool) error {
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

// Name is the toolset's name, as --toolsets takes it.
func (t *Toolset) Name() string { return t.name }

// Description says what the toolset's tools are for.
func (t *Toolset) Description() string { return t.description }

// ReadTools returns the tools that only read, in the order they were added.
func (t *Toolset) ReadTools() []Tool { return slices.Clone(t.read) }

// WriteTools returns the tools that change something, in the order they were added.
func (t *Toolset) WriteTools() []Tool { return slices.Clone(t.write) }

// Tools returns all the toolset's tools sorted by name.
func (t *Toolset) Tools() []Tool {
	out := slices.Concat(t.read, t.write)
	sort.Slice(out, func(i, j int) bool { return out[i].Tool.Name < out[j].Tool.Name })
	return out
}

// ToolsetNames returns the names of sets in sorted order.
func ToolsetNames(sets []*Toolset) []string {
	var names []string
	for _, ts := range sets {
		names = append(names, ts.name)
	}
	sort.Strings(names)
	return names
}

// ToolsetOf returns the name of the toolset in sets that holds the tool, or "" for an unknown tool.
func ToolsetOf(sets []*Toolset, tool string) string {
	for _, ts := range sets {
		for _, st := range slices.Concat(ts.read, ts.write) {
			if st.Tool.Name == tool {
				return ts.name
			}
		}
	}
	return ""
}

// Definitions returns the definitions of the tools opts selects from sets,
// sorted by name: what tools/list shows, without the handlers.
func Definitions(sets []*Toolset, opts Options) ([]mcp.Tool, error) {
	selected, err := Select(sets, opts)
	if err != nil {
		return nil, err
	}
	defs := make([]mcp.Tool, len(selected))
	for i, st := range selected {
		defs[i] = st.Tool
	}
	return defs, nil
}

// Register adds the tools opts selects from sets to s in sorted, stable order.
// It returns the registered names, or an error that names the unknown toolset
// or tool and lists the valid names.
func Register(s *server.MCPServer, sets []*Toolset, opts Options) ([]string, error) {
	selected, err := Select(sets, opts)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(selected))
	served := make([]server.ServerTool, len(selected))
	for i, st := range selected {
		names[i], served[i] = st.Tool.Name, st.ServerTool
	}
	s.AddTools(served...)
	return names, nil
}
