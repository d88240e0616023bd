// Package pieces holds the pieces the sandbox runs, and the catalogue that
// serves their metadata.
//
// Each piece is declared once, in one file (webhook.go, delay.go): its
// metadata at every version flows may name, copied from Activepieces' own
// piece so that agents see what a real server shows, what its actions do, and
// what its triggers check before a run starts. All (registry.go) lists them;
// adding a piece is one new file and one line there.
//
// An action checks its props as the upstream piece does, and no more: the
// sandbox copies Activepieces, lenient where it is lenient, and the MCP tools
// are the strict layer.
//
// A piece gets from the engine only what Run offers. One that needs the
// network or the store gets it as a method of Run (HTTP, Storage, Tables;
// their interfaces are in services.go), which the engine implements from
// what its caller (the HTTP side) hands it; this package must
// import neither net/http nor database/sql, nor the store, directly or
// through another package. The imports test in package sandbox checks that.
package pieces
