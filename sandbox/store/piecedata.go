package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// This file is what the store and tables pieces keep, for one project: the
// key/value entries of the store piece (KeyValues) and the records of the
// project's tables (Tables). Their methods match pieces.KeyValueStore and
// pieces.TableStore, which the HTTP side hands the engine; this package does
// not import pieces, so the methods use only workflows' types.

// KindStoreEntry is a store piece entry: one key of one project.
const KindStoreEntry = "store_entry"

// storeEntry is a stored key and its value.
type storeEntry struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// KeyValues is one project's store piece entries.
type KeyValues struct {
	Store     *Store
	ProjectID string
}

// entryID keeps projects' keys apart in the one documents table.
func (kv KeyValues) entryID(key string) string { return kv.ProjectID + "/" + key }

// Get returns the value stored under key.
func (kv KeyValues) Get(ctx context.Context, key string) (any, bool, error) {
	e, err := GetDoc[storeEntry](ctx, kv.Store.DB, KindStoreEntry, kv.entryID(key))
	if err != nil || e == nil {
		return nil, false, err
	}
	return e.Value, true, nil
}

// Put stores value under key, replacing what was there.
func (kv KeyValues) Put(ctx context.Context, key string, value any) error {
	return kv.Store.Update(ctx, func(tx *sql.Tx) error {
		ref := DocRef{Kind: KindStoreEntry, ID: kv.entryID(key), ProjectID: kv.ProjectID, Created: ISOTime(time.Now())}
		return PutDoc(ctx, tx, ref, storeEntry{Key: key, Value: value})
	})
}

// Delete removes key; a missing key is no error.
func (kv KeyValues) Delete(ctx context.Context, key string) error {
	return kv.Store.Update(ctx, func(tx *sql.Tx) error {
		_, err := DeleteDoc(ctx, tx, KindStoreEntry, kv.entryID(key))
		return err
	})
}

// Tables is one project's tables, as the tables piece reads and writes their
// records. Cell values are kept as text, as the records routes keep them.
type Tables struct {
	Store     *Store
	ProjectID string
}

// RecordRef says where a record is stored.
func RecordRef(rec *workflows.Record) DocRef {
	return DocRef{Kind: KindRecord, ID: rec.ID, ProjectID: rec.ProjectID, ParentID: rec.TableID, Created: rec.Created}
}

// TableFields lists a table's fields, oldest first.
func TableFields(ctx context.Context, q Querier, tableID string) ([]workflows.Field, error) {
	items, err := ListDocs[workflows.Field](ctx, q, KindField, Scope{ParentID: tableID})
	if err != nil {
		return nil, err
	}
	out := make([]workflows.Field, 0, len(items))
	for _, it := range items {
		out = append(out, it.Value)
	}
	return out, nil
}

// Table finds a table of the project by external id, else by id, with its
// fields; nil when there is none.
func (t Tables) Table(ctx context.Context, ref string) (*workflows.Table, error) {
	items, err := ListDocs[workflows.Table](ctx, t.Store.DB, KindTable, Scope{ProjectID: t.ProjectID})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(items, func(it Item[workflows.Table]) bool { return it.Value.ExternalID == ref })
	if i < 0 {
		i = slices.IndexFunc(items, func(it Item[workflows.Table]) bool { return it.Value.ID == ref })
	}
	if i < 0 {
		return nil, nil
	}
	table := items[i].Value
	if table.Fields, err = TableFields(ctx, t.Store.DB, table.ID); err != nil {
		return nil, err
	}
	return &table, nil
}

// Records lists a table's records, oldest first.
func (t Tables) Records(ctx context.Context, tableID string) ([]workflows.Record, error) {
	fields, err := TableFields(ctx, t.Store.DB, tableID)
	if err != nil {
		return nil, err
	}
	items, err := ListDocs[workflows.Record](ctx, t.Store.DB, KindRecord, Scope{ProjectID: t.ProjectID, ParentID: tableID})
	if err != nil {
		return nil, err
	}
	out := make([]workflows.Record, 0, len(items))
	for _, it := range items {
		rec := it.Value
		WithFieldNames(&rec, fields)
		out = append(out, rec)
	}
	return out, nil
}

// Record returns a record of the project; nil when there is none.
func (t Tables) Record(ctx context.Context, id string) (*workflows.Record, error) {
	return t.record(ctx, t.Store.DB, id)
}

func (t Tables) record(ctx context.Context, q Querier, id string) (*workflows.Record, error) {
	rec, err := GetDoc[workflows.Record](ctx, q, KindRecord, id)
	if err != nil || rec == nil || rec.ProjectID != t.ProjectID {
		return nil, err
	}
	fields, err := TableFields(ctx, q, rec.TableID)
	if err != nil {
		return nil, err
	}
	WithFieldNames(rec, fields)
	return rec, nil
}

// CreateRecords adds a record per row (field id to value) to a table.
func (t Tables) CreateRecords(ctx context.Context, tableID string, rows []map[string]string) ([]workflows.Record, error) {
	created := make([]workflows.Record, 0, len(rows))
	err := t.Store.Update(ctx, func(tx *sql.Tx) error {
		table, err := FindDoc[workflows.Table](ctx, tx, KindTable, tableID)
		if err != nil {
			return err
		}
		fields, err := TableFields(ctx, tx, tableID)
		if err != nil {
			return err
		}
		ts := ISOTime(time.Now())
		for _, cells := range rows {
			rec := workflows.Record{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, TableID: table.ID, ProjectID: table.ProjectID}
			if err := setCells(&rec, cells, fields, ts); err != nil {
				return err
			}
			if err := PutDoc(ctx, tx, RecordRef(&rec), &rec); err != nil {
				return err
			}
			created = append(created, rec)
		}
		return nil
	})
	return created, err
}

// UpdateRecord sets cells of a record of the table; nil when there is none.
func (t Tables) UpdateRecord(ctx context.Context, tableID, recordID string, cells map[string]string) (*workflows.Record, error) {
	var rec *workflows.Record
	err := t.Store.Update(ctx, func(tx *sql.Tx) error {
		var err error
		if rec, err = t.record(ctx, tx, recordID); err != nil || rec == nil {
			return err
		}
		if rec.TableID != tableID {
			rec = nil
			return nil
		}
		fields, err := TableFields(ctx, tx, tableID)
		if err != nil {
			return err
		}
		ts := ISOTime(time.Now())
		if err := setCells(rec, cells, fields, ts); err != nil {
			return err
		}
		rec.Updated = ts
		return PutDoc(ctx, tx, RecordRef(rec), rec)
	})
	return rec, err
}

// DeleteRecords deletes the project's records among ids and returns them.
func (t Tables) DeleteRecords(ctx context.Context, ids []string) ([]workflows.Record, error) {
	deleted := []workflows.Record{}
	err := t.Store.Update(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			rec, err := t.record(ctx, tx, id)
			if err != nil {
				return err
			}
			if rec == nil {
				continue
			}
			if _, err := DeleteDoc(ctx, tx, KindRecord, id); err != nil {
				return err
			}
			deleted = append(deleted, *rec)
		}
		return nil
	})
	return deleted, err
}

// ClearTable deletes every record of a table of the project.
func (t Tables) ClearTable(ctx context.Context, tableID string) (int, error) {
	var n int64
	err := t.Store.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM docs WHERE kind = ? AND parent_id = ? AND project_id = ?`,
			KindRecord, tableID, t.ProjectID)
		if err != nil {
			return fmt.Errorf("clearing table %s: %w", tableID, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// setCells writes cells (field id to text) into rec; a field that is not the
// table's is refused.
func setCells(rec *workflows.Record, cells map[string]string, fields []workflows.Field, ts string) error {
	if rec.Cells == nil {
		rec.Cells = map[string]workflows.Cell{}
	}
	for fieldID, value := range cells {
		if !PutCell(rec, fields, fieldID, value, ts) {
			return fmt.Errorf("field %s is not a field of table %s", fieldID, rec.TableID)
		}
	}
	return nil
}

// jsonRaw encodes a value the seed builds; it cannot fail.
func jsonRaw(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
