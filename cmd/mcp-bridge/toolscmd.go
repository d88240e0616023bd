package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

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
			fmt.Fprintf(w, "  %s\t%s\t%s\n", d.Name, kindOf(d), summary(d.Description, 100))
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

// summary is the first sentence of a description, cut to max runes.
func summary(desc string, max int) string {
	s := strings.TrimSpace(desc)
	if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = s[:i]
	}
	s = firstSentence(s)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:max-1])) + "…"
	}
	return s
}

// firstSentence cuts s after its first sentence; the stops in "e.g." and "i.e."
// do not end one.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '.' || s[i+1] != ' ' {
			continue
		}
		if before := s[:i]; strings.HasSuffix(before, "e.g") || strings.HasSuffix(before, "i.e") {
			continue
		}
		return s[:i+1]
	}
	return s
}
