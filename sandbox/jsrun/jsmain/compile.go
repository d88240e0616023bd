package jsmain

import (
	"fmt"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
)

// Compile is the sandbox's jsrun.Compiler: it turns a CODE step's TypeScript
// (or JavaScript) into a script for goja, an IIFE that assigns the module's
// exports to jsrun.ExportsGlobal, so that its `export const code` can be
// called. Imports become require calls, which the runtime refuses. The target is ES2020: goja runs async functions natively,
// and esbuild lowers the newer syntax it lacks.
func Compile(source string) (string, error) {
	result := api.Transform(source, api.TransformOptions{
		Loader:     api.LoaderTS,
		Format:     api.FormatIIFE,
		GlobalName: jsrun.ExportsGlobal,
		Target:     api.ES2020,
		Sourcefile: "code.ts",
		LogLevel:   api.LogLevelSilent,
		Charset:    api.CharsetUTF8,
		// goja has no import(); lowered, it becomes a require, which refuses.
		Supported: map[string]bool{"dynamic-import": false},
	})
	if len(result.Errors) > 0 {
		msgs := make([]string, 0, len(result.Errors))
		for _, m := range result.Errors {
			msgs = append(msgs, esbuildMessage(m))
		}
		return "", fmt.Errorf("the code does not compile: %s", strings.Join(msgs, "; "))
	}
	return string(result.Code), nil
}

func esbuildMessage(m api.Message) string {
	if m.Location == nil {
		return m.Text
	}
	return fmt.Sprintf("%s:%d:%d: %s", m.Location.File, m.Location.Line, m.Location.Column+1, m.Text)
}
