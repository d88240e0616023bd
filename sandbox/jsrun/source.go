package jsrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ExportsGlobal is the global variable that a compiled CODE step assigns its
// module's exports to; the runner calls its code member.
const ExportsGlobal = "__activepiecesStep"

// A Compiler turns a CODE step's TypeScript into a script for goja that
// assigns the module's exports to the global ExportsGlobal. jsmain.Compile
// is the one the sandbox uses; it lives apart because esbuild's API package
// imports net/http, which the engine, and so this package, must not.
type Compiler func(source string) (string, error)

// CheckPackageJSON refuses a CODE step whose packageJson names dependencies:
// Activepieces installs them with npm before it runs the step, the sandbox
// installs nothing. An empty packageJson, or one without dependencies, is fine.
func CheckPackageJSON(packageJSON string) error {
	if strings.TrimSpace(packageJSON) == "" {
		return nil
	}
	var pkg struct {
		Dependencies map[string]any `json:"dependencies"`
	}
	if err := json.Unmarshal([]byte(packageJSON), &pkg); err != nil {
		return fmt.Errorf("the step's packageJson is not valid JSON: %v", err)
	}
	if len(pkg.Dependencies) == 0 {
		return nil
	}
	names := make([]string, 0, len(pkg.Dependencies))
	for name := range pkg.Dependencies {
		names = append(names, name)
	}
	slices.Sort(names)
	return fmt.Errorf("the sandbox installs no npm packages, but the step's packageJson depends on %s; "+
		"remove the dependencies and the code that requires them, or run the flow on an Activepieces server",
		strings.Join(names, ", "))
}

// errNoRequire is what require throws: no module of npm or Node is there.
var errNoRequire = errors.New("the sandbox runs no npm packages and no Node modules")
