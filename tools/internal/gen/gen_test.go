package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// These tests compare the generated files with what the generator would write
// now; they never write. On a difference they say to run fixCommand.

// root is the repository root, seen from this package's directory.
var root = filepath.Join("..", "..", "..")

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
	if err != nil {
		t.Fatalf("reading %s: %v; run %s", p, err, fixCommand)
	}
	return data
}

// servedFiles renders the artefacts from the definitions the binary serves.
func servedFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := render(root, served)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSchemasFileIsCurrent checks the schemas the binary serves (schemas_gen.go)
// against the schemas the tools' Go types reflect to now, so serving them is the
// same as reflecting, and checks the file is as the generator writes it.
func TestSchemasFileIsCurrent(t *testing.T) {
	views, fresh := catalogueView(served)
	for _, d := range allTools(views) {
		if want := fresh[d.Name]; !jsonEqual(d.RawInputSchema, want.Input) || !jsonEqual(d.RawOutputSchema, want.Output) {
			t.Errorf("%s is stale for %s; run %s", schemasPath, d.Name, fixCommand)
		}
	}
	want, err := encodeSchemas(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, schemasPath), want) {
		t.Errorf("%s is not as the generator writes it; run %s", schemasPath, fixCommand)
	}
}

// jsonEqual says whether a and b are the same JSON text once compacted.
func jsonEqual(a, b json.RawMessage) bool {
	ca, errA := compact(a)
	cb, errB := compact(b)
	return errA == nil && errB == nil && ca == cb
}

// TestToolSnapshots checks every tool's snapshot, which records all a client
// sees of it, so any change to a tool shows in review as a diff.
func TestToolSnapshots(t *testing.T) {
	files := servedFiles(t)
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		p := snapshotPath(d.Name)
		got := files[p]
		old, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: no snapshot (%v); run %s and review the diff", d.Name, err, fixCommand)
			continue
		}
		if !bytes.Equal(old, got) {
			t.Errorf("%s changed from its snapshot %s; if intended, run %s and review the diff.\nnow:\n%s", d.Name, p, fixCommand, got)
		}
	}
	stale, err := staleSnapshots(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		t.Errorf("snapshot %s belongs to no tool; remove it (%s does)", p, fixCommand)
	}
}

// TestDocsMatchTheRegistry checks the tool reference, docs/tools.md.
func TestDocsMatchTheRegistry(t *testing.T) {
	views, _ := catalogueView(served)
	md, err := referenceMarkdown(views)
	if err != nil {
		t.Fatal(err)
	}
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if !strings.Contains(md, "### `"+d.Name+"`: "+d.Annotations.Title) {
			t.Errorf("reference lacks a section for %s", d.Name)
		}
	}
	if old := readFile(t, docsPath); string(old) != md {
		t.Errorf("%s is stale: run %s and commit it", docsPath, fixCommand)
	}
}

// TestManifestToolsMatchRegistry fails when manifest.json's tools drift from the
// registry: every tool of the default catalogue, with the first sentence of its
// description.
func TestManifestToolsMatchRegistry(t *testing.T) {
	data := readFile(t, manifestPath)
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := manifestTools(defs)
	var m struct {
		Tools []manifestTool `json:"tools"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", manifestPath, err)
	}
	if !slices.Equal(m.Tools, want) {
		t.Errorf("%s tools differ from the registry; run %s\n got %v\nwant %v", manifestPath, fixCommand, m.Tools, want)
	} else if files := servedFiles(t); !bytes.Equal(data, files[manifestPath]) {
		t.Errorf("%s's tool list is not laid out as the generator writes it; run %s", manifestPath, fixCommand)
	}
}

// TestGenerateIsStable runs the generator on a copy of the files, with a
// snapshot of a tool that no longer exists, and checks that it removes that
// snapshot and that a second run would write the same files again.
func TestGenerateIsStable(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, manifestPath), readFile(t, manifestPath), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, filepath.FromSlash(snapshotPath("gone_tool")))
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := generate(dir, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the snapshot of a tool that no longer exists was kept (%v)", err)
	}
	again, err := render(dir, reflected)
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range again {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("a second run would rewrite %s (%v)", p, err)
		}
	}
}
