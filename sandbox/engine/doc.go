// Package engine is the sandbox's flow logic: it edits flows and runs them.
//
// ApplyOperation applies Activepieces' flow operations (flowops*.go) to a
// flow's step tree (flowops_tree.go) and recomputes its validity
// (flowops_valid.go). Execute runs a published version on a webhook call
// (executor*.go): it resolves {{...}} templates, whose insides are
// JavaScript expressions (template.go), decides router branches
// (conditions.go), loops, runs CODE steps (executor_code.go), and runs piece
// steps by looking their action up in the pieces catalogue. The core
// constructs that are not pieces (LOOP_ON_ITEMS, ROUTER, CODE) live here;
// the JavaScript itself runs in package jsrun, which ExecEnv.JS reaches.
//
// The engine must import neither net/http nor database/sql (nor the SQLite
// driver, nor package store), directly or through another package: what it
// needs of the store or the network, its caller (the HTTP side, package
// sandbox) hands it as small interfaces (OpEnv, ExecEnv), and a piece
// reaches the world only through pieces.Run. The imports test in package
// sandbox checks that.
//
// Like the rest of the sandbox, it copies the upstream engine (Activepieces):
// lenient where that engine is lenient, refusing what it refuses. The strict
// layer is the MCP tools, not this package.
package engine
