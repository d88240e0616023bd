package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
)

// DocRef says where a document sits: its project and its parent (a flow for
// versions and runs, a table for fields and records).
type DocRef struct {
	Kind, ID, ProjectID, ParentID, Created string
}

// PutDoc inserts or replaces a document, keeping its seq when it exists.
func PutDoc(ctx context.Context, q Querier, ref DocRef, v any) error {
	if p := ProjectScope(ctx); p != "" && ref.ProjectID != "" && ref.ProjectID != p {
		return apierr.NotFound(KindProject, ref.ProjectID)
	}
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

// GetDoc decodes the document kind/id into a new T; it returns nil, nil when there is none.
func GetDoc[T any](ctx context.Context, q Querier, kind, id string) (*T, error) {
	var data string
	scope, args := scopeClause(ctx)
	err := q.QueryRowContext(ctx, `SELECT json FROM docs WHERE kind = ? AND id = ?`+scope, append([]any{kind, id}, args...)...).Scan(&data)
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

// FindDoc is GetDoc for a document that must exist: a missing one is
// Activepieces' 404 ENTITY_NOT_FOUND, naming kind as the entity type.
func FindDoc[T any](ctx context.Context, q Querier, kind, id string) (*T, error) {
	v, err := GetDoc[T](ctx, q, kind, id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, apierr.NotFound(kind, id)
	}
	return v, nil
}

// UpdateDoc loads kind/id (the 404 when missing), lets mutate change it and
// stores it where ref says, all in one transaction; it returns the stored
// document. mutate runs inside the transaction and must use tx for the store.
func UpdateDoc[T any](ctx context.Context, s *Store, kind, id string, ref func(*T) DocRef, mutate func(tx *sql.Tx, doc *T) error) (*T, error) {
	var doc *T
	err := s.Update(ctx, func(tx *sql.Tx) error {
		var err error
		if doc, err = FindDoc[T](ctx, tx, kind, id); err != nil {
			return err
		}
		if err := mutate(tx, doc); err != nil {
			return err
		}
		return PutDoc(ctx, tx, ref(doc), doc)
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// RemoveDoc deletes kind/id and its children of childKinds, or answers the 404
// when there is no such document.
func RemoveDoc(ctx context.Context, q Querier, kind, id string, childKinds ...string) error {
	found, err := DeleteDoc(ctx, q, kind, id)
	if err != nil {
		return err
	}
	if !found {
		return apierr.NotFound(kind, id)
	}
	for _, child := range childKinds {
		if err := DeleteChildren(ctx, q, child, id); err != nil {
			return err
		}
	}
	return nil
}

// DeleteDoc deletes kind/id and reports whether it existed.
func DeleteDoc(ctx context.Context, q Querier, kind, id string) (bool, error) {
	scope, args := scopeClause(ctx)
	res, err := q.ExecContext(ctx, `DELETE FROM docs WHERE kind = ? AND id = ?`+scope, append([]any{kind, id}, args...)...)
	if err != nil {
		return false, fmt.Errorf("deleting %s %s: %w", kind, id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteChildren deletes every document of kind under parentID.
func DeleteChildren(ctx context.Context, q Querier, kind, parentID string) error {
	scope, args := scopeClause(ctx)
	if _, err := q.ExecContext(ctx, `DELETE FROM docs WHERE kind = ? AND parent_id = ?`+scope, append([]any{kind, parentID}, args...)...); err != nil {
		return fmt.Errorf("deleting the %ss of %s: %w", kind, parentID, err)
	}
	return nil
}

// Item is a decoded document with its list position: its seq, and the id
// and creation time it is stored under, which paging cursors name.
type Item[T any] struct {
	Seq     int64
	ID      string
	Created string
	Value   T
}

// Scope narrows ListDocs to one project or one parent; empty fields match all.
type Scope struct {
	ProjectID string
	ParentID  string
}

// ListDocs returns every document of kind within sc, oldest first.
func ListDocs[T any](ctx context.Context, q Querier, kind string, sc Scope) ([]Item[T], error) {
	var out []Item[T]
	err := ScanDocs(ctx, q, kind, sc, false, nil, func(it Item[T]) bool {
		out = append(out, it)
		return true
	})
	return out, err
}

// Seek is where a newest-first scan resumes: after the document created at
// Created with seq Seq, in (created, seq) descending order. A paging cursor
// names a time and an id; the id's seq breaks ties between documents created
// in the same millisecond.
type Seek struct {
	Created string // an ISOTime
	Seq     int64
}

// ScanDocs decodes the documents of kind within sc one at a time, oldest
// first (by seq) or, with newestFirst, by creation time and then seq, newest
// first, and then only those after from when it is not nil, until visit
// returns false: a page can stop reading once it is full.
func ScanDocs[T any](ctx context.Context, q Querier, kind string, sc Scope, newestFirst bool, from *Seek, visit func(Item[T]) bool) error {
	query := `SELECT seq, id, created, json FROM docs WHERE kind = ?`
	args := []any{kind}
	if sc.ProjectID != "" {
		query += ` AND project_id = ?`
		args = append(args, sc.ProjectID)
	}
	if sc.ParentID != "" {
		query += ` AND parent_id = ?`
		args = append(args, sc.ParentID)
	}
	scope, scopeArgs := scopeClause(ctx)
	query += scope
	args = append(args, scopeArgs...)
	order := ` ORDER BY seq`
	if newestFirst {
		if from != nil {
			query += ` AND (created < ? OR (created = ? AND seq < ?))`
			args = append(args, from.Created, from.Created, from.Seq)
		}
		order = ` ORDER BY created DESC, seq DESC`
	}
	rows, err := q.QueryContext(ctx, query+order, args...)
	if err != nil {
		return fmt.Errorf("listing %ss: %w", kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it Item[T]
		var data string
		if err := rows.Scan(&it.Seq, &it.ID, &it.Created, &data); err != nil {
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

// SeqOf returns the seq of the document kind/id, and false when there is none.
func SeqOf(ctx context.Context, q Querier, kind, id string) (int64, bool, error) {
	var seq int64
	err := q.QueryRowContext(ctx, `SELECT seq FROM docs WHERE kind = ? AND id = ?`, kind, id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("reading %s %s: %w", kind, id, err)
	}
	return seq, true, nil
}

// LatestChild decodes the newest document of kind under parentID; nil, nil when there is none.
func LatestChild[T any](ctx context.Context, q Querier, kind, parentID string) (*T, error) {
	var data string
	scope, args := scopeClause(ctx)
	err := q.QueryRowContext(ctx, `SELECT json FROM docs WHERE kind = ? AND parent_id = ?`+scope+` ORDER BY seq DESC LIMIT 1`,
		append([]any{kind, parentID}, args...)...).Scan(&data)
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
