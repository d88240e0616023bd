package tools

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// updateSnapshots rewrites the tool snapshots and docs/tools.md instead of
// comparing with them: UPDATE_TOOLSNAPS=true go test ./tools/
var updateSnapshots = os.Getenv("UPDATE_TOOLSNAPS") == "true"

const (
	snapDir  = "testdata/toolsnaps"
	docsPath = "../docs/tools.md"
)

// snapshot is what a toolsnap records of a tool: everything a client sees.
type snapshot struct {
	Name         string             `json:"name"`
	Title        string             `json:"title"`
	Description  string             `json:"description"`
	Annotations  mcp.ToolAnnotation `json:"annotations"`
	InputSchema  json.RawMessage    `json:"inputSchema"`
	OutputSchema json.RawMessage    `json:"outputSchema"`
}

func snapshotOf(t *testing.T, d mcp.Tool) []byte {
	t.Helper()
	s := snapshot{Name: d.Name, Title: d.Title, Description: d.Description, Annotations: d.Annotations,
		InputSchema: d.RawInputSchema, OutputSchema: d.RawOutputSchema}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestToolSnapshots(t *testing.T) {
	defs := allDefinitions(t)
	want := map[string]bool{}
	for _, d := range defs {
		file := filepath.Join(snapDir, d.Name+".json")
		want[filepath.Base(file)] = true
		got := snapshotOf(t, d)
		if updateSnapshots {
			if err := os.MkdirAll(snapDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: no snapshot (%v); run UPDATE_TOOLSNAPS=true go test ./tools/ and review the diff", d.Name, err)
			continue
		}
		if !bytes.Equal(old, got) {
			t.Errorf("%s changed from its snapshot %s; if intended, run UPDATE_TOOLSNAPS=true go test ./tools/ and review the diff.\nnow:\n%s", d.Name, file, got)
		}
	}
	entries, err := os.ReadDir(snapDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if want[e.Name()] {
			continue
		}
		if updateSnapshots {
			os.Remove(filepath.Join(snapDir, e.Name()))
			continue
		}
		t.Errorf("snapshot %s belongs to no tool; remove it (UPDATE_TOOLSNAPS=true does)", e.Name())
	}
}

func TestDocsMatchTheRegistry(t *testing.T) {
	md, err := ReferenceMarkdown()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range allDefinitions(t) {
		if !strings.Contains(md, "### `"+d.Name+"`: "+d.Annotations.Title) {
			t.Errorf("reference lacks a section for %s", d.Name)
		}
	}
	if updateSnapshots {
		if err := os.MkdirAll(filepath.Dir(docsPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(docsPath, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatalf("reading %s: %v; run UPDATE_TOOLSNAPS=true go test ./tools/", docsPath, err)
	}
	if string(old) != md {
		t.Errorf("%s is stale: run UPDATE_TOOLSNAPS=true go test ./tools/ and commit it", docsPath)
	}
}
