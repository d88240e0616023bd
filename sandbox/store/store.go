package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite" // also registers the pure-Go "sqlite" driver
)

// Kinds of stored documents. Each is named after Activepieces' entity type, so
// that a 404 for a missing document can name its kind (see FindDoc).
const (
	KindProject      = "project"
	KindFolder       = "folder"
	KindFlow         = "flow"
	KindVersion      = "flow_version"
	KindRun          = "flow_run"
	KindConnection   = "app_connection"
	KindTable        = "table"
	KindField        = "field"
	KindRecord       = "record"
	KindMcpServer    = "mcp_server"
	KindInvitation   = "user_invitation"
	KindChannel      = "channel_automation"
	KindTriggerEvent = "trigger_event"
	KindEngine       = "engine"
	KindRunOwner     = "run_owner"
)

// Store keeps every entity as a JSON document in one SQLite table. seq is a
// global insertion counter that an update keeps: lists are sorted by a
// timestamp as Activepieces sorts them, and seq breaks ties between documents
// stamped in the same millisecond. The created column copies the document's
// creation time so that runs can be read newest first a page at a time.
type Store struct {
	// DB reads the store; writes go through Update, so that each takes the
	// write lock for its whole read-modify-write.
	DB *sql.DB
}

// Querier is what both *sql.DB and *sql.Tx offer. Code running inside a
// transaction must use the transaction: an in-memory store has one connection.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const schema = `
CREATE TABLE IF NOT EXISTS docs (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	kind       TEXT NOT NULL,
	id         TEXT NOT NULL,
	project_id TEXT NOT NULL DEFAULT '',
	parent_id  TEXT NOT NULL DEFAULT '',
	created    TEXT NOT NULL DEFAULT '',
	json       TEXT NOT NULL,
	UNIQUE (kind, id)
);
CREATE INDEX IF NOT EXISTS docs_kind_project ON docs (kind, project_id, seq);
CREATE INDEX IF NOT EXISTS docs_kind_parent ON docs (kind, parent_id, seq);
CREATE INDEX IF NOT EXISTS docs_kind_project_created ON docs (kind, project_id, created, seq);
CREATE INDEX IF NOT EXISTS docs_kind_parent_created ON docs (kind, parent_id, created, seq);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

// schemaVersion is recorded in meta so later migrations know where to start.
const schemaVersion = "1"

// Open opens (creating when needed) the SQLite file at path, or a private
// in-memory database for ":memory:", and applies the migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New(`sandbox store: the path is empty; give a file path or ":memory:"`)
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("sandbox store: the path %q must not contain '?'", path)
	}
	memory := path == ":memory:"
	// Every transaction is BEGIN IMMEDIATE: read-modify-write sequences take the
	// write lock first, so two processes on one file cannot interleave them.
	dsn := path + "?_txlock=immediate&_busy_timeout=10000"
	if !memory {
		dsn += "&_journal_mode=WAL&_synchronous=NORMAL"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sandbox store: opening %s: %w", path, err)
	}
	if memory {
		// Each connection to :memory: is a different database: keep exactly one.
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(4)
	}
	s := &Store{DB: db}
	if err := s.Update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING`, schemaVersion)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("sandbox store: migrating %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }

// Update runs fn in one immediate transaction, committing when fn returns nil.
func (s *Store) Update(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// busyRetryFor bounds how long update retries starting a transaction on a busy database.
const busyRetryFor = 15 * time.Second

// isBusy reports whether err is SQLite's BUSY or LOCKED (extended codes included).
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == 5 || code == 6
	}
	return false
}

// begin starts an immediate transaction. The busy timeout covers ordinary
// waits; begin also retries when SQLite answers BUSY at once (as when two
// processes switch a new file to WAL together). fn has not run yet, so a retry
// is always safe.
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(busyRetryFor)
	wait := 5 * time.Millisecond
	for {
		tx, err := s.DB.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}
