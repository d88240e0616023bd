package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// referenceMarkdown renders the tool reference (docs/tools.md) from the
// catalogue: the toolsets, then per tool its title, whether it writes, its
// description and its arguments. Only the generator and its tests need it, so
// it stays out of the binary.
func referenceMarkdown(sets []toolsetView) (string, error) {
	var b strings.Builder
	b.WriteString("# Tool reference\n\n")
	b.WriteString("Generated from the tool registry (`go generate ./...`); do not edit by hand.\n")
	b.WriteString("Enable toolsets with `--toolsets`, single tools with `--tools`, drop tools with `--exclude-tools`;\n")
	b.WriteString("`--read-only` registers only the tools marked read below.\n\n")
	b.WriteString("| toolset | what | tools |\n|---|---|---|\n")
	for _, ts := range sets {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", ts.name, cell(ts.description), strings.Join(codeNames(ts.tools), ", "))
	}
	b.WriteString(viewsSection)
	b.WriteString("\n## Limits\n\nChecked before anything is sent; an argument over its limit gets an error naming it.\n\n| what | at most |\n|---|---|\n")
	for _, l := range tools.Limits() {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(l.What), cell(l.Max))
	}
	for _, ts := range sets {
		fmt.Fprintf(&b, "\n## %s\n", ts.name)
		for _, t := range ts.tools {
			if err := writeTool(&b, t); err != nil {
				return "", err
			}
		}
	}
	return b.String(), nil
}

func codeNames(defs []mcp.Tool) []string {
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = "`" + d.Name + "`"
	}
	return names
}

func writeTool(b *strings.Builder, t mcp.Tool) error {
	a := t.Annotations
	kind := "read"
	if a.ReadOnlyHint == nil || !*a.ReadOnlyHint {
		var traits []string
		if a.DestructiveHint != nil && *a.DestructiveHint {
			traits = append(traits, "destructive")
		}
		if a.IdempotentHint != nil && *a.IdempotentHint {
			traits = append(traits, "idempotent")
		}
		if a.OpenWorldHint != nil && *a.OpenWorldHint {
			traits = append(traits, "open world")
		}
		kind = "write"
		if len(traits) > 0 {
			kind += " (" + strings.Join(traits, ", ") + ")"
		}
	}
	fmt.Fprintf(b, "\n### `%s`: %s\n\n%s. %s\n\n", t.Name, a.Title, strings.ToUpper(kind[:1])+kind[1:], t.Description)
	rows, err := argumentRows(t.RawInputSchema, "", 0)
	if err != nil {
		return fmt.Errorf("tool %s: input schema: %w", t.Name, err)
	}
	if len(rows) == 0 {
		b.WriteString("No arguments.\n")
		return nil
	}
	b.WriteString("| argument | type | required | description |\n|---|---|---|---|\n")
	for _, r := range rows {
		b.WriteString(r)
	}
	return nil
}

// propertyDoc is the part of a property schema the reference shows.
type propertyDoc struct {
	Type        string          `json:"type"`
	Enum        []string        `json:"enum"`
	Pattern     string          `json:"pattern"`
	Description string          `json:"description"`
	Minimum     *float64        `json:"minimum"`
	MaxLength   *int            `json:"maxLength"`
	Maximum     *float64        `json:"maximum"`
	Items       json.RawMessage `json:"items"`
}

// maxDocDepth bounds how deep nested arguments are listed (steps[].branches[].conditions...).
const maxDocDepth = 2

// argumentRows renders one table row per property of an object schema, followed
// by rows for the fields of nested objects and arrays of objects (steps[].type).
func argumentRows(raw json.RawMessage, prefix string, depth int) ([]string, error) {
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	if len(s.Properties) == 0 {
		return nil, nil
	}
	order, err := schemaOrder(raw)
	if err != nil {
		return nil, err
	}
	var rows []string
	for _, name := range order {
		var p propertyDoc
		if err := json.Unmarshal(s.Properties[name], &p); err != nil {
			return nil, err
		}
		typ := p.Type
		switch {
		case typ == "":
			typ = "any JSON"
		case len(p.Enum) > 0:
			typ = strings.Join(p.Enum, " \\| ")
		case p.Pattern == tools.IDPattern:
			typ = "id"
		case p.Minimum != nil && p.Maximum != nil:
			typ = fmt.Sprintf("%s %g–%g", typ, *p.Minimum, *p.Maximum)
		case p.MaxLength != nil:
			typ = fmt.Sprintf("%s ≤%d chars", typ, *p.MaxLength)
		}
		if typ == "array" && len(p.Items) > 0 {
			var item propertyDoc
			if json.Unmarshal(p.Items, &item) == nil && item.Type != "" {
				typ = "array of " + item.Type
			}
		}
		req := ""
		if slices.Contains(s.Required, name) {
			req = "yes"
		}
		rows = append(rows, fmt.Sprintf("| `%s%s` | %s | %s | %s |\n", prefix, name, typ, req, cell(p.Description)))
		if depth >= maxDocDepth {
			continue
		}
		nested, inner := s.Properties[name], prefix+name+"."
		if p.Type == "array" {
			nested, inner = p.Items, prefix+name+"[]."
		}
		sub, err := argumentRows(nested, inner, depth+1)
		if err != nil {
			return nil, err
		}
		rows = append(rows, sub...)
	}
	return rows, nil
}

// schemaOrder lists a schema's property names in document order.
func schemaOrder(raw json.RawMessage) ([]string, error) {
	var s struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(s.Properties)))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var names []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		names = append(names, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}

// viewsSection shows the MCP App views some tools link to (see docs/apps.md),
// for hosts that render them; the screenshots come from tests/browser.
const viewsSection = `
## Views

Hosts that render MCP Apps show a flow view beside the results of ` + "`get_flow`, `build_flow` and `apply_flow_operation`" + `,
and a run view beside those of ` + "`get_run`, `wait_for_run` and `trigger_flow_sync`" + ` ([apps](apps.md)). Other hosts get the same
results without the link.

![Flow view: a published flow with a loop and a router](img/apps-flow-view.png)
![Flow view of a draft: a skipped and an invalid step](img/apps-flow-draft.png)
![Run view of a succeeded run](img/apps-run-succeeded.png)
![Run view of a failed run, its failed step first](img/apps-run-failed.png)
`
