package pieces

import (
	"context"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// This file declares what a piece may use of the world outside the run: the
// network (HTTPClient), the project's key/value storage (KeyValueStore) and
// its tables (TableStore). The engine hands them to an action through Run;
// the HTTP side implements them (package egress, package store). They are
// interfaces of plain values, so that this package needs neither net/http nor
// database/sql, and the store can implement them without importing it.

// RunInfo names the run an action runs in.
type RunInfo struct {
	ProjectID string
	FlowID    string
	RunID     string
	// Testing is true for a run of the draft (the /draft webhook), which
	// Activepieces runs as a test.
	Testing bool
}

// HTTPRequest is a request a piece sends out of the sandbox.
type HTTPRequest struct {
	Method string
	// URL is absolute (http or https), with its query already in it.
	URL     string
	Headers map[string]string
	Body    []byte
	// Timeout bounds the whole exchange, redirects included; 0 means no bound
	// beyond the run's own.
	Timeout time.Duration
}

// HTTPResponse is what came back: the final response after redirects.
type HTTPResponse struct {
	Status int
	// Headers are keyed by lower-case name, as Node hands them to a piece.
	Headers map[string][]string
	Body    []byte
}

// HTTPClient sends a piece's requests. Any HTTP status is a response; an
// error means there was none: the sandbox's egress policy refused the
// address, the connection failed, or the time ran out.
type HTTPClient interface {
	Do(ctx context.Context, req HTTPRequest) (HTTPResponse, error)
}

// KeyValueStore is the project's storage that the store piece reads and
// writes. Keys arrive already scoped (a flow's keys carry its id), so the
// store only keeps projects apart. Values are generic JSON values.
type KeyValueStore interface {
	Get(ctx context.Context, key string) (value any, found bool, err error)
	Put(ctx context.Context, key string, value any) error
	Delete(ctx context.Context, key string) error
}

// TableStore is the project's tables, as the tables piece uses them. Cells
// are given as field id to value; the store keeps values as text, as
// Activepieces does. Records come back with their cells' field names.
type TableStore interface {
	// Table finds a table of the project by external id or id, with its
	// fields; nil when there is none.
	Table(ctx context.Context, ref string) (*workflows.Table, error)
	// Records lists a table's records, oldest first.
	Records(ctx context.Context, tableID string) ([]workflows.Record, error)
	// Record returns a record of the project; nil when there is none.
	Record(ctx context.Context, id string) (*workflows.Record, error)
	CreateRecords(ctx context.Context, tableID string, rows []map[string]string) ([]workflows.Record, error)
	// UpdateRecord sets cells of a record of the table; nil when the table
	// has no such record.
	UpdateRecord(ctx context.Context, tableID, recordID string, cells map[string]string) (*workflows.Record, error)
	// DeleteRecords deletes the project's records among ids and returns them;
	// ids that name none are passed over.
	DeleteRecords(ctx context.Context, ids []string) ([]workflows.Record, error)
	// ClearTable deletes every record of a table and says how many there were.
	ClearTable(ctx context.Context, tableID string) (int, error)
}
