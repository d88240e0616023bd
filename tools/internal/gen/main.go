// Command gen writes the files generated from the tool catalogue: the
// pregenerated schemas the binary serves (tools/schemas_gen.go), one snapshot per
// tool (tools/testdata/toolsnaps), the tool reference (docs/tools.md) and the
// tool list of the MCPB manifest (manifest.json). go generate ./... runs it from
// tools/; the tests in this package fail when a file differs from what it would
// write. It is not part of the bridge's binary.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	root := flag.String("root", ".", "the repository root (go generate runs in tools/, so it passes ..)")
	flag.Parse()
	if err := generate(*root, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate writes every artefact under root, touching only the files whose
// content changes, and removes the snapshots of tools that no longer exist. It
// names each file it writes or removes on log.
func generate(root string, log io.Writer) error {
	files, err := render(root, reflected)
	if err != nil {
		return err
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		file := filepath.Join(root, filepath.FromSlash(p))
		if old, err := os.ReadFile(file); err == nil && bytes.Equal(old, files[p]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, files[p], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(log, "gen: wrote", p)
	}
	stale, err := staleSnapshots(root, files)
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			return err
		}
		fmt.Fprintln(log, "gen: removed", p)
	}
	return nil
}
