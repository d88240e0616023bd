package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite" // also registers the pure-Go "sqlite" driver

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
)

// Kinds of stored documents. Each is named after Activepieces' entity type, so
// that a 404 for a missing document can name its kind (see findDoc).
const (
	kindProject      = "project"
	kindFolder       = "folder"
	kindFlow         = "flow"
	kindVersion      = "flow_version"
	kindRun          = "flow_run"
	kindConnection   = "app_connection"
	kindTable        = "table"
	kindField        = "field"
	kindRecord       = "record"
	kindMcpServer    = "mcp_server"
	kindInvitation   = "user_invitation"
	kindChannel      = "channel_automation"
	kindTriggerEvent = "trigger_event"
	kindEngine       = "engine"
	kindRunOwner     = "run_owner"
)

// store keeps every entity as a JSON document in one SQLite table. seq is a
// global insertion counter: it orders lists and backs the paging cursors, and an
// update keeps it, so an item's place in a list never moves.
type store struct {
	db *sql.DB
}

// querier is what both *sql.DB and *sql.Tx offer. Code running inside a
// transaction must use the transaction: an in-memory store has one connection.
type querier interface {
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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

// schemaVersion is recorded in meta so later migrations know where to start.
const schemaVersion = "1"

// openStore opens (creating when needed) the SQLite file at path, or a private
// in-memory database for ":memory:", and applies the migrations.
func openStore(ctx context.Context, path string) (*store, error) {
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
	s := &store{db: db}
	if err := s.update(ctx, func(tx *sql.Tx) error {
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

func (s *store) close() error { return s.db.Close() }

// update runs fn in one immediate transaction, committing when fn returns nil.
func (s *store) update(ctx context.Context, fn func(tx *sql.Tx) error) error {
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
func (s *store) begin(ctx context.Context) (*sql.Tx, error) {
	deadline := time.Now().Add(busyRetryFor)
	wait := 5 * time.Millisecond
	for {
		tx, err := s.db.BeginTx(ctx, nil)
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

// docRef says where a document sits: its project and its parent (a flow for
// versions and runs, a table for fields and records).
type docRef struct {
	Kind, ID, ProjectID, ParentID, Created string
}

// putDoc inserts or replaces a document, keeping its seq when it exists.
func putDoc(ctx context.Context, q querier, ref docRef, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s %s: %w", ref.Kind, ref.ID, err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO docs (kind, id, project_id, parent_id, created, json) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET project_id = excluded.project_id, parent_id = excluded.parent_id, json = excluded.json`,
		ref.Kind, ref.ID, ref.ProjectID, ref.ParentID, ref.Created, string(data))
	if err != nil {
		return fmt.Errorf("storing %s %s: %w", ref.Kind, ref.ID, err)
	}
	return nil
}

// getDoc decodes the document kind/id into a new T; it returns nil, nil when there is none.
func getDoc[T any](ctx context.Context, q querier, kind, id string) (*T, error) {
	var data string
	err := q.QueryRowContext(ctx, `SELECT json FROM docs WHERE kind = ? AND id = ?`, kind, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", kind, id, err)
	}
	var v T
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		return nil, fmt.Errorf("decoding %s %s: %w", kind, id, err)
	}
	return &v, nil
}

// findDoc is getDoc for a document that must exist: a missing one is
// Activepieces' 404 ENTITY_NOT_FOUND, naming kind as the entity type.
func findDoc[T any](ctx context.Context, q querier, kind, id string) (*T, error) {
	v, err := getDoc[T](ctx, q, kind, id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, apierr.NotFound(kind, id)
	}
	return v, nil
}

// updateDoc loads kind/id (the 404 when missing), lets mutate change it and
// stores it where ref says, all in one transaction; it returns the stored
// document. mutate runs inside the transaction and must use tx for the store.
func updateDoc[T any](ctx context.Context, s *store, kind, id string, ref func(*T) docRef, mutate func(tx *sql.Tx, doc *T) error) (*T, error) {
	var doc *T
	err := s.update(ctx, func(tx *sql.Tx) error {
		var err error
		if doc, err = findDoc[T](ctx, tx, kind, id); err != nil {
			return err
		}
		if err := mutate(tx, doc); err != nil {
			return err
		}
		return putDoc(ctx, tx, ref(doc), doc)
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// removeDoc deletes kind/id and its children of childKinds, or answers the 404
// when there is no such document.
func removeDoc(ctx context.Context, q querier, kind, id string, childKinds ...string) error {
	found, err := deleteDoc(ctx, q, kind, id)
	if err != nil {
		return err
	}
	if !found {
		return apierr.NotFound(kind, id)
	}
	for _, child := range childKinds {
		if err := deleteChildren(ctx, q, child, id); err != nil {
			return err
		}
	}
	return nil
}

// deleteDoc deletes kind/id and reports whether it existed.
func deleteDoc(ctx context.Context, q querier, kind, id string) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM docs WHERE kind = ? AND id = ?`, kind, id)
	if err != nil {
		return false, fmt.Errorf("deleting %s %s: %w", kind, id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// deleteChildren deletes every document of kind under parentID.
func deleteChildren(ctx context.Context, q querier, kind, parentID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM docs WHERE kind = ? AND parent_id = ?`, kind, parentID); err != nil {
		return fmt.Errorf("deleting the %ss of %s: %w", kind, parentID, err)
	}
	return nil
}

// item is a decoded document with its list position.
type item[T any] struct {
	Seq   int64
	Value T
}

// scope narrows listDocs to one project or one parent; empty fields match all.
type scope struct {
	ProjectID string
	ParentID  string
}

// listDocs returns every document of kind within sc, oldest first.
func listDocs[T any](ctx context.Context, q querier, kind string, sc scope) ([]item[T], error) {
	var out []item[T]
	err := scanDocs(ctx, q, kind, sc, false, 0, func(it item[T]) bool {
		out = append(out, it)
		return true
	})
	return out, err
}

// scanDocs decodes the documents of kind within sc one at a time, oldest first or
// (newestFirst) newest first and then only those below belowSeq when it is
// positive, until visit returns false: a page can stop reading once it is full.
func scanDocs[T any](ctx context.Context, q querier, kind string, sc scope, newestFirst bool, belowSeq int64, visit func(item[T]) bool) error {
	query := `SELECT seq, json FROM docs WHERE kind = ?`
	args := []any{kind}
	if sc.ProjectID != "" {
		query += ` AND project_id = ?`
		args = append(args, sc.ProjectID)
	}
	if sc.ParentID != "" {
		query += ` AND parent_id = ?`
		args = append(args, sc.ParentID)
	}
	order := ` ORDER BY seq`
	if newestFirst {
		if belowSeq > 0 {
			query += ` AND seq < ?`
			args = append(args, belowSeq)
		}
		order += ` DESC`
	}
	rows, err := q.QueryContext(ctx, query+order, args...)
	if err != nil {
		return fmt.Errorf("listing %ss: %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it item[T]
		var data string
		if err := rows.Scan(&it.Seq, &data); err != nil {
			return fmt.Errorf("listing %ss: %w", kind, err)
		}
		if err := json.Unmarshal([]byte(data), &it.Value); err != nil {
			return fmt.Errorf("decoding a %s: %w", kind, err)
		}
		if !visit(it) {
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing %ss: %w", kind, err)
	}
	return nil
}

// latestChild decodes the newest document of kind under parentID; nil, nil when there is none.
func latestChild[T any](ctx context.Context, q querier, kind, parentID string) (*T, error) {
	var data string
	err := q.QueryRowContext(ctx, `SELECT json FROM docs WHERE kind = ? AND parent_id = ? ORDER BY seq DESC LIMIT 1`, kind, parentID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the latest %s of %s: %w", kind, parentID, err)
	}
	var v T
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		return nil, fmt.Errorf("decoding a %s: %w", kind, err)
	}
	return &v, nil
}
