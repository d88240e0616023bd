package sandbox_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/workflows-mcp/mcp-bridge"

// isolatedPackages must reach neither the network nor the store except through
// what their caller hands them, so nothing they import, directly or through
// another package, may be one of storageAndNetwork.
var isolatedPackages = []string{
	module + "/sandbox/engine",
	module + "/sandbox/pieces",
	module + "/sandbox/apierr",
	module + "/sandbox/jsonvalue",
}

var storageAndNetwork = []string{
	"net/http",
	"database/sql",
	"modernc.org/sqlite",
	module + "/sandbox/store",
	module + "/sandbox",
}

// TestImportBoundaries keeps the sandbox's layering: the flow engine and the
// pieces import neither net/http nor database/sql (nor the store, which
// brings database/sql), and no sandbox package imports the bridge's client
// outside its tests, so that the sandbox stays an imitation of the upstream
// engine rather than a user of the bridge.
func TestImportBoundaries(t *testing.T) {
	graph := importGraph(t)
	for _, pkg := range isolatedPackages {
		if _, ok := graph[pkg]; !ok {
			t.Fatalf("go list did not list %s; has the package moved?", pkg)
		}
		for _, banned := range storageAndNetwork {
			if chain := importChain(graph, pkg, banned); chain != nil {
				t.Errorf("%s must not import %s, but it does: %s", pkg, banned, strings.Join(chain, " → "))
			}
		}
	}
	for pkg := range graph {
		if pkg != module+"/sandbox" && !strings.HasPrefix(pkg, module+"/sandbox/") {
			continue
		}
		if chain := importChain(graph, pkg, module+"/client"); chain != nil {
			t.Errorf("%s must not import the bridge's client outside tests, but it does: %s", pkg, strings.Join(chain, " → "))
		}
	}
}

// importGraph lists, for every package the sandbox's packages build with
// (their tests left out), the packages it imports directly.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	cmd := exec.Command(goCommand(t), "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	graph := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 0 {
			graph[fields[0]] = fields[1:]
		}
	}
	return graph
}

// importChain returns a chain of imports that leads from pkg to target, or nil.
func importChain(graph map[string][]string, pkg, target string) []string {
	parent := map[string]string{pkg: ""}
	queue := []string{pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p] {
			if _, seen := parent[imp]; seen {
				continue
			}
			parent[imp] = p
			if imp == target {
				chain := []string{imp}
				for at := p; at != ""; at = parent[at] {
					chain = append(chain, at)
				}
				slices.Reverse(chain)
				return chain
			}
			queue = append(queue, imp)
		}
	}
	return nil
}

// goCommand finds the go command that runs the tests: the one in $GOROOT,
// which go test sets, else the one on $PATH.
func goCommand(t *testing.T) string {
	t.Helper()
	if root := os.Getenv("GOROOT"); root != "" {
		if path := filepath.Join(root, "bin", "go"); fileExists(path) {
			return path
		}
	}
	path, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the import boundaries are checked with go list, but there is no go command: %v", err)
	}
	return path
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
