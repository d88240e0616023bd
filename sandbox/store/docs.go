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

// Item is a decoded document with its list position.
type Item[T any] struct {
	Seq   int64
	Value T
}

// Scope narrows ListDocs to one project or one parent; empty fields match all.
type Scope struct {
	ProjectID string
	ParentID  string
}

// ListDocs returns every document of kind within sc, oldest first.
func ListDocs[T any](ctx context.Context, q Querier, kind string, sc Scope) ([]Item[T], error) {
	var out []Item[T]
	err := ScanDocs(ctx, q, kind, sc, false, 0, func(it Item[T]) bool {
		out = append(out, it)
		return true
	})
	return out, err
}

// ScanDocs decodes the documents of kind within sc one at a time, oldest first or
// (newestFirst) newest first and then only those below belowSeq when it is
// positive, until visit returns false: a page can stop reading once it is full.
func ScanDocs[T any](ctx context.Context, q Querier, kind string, sc Scope, newestFirst bool, belowSeq int64, visit func(Item[T]) bool) error {
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
	scope, scopeArgs := scopeClause(ctx)
	query += scope
	args = append(args, scopeArgs...)
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
		var it Item[T]
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
