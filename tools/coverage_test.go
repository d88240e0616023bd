package tools

import (
	"flag"

	"fmt"
	"os"
	"sort"
	"sync"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun/jsmain"
)

// exercised records, per tool, whether the in-process suite saw it succeed and
// saw it refuse bad input without calling upstream.
var exercised = struct {
	sync.Mutex
	ok, rejected map[string]bool
}{ok: map[string]bool{}, rejected: map[string]bool{}}

func markOK(name string) {
	exercised.Lock()
	defer exercised.Unlock()
	exercised.ok[name] = true
}

func markRejected(name string) {
	exercised.Lock()
	defer exercised.Unlock()
	exercised.rejected[name] = true
}

// TestMain runs the suite and then, when it ran whole, fails if any tool lacks
// an in-process success test or a rejected-input test against the sandbox.
func TestMain(m *testing.M) {
	jsmain.Main() // this test binary is also the sandbox's CODE runner, as the bridge's binary is
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintln(os.Stderr, "tools without an in-process success and rejected-input test:", missing)
			code = 1
		}
	}
	os.Exit(code)
}

func unexercised() []string {
	defs, err := Definitions(Options{})
	if err != nil {
		return []string{err.Error()}
	}
	exercised.Lock()
	defer exercised.Unlock()
	var missing []string
	for _, d := range defs {
		if !exercised.ok[d.Name] {
			missing = append(missing, d.Name+" (success)")
		}
		if !exercised.rejected[d.Name] {
			missing = append(missing, d.Name+" (bad input)")
		}
	}
	sort.Strings(missing)
	return missing
}
