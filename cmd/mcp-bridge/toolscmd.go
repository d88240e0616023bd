package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// listTools prints the selected catalog: grouped by toolset, or as the full JSON
// definitions clients receive.
func (a *app) listTools() error {
	defs, err := tools.Definitions(toolOptions(a.cfg))
	if err != nil {
		return usageError{err}
	}
	if a.cfg.JSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(defs)
	}
	byToolset := map[string][]mcp.Tool{}
	for _, d := range defs {
		ts := tools.ToolsetOf(d.Name)
		byToolset[ts] = append(byToolset[ts], d)
	}
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, ts := range tools.ToolsetNames() {
		list := byToolset[ts]
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d)\n", ts, len(list))
		for _, d := range list {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", d.Name, kindOf(d), tools.Summary(d.Description, 100))
		}
	}
	fmt.Fprintf(w, "%d tools\n", len(defs))
	return w.Flush()
}

// kindOf labels a tool by its hints.
func kindOf(t mcp.Tool) string {
	a := t.Annotations
	switch {
	case a.ReadOnlyHint != nil && *a.ReadOnlyHint:
		return "read"
	case a.DestructiveHint != nil && *a.DestructiveHint:
		return "write, destructive"
	}
	return "write"
}
