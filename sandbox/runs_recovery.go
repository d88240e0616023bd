package sandbox

import (
	"context"
	"database/sql"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// A run is executed by the engine (process) that received its webhook. Each
// engine keeps a heartbeat in the store and records itself as the owner of the
// runs it executes, so that an engine opening the store can tell a run that is
// still going in another process from one whose process died (killed, crashed)
// and end the latter instead of leaving it RUNNING forever.

// Defaults for the heartbeat.
const (
	defaultHeartbeatEvery = 20 * time.Second
	defaultStaleAfter     = 90 * time.Second
)

// abandonedMessage is the failed step's message of a run whose engine stopped.
const abandonedMessage = "the sandbox engine that was running this flow stopped before the run ended"

// engineBeat is an engine's heartbeat document.
type engineBeat struct {
	ID        string `json:"id"`
	Heartbeat string `json:"heartbeat"`
}

// runOwner records which engine executes a run.
type runOwner struct {
	EngineID string `json:"engineId"`
}

// beat records that this engine is alive.
func (e *Engine) beat(ctx context.Context, q querier) error {
	ts := isoTime(time.Now())
	return putDoc(ctx, q, docRef{Kind: kindEngine, ID: e.instanceID, Created: ts}, engineBeat{ID: e.instanceID, Heartbeat: ts})
}

// keepBeating refreshes the heartbeat until stop is closed.
func (e *Engine) keepBeating(stop <-chan struct{}) {
	ticker := time.NewTicker(e.heartbeatEvery)
	defer ticker.Stop()
	for {
		select {
		case <-stop:
			return
		case <-ticker.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := e.beat(ctx, e.store.db); err != nil {
				e.log.Warn("sandbox: the engine heartbeat failed", "err", err)
			}
			cancel()
		}
	}
}

// endAbandonedRuns ends, as INTERNAL_ERROR, every unfinished run whose engine
// has no fresh heartbeat.
func (e *Engine) endAbandonedRuns(ctx context.Context) error {
	return e.store.update(ctx, func(tx *sql.Tx) error {
		runs, err := listDocs[workflows.FlowRun](ctx, tx, kindRun, scope{})
		if err != nil {
			return err
		}
		now := time.Now()
		for _, it := range runs {
			run := it.Value
			if run.Status.Terminal() {
				continue
			}
			alive, err := e.ownerAlive(ctx, tx, run.ID, now)
			if err != nil {
				return err
			}
			if alive {
				continue
			}
			ts := isoTime(now)
			run.Status, run.FinishTime, run.Updated = workflows.RunInternalError, &ts, ts
			run.FailedStep = &workflows.FailedStep{Name: "trigger", DisplayName: "Trigger", Message: abandonedMessage}
			if err := putDoc(ctx, tx, runRef(&run), &run); err != nil {
				return err
			}
			if _, err := deleteDoc(ctx, tx, kindRunOwner, run.ID); err != nil {
				return err
			}
			e.log.Warn("sandbox: ended a run its engine abandoned", "runId", run.ID, "flowId", run.FlowID)
		}
		return e.forgetDeadEngines(ctx, tx, now)
	})
}

// forgetDeadEngines deletes the heartbeats of engines that stopped without closing.
func (e *Engine) forgetDeadEngines(ctx context.Context, q querier, now time.Time) error {
	beats, err := listDocs[engineBeat](ctx, q, kindEngine, scope{})
	if err != nil {
		return err
	}
	for _, it := range beats {
		last, err := time.Parse(time.RFC3339Nano, it.Value.Heartbeat)
		if it.Value.ID != e.instanceID && (err != nil || now.Sub(last) >= e.staleAfter) {
			if _, err := deleteDoc(ctx, q, kindEngine, it.Value.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// ownerAlive reports whether the engine executing runID has beaten recently.
func (e *Engine) ownerAlive(ctx context.Context, q querier, runID string, now time.Time) (bool, error) {
	owner, err := getDoc[runOwner](ctx, q, kindRunOwner, runID)
	if err != nil || owner == nil {
		return false, err
	}
	beat, err := getDoc[engineBeat](ctx, q, kindEngine, owner.EngineID)
	if err != nil || beat == nil {
		return false, err
	}
	last, err := time.Parse(time.RFC3339Nano, beat.Heartbeat)
	return err == nil && now.Sub(last) < e.staleAfter, nil
}
