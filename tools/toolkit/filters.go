package toolkit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// allToolsets is the toolset filter value that selects every toolset.
const allToolsets = "all"

// Options selects tools. Empty Toolsets, or one containing "all", selects every
// toolset; a non-empty Tools keeps only those tools; ExcludeTools removes tools;
// ReadOnly leaves out every tool that writes.
type Options struct {
	Toolsets     []string
	Tools        []string
	ExcludeTools []string
	ReadOnly     bool
}

// Select applies opts to sets and returns the chosen tools sorted by name. Every
// name in a filter must exist: a typo is an error that lists the valid names,
// never a silently smaller catalogue.
func Select(sets []*Toolset, opts Options) ([]Tool, error) {
	setNames := []string{allToolsets}
	var toolNames []string
	for _, ts := range sets {
		setNames = append(setNames, ts.name)
		for _, st := range slices.Concat(ts.read, ts.write) {
			toolNames = append(toolNames, st.Tool.Name)
		}
	}
	sort.Strings(setNames)
	sort.Strings(toolNames)
	for _, name := range opts.Toolsets {
		if !slices.Contains(setNames, name) {
			return nil, fmt.Errorf("unknown toolset %q; valid toolsets: %s", name, strings.Join(setNames, ", "))
		}
	}
	for _, list := range []struct {
		flag  string
		names []string
	}{{"tools", opts.Tools}, {"exclude-tools", opts.ExcludeTools}} {
		for _, name := range list.names {
			if !slices.Contains(toolNames, name) {
				return nil, fmt.Errorf("unknown tool %q in %s; valid tools: %s", name, list.flag, strings.Join(toolNames, ", "))
			}
		}
	}

	everySet := len(opts.Toolsets) == 0 || slices.Contains(opts.Toolsets, allToolsets)
	var out []Tool
	for _, ts := range sets {
		if !everySet && !slices.Contains(opts.Toolsets, ts.name) {
			continue
		}
		candidates := slices.Clone(ts.read)
		if !opts.ReadOnly {
			candidates = append(candidates, ts.write...)
		}
		for _, st := range candidates {
			name := st.Tool.Name
			if len(opts.Tools) > 0 && !slices.Contains(opts.Tools, name) {
				continue
			}
			if slices.Contains(opts.ExcludeTools, name) {
				continue
			}
			out = append(out, st)
		}
	}
	if len(out) == 0 {
		// A server with no tool is never what was meant (e.g. --read-only with --tools naming only write tools).
		return nil, fmt.Errorf("the filters select no tool (toolsets %v, tools %v, exclude-tools %v, read-only %v): "+
			"widen them; mcp-bridge tools --read-only lists the read tools", opts.Toolsets, opts.Tools, opts.ExcludeTools, opts.ReadOnly)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tool.Name < out[j].Tool.Name })
	return out, nil
}
