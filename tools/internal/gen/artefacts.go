package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// Where the artefacts live, relative to the repository root (slash-separated).
const (
	schemasPath  = "tools/schemas.json"
	snapDir      = "tools/testdata/toolsnaps"
	docsPath     = "docs/tools.md"
	manifestPath = "manifest.json"
)

// fixCommand is what every drift message tells the reader to run.
const fixCommand = "go generate ./..."

// toolsetView is a toolset as the artefacts show it: its tools' definitions,
// sorted by name.
type toolsetView struct {
	name, description string
	tools             []mcp.Tool
}

// schemaSource says where the definitions' schemas come from.
type schemaSource int

const (
	// served takes the schemas the binary serves (schemas.json where it has them):
	// the tests compare the artefacts with what clients see.
	served schemaSource = iota
	// reflected reflects every schema from the Go types: the generator writes
	// schemas.json from them, and everything else must agree with that file.
	reflected
)

// catalogueView returns the toolsets sorted by name, and every tool's schemas as
// reflected from its types (whatever src says the definitions carry).
func catalogueView(src schemaSource) ([]toolsetView, map[string]toolkit.Schemas) {
	sets := tools.Catalogue(nil)
	sort.Slice(sets, func(i, j int) bool { return sets[i].Name() < sets[j].Name() })
	fresh := map[string]toolkit.Schemas{}
	views := make([]toolsetView, len(sets))
	for i, ts := range sets {
		views[i] = toolsetView{name: ts.Name(), description: ts.Description()}
		for _, t := range ts.Tools() {
			s := t.GenerateSchemas()
			fresh[t.Tool.Name] = s
			def := t.Tool
			if src == reflected {
				def.RawInputSchema, def.RawOutputSchema = s.Input, s.Output
			}
			views[i].tools = append(views[i].tools, def)
		}
	}
	return views, fresh
}

// allTools returns every tool of views sorted by name.
func allTools(views []toolsetView) []mcp.Tool {
	var out []mcp.Tool
	for _, v := range views {
		out = append(out, v.tools...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// render returns every generated file by its path from root: schemas.json, one
// snapshot per tool, docs/tools.md and manifest.json with its tool list redone.
func render(root string, src schemaSource) (map[string][]byte, error) {
	views, fresh := catalogueView(src)
	files := map[string][]byte{}
	var err error
	if files[schemasPath], err = encodeSchemas(fresh); err != nil {
		return nil, err
	}
	for _, d := range allTools(views) {
		if files[snapshotPath(d.Name)], err = snapshotOf(d); err != nil {
			return nil, err
		}
	}
	md, err := referenceMarkdown(views)
	if err != nil {
		return nil, err
	}
	files[docsPath] = []byte(md)
	manifest, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(manifestPath)))
	if err != nil {
		return nil, err
	}
	if files[manifestPath], err = withManifestTools(manifest, manifestTools(allTools(views))); err != nil {
		return nil, fmt.Errorf("%s: %w", manifestPath, err)
	}
	return files, nil
}

// staleSnapshots lists the snapshot files under root that belong to no tool in files.
func staleSnapshots(root string, files map[string][]byte) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(snapDir)))
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	var stale []string
	for _, e := range entries {
		if p := path.Join(snapDir, e.Name()); files[p] == nil {
			stale = append(stale, p)
		}
	}
	return stale, nil
}

// encodeSchemas writes one tool a line, sorted, so changes read well in a diff.
func encodeSchemas(all map[string]toolkit.Schemas) ([]byte, error) {
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, name := range names {
		key, _ := json.Marshal(name)
		value, err := json.Marshal(all[name])
		if err != nil {
			return nil, fmt.Errorf("schemas of %s: %w", name, err)
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(value)
		if i < len(names)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// snapshot is what a toolsnap records of a tool: everything a client sees.
type snapshot struct {
	Name         string             `json:"name"`
	Title        string             `json:"title"`
	Description  string             `json:"description"`
	Annotations  mcp.ToolAnnotation `json:"annotations"`
	InputSchema  json.RawMessage    `json:"inputSchema"`
	OutputSchema json.RawMessage    `json:"outputSchema"`
}

func snapshotPath(tool string) string { return path.Join(snapDir, tool+".json") }

// snapshotOf renders d's snapshot, indented so a change shows as a readable diff.
func snapshotOf(d mcp.Tool) ([]byte, error) {
	s := snapshot{Name: d.Name, Title: d.Title, Description: d.Description, Annotations: d.Annotations,
		InputSchema: d.RawInputSchema, OutputSchema: d.RawOutputSchema}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("snapshot of %s: %w", d.Name, err)
	}
	return buf.Bytes(), nil
}

// manifestTool is an entry of the MCPB manifest's tool list.
type manifestTool struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// manifestTools is what the manifest's tool list must be: every tool of the
// default catalogue, with the first sentence of its description.
func manifestTools(defs []mcp.Tool) []manifestTool {
	out := make([]manifestTool, len(defs))
	for i, d := range defs {
		out[i] = manifestTool{Name: d.Name, Description: tools.Summary(d.Description, 200)}
	}
	return out
}

// withManifestTools returns the manifest with its tool list replaced by list,
// and every other byte as it was: the rest of the file is written by hand.
func withManifestTools(manifest []byte, list []manifestTool) ([]byte, error) {
	value, err := json.MarshalIndent(list, "  ", "  ")
	if err != nil {
		return nil, err
	}
	return replaceTopLevelValue(manifest, "tools", value)
}

// replaceTopLevelValue replaces the value of a top-level key in a JSON object's
// text, keeping every other byte (order, formatting) as it was.
func replaceTopLevelValue(data []byte, key string, value []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		afterKey := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if k != key {
			continue
		}
		end := int(dec.InputOffset())
		start := int(afterKey) + bytes.Index(data[afterKey:], raw)
		return slices.Concat(data[:start], value, data[end:]), nil
	}
	return nil, fmt.Errorf("no top-level %q", key)
}
