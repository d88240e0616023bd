// Package sandbox is a small, local Activepieces-compatible workflow engine: the
// routes of the workflows API over a SQLite store, and an executor that runs
// published flows when their webhooks are called. It serves both the iMBRACE
// gateway's URL layout and Activepieces' own, over a port or in-process.
//
// The rule for the whole sandbox: its HTTP API copies the upstream engine
// (Activepieces), answers and errors included, lenient where that engine is
// lenient and refusing what it refuses. It is not where agents' mistakes are
// caught early: the MCP tools are the strict layer, and they are tested
// against this imitation of the engine they will meet.
//
// This package is the HTTP side: the routes (routes*.go), webhooks and runs
// (webhooks.go), reading requests and writing answers (request.go,
// respond.go), serving in-process (inprocess.go), the scheduler that starts
// the runs of schedule-triggered flows (scheduler.go), and Open, Engine and
// its options (engine.go). The rest lives in subpackages, each of which says what
// it must not import:
//
//   - engine: the flow logic (flow operations, validity, templates, router
//     conditions, the executor), free of net/http and database/sql;
//   - pieces: each piece the sandbox runs, declared once, and the catalogue;
//   - store: the SQLite storage, its seed and the engines' heartbeats;
//   - egress: the pieces' HTTP client, which connects only where the egress
//     policy allows (WithEgress), redirects included;
//   - apierr and jsonvalue: leaves shared by the others (error answers, and
//     generic JSON values).
//
// Only this package joins them: it hands the engine the store and the webhook
// call through engine.OpEnv, engine.ExecEnv and engine.TriggerInput, and the
// pieces their network, storage and tables through ExecEnv
// (pieceservices.go).
// TestImportBoundaries (imports_test.go) keeps the layering.
package sandbox
