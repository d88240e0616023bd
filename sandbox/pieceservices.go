package sandbox

import (
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// This file hands the engine what piece actions reach the world through
// (pieces.Run): the egress-checked HTTP client, and the run's project's
// key/value storage and tables in the store.

// WithEgress sets which addresses the pieces' HTTP requests may reach:
// egress.Public (the default), Loopback, Private, All or None. Every
// connection is checked, redirects included.
func WithEgress(policy egress.Policy) Option {
	return func(e *Engine) {
		if policy != "" {
			e.egress = policy
		}
	}
}

// pieceHTTPClient is the client pieces send requests with: one a test set,
// or one under the engine's egress policy.
func (e *Engine) pieceHTTPClient() pieces.HTTPClient {
	if e.pieceHTTP != nil {
		return e.pieceHTTP
	}
	return egress.NewClient(egress.NewDialer(e.egress))
}

// withPieceServices gives a run's piece actions the network, the storage and
// the tables, scoped to the run's project.
func (e *Engine) withPieceServices(env engine.ExecEnv, run *workflows.FlowRun) engine.ExecEnv {
	env.Run = pieces.RunInfo{ProjectID: run.ProjectID, FlowID: run.FlowID, RunID: run.ID,
		Testing: run.Environment == workflows.EnvTesting}
	env.HTTP = e.pieceHTTP
	env.Storage = store.KeyValues{Store: e.store, ProjectID: run.ProjectID}
	env.Tables = store.Tables{Store: e.store, ProjectID: run.ProjectID}
	return env
}
