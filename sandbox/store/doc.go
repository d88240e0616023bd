// Package store is the sandbox's storage: every entity as a JSON document in
// one SQLite table (modernc.org/sqlite, pure Go), shared safely by several
// processes opening one file.
//
// It holds the generic document operations (docs.go), the few entities the
// store itself reads and writes (flows, folders, projects: flows.go,
// folders.go, entities.go), what the store and tables pieces keep
// (piecedata.go), the seed of a new store (seed.go, seed_tables.go), the
// engines' heartbeats that let one process end the runs of another that died
// (heartbeat.go), the schedules' lease, next due times and fires, which let
// several processes fire each due time once (schedule.go), and the
// Activepieces ids and timestamps documents carry (ids.go).
//
// Only the HTTP side (package sandbox) imports it. The flow engine and the
// pieces must not, directly or through another package: they get what they
// need of the store through the small interfaces the HTTP side hands them
// (engine.OpEnv, and pieces.KeyValueStore and pieces.TableStore, which
// KeyValues and Tables implement), which keeps database/sql out of them. It imports no other
// sandbox package but apierr, whose 404 it answers for a missing document.
package store
