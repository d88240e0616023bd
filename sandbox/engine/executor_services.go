package engine

import (
	"context"
	"errors"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// This file gives piece actions the services of pieces.Run from what the
// engine's caller put in ExecEnv. A service the caller left out is replaced
// by one that refuses every use with a message, so that a piece never meets
// a nil and an agent learns why its step failed.

// Context is the run's context: cancelled when the run is interrupted.
func (r *runner) Context() context.Context { return r.ctx }

// Info names the run.
func (r *runner) Info() pieces.RunInfo { return r.env.Run }

// HTTP is the caller's HTTP client, or one that refuses every request.
func (r *runner) HTTP() pieces.HTTPClient {
	if r.env.HTTP == nil {
		return noHTTP{}
	}
	return r.env.HTTP
}

// Storage is the caller's key/value storage, or one that refuses every use.
func (r *runner) Storage() pieces.KeyValueStore {
	if r.env.Storage == nil {
		return noStorage{}
	}
	return r.env.Storage
}

// Tables is the caller's tables, or one that refuses every use.
func (r *runner) Tables() pieces.TableStore {
	if r.env.Tables == nil {
		return noTables{}
	}
	return r.env.Tables
}

var (
	errNoHTTP    = errors.New("this sandbox sends no HTTP requests out (its egress setting is none)")
	errNoStorage = errors.New("this sandbox run has no key/value storage")
	errNoTables  = errors.New("this sandbox run has no tables")
)

type noHTTP struct{}

func (noHTTP) Do(context.Context, pieces.HTTPRequest) (pieces.HTTPResponse, error) {
	return pieces.HTTPResponse{}, errNoHTTP
}

type noStorage struct{}

func (noStorage) Get(context.Context, string) (any, bool, error) { return nil, false, errNoStorage }
func (noStorage) Put(context.Context, string, any) error         { return errNoStorage }
func (noStorage) Delete(context.Context, string) error           { return errNoStorage }

type noTables struct{}

func (noTables) Table(context.Context, string) (*workflows.Table, error) { return nil, errNoTables }
func (noTables) Records(context.Context, string) ([]workflows.Record, error) {
	return nil, errNoTables
}
func (noTables) Record(context.Context, string) (*workflows.Record, error) { return nil, errNoTables }
func (noTables) CreateRecords(context.Context, string, []map[string]string) ([]workflows.Record, error) {
	return nil, errNoTables
}
func (noTables) UpdateRecord(context.Context, string, string, map[string]string) (*workflows.Record, error) {
	return nil, errNoTables
}
func (noTables) DeleteRecords(context.Context, []string) ([]workflows.Record, error) {
	return nil, errNoTables
}
func (noTables) ClearTable(context.Context, string) (int, error) { return 0, errNoTables }
