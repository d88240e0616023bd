// Package jsmain is where a program that runs the sandbox's CODE steps
// starts: Main hands package jsrun its TypeScript compiler (esbuild) and,
// in a child process started to run JavaScript, serves it and exits.
//
// It is apart from jsrun because esbuild's API package imports net/http,
// which the flow engine, and so jsrun, must not import. Only the bridge's
// main and tests import it.
package jsmain

import "github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"

// Main must be called first thing in main (or TestMain) by a program that
// runs CODE steps. See jsrun.ChildMain.
func Main() { jsrun.ChildMain(Compile) }
