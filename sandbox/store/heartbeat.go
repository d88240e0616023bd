package store

import (
	"context"
	"database/sql"
	"log/slog"
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
	DefaultHeartbeatEvery = 20 * time.Second
	DefaultStaleAfter     = 90 * time.Second
)

// AbandonedMessage is the failed step's message of a run whose engine stopped.
const AbandonedMessage = "the sandbox engine that was running this flow stopped before the run ended"

// EngineBeat is an engine's heartbeat document.
type EngineBeat struct {
	ID        string `json:"id"`
	Heartbeat string `json:"heartbeat"`
}

// RunOwner records which engine executes a run.
type RunOwner struct {
	EngineID string `json:"engineId"`
}

// Heartbeat keeps one engine's heartbeat in the store, and ends the runs of
// engines whose heartbeat stopped.
type Heartbeat struct {
	store      *Store
	engineID   string
	every      time.Duration // how often the heartbeat is refreshed
	staleAfter time.Duration // how old a heartbeat may be before its engine counts as gone
	log        *slog.Logger
	stop       chan struct{}
	done       chan struct{}
}

// NewHeartbeat prepares the heartbeat of the engine engineID; nothing is
// stored until Beat.
func NewHeartbeat(s *Store, engineID string, every, staleAfter time.Duration, log *slog.Logger) *Heartbeat {
	return &Heartbeat{store: s, engineID: engineID, every: every, staleAfter: staleAfter, log: log,
		stop: make(chan struct{}), done: make(chan struct{})}
}

// Beat records that this engine is alive.
func (h *Heartbeat) Beat(ctx context.Context) error {
	ts := ISOTime(time.Now())
	return PutDoc(ctx, h.store.DB, DocRef{Kind: KindEngine, ID: h.engineID, Created: ts}, EngineBeat{ID: h.engineID, Heartbeat: ts})
}

// Start refreshes the heartbeat in the background until Stop.
func (h *Heartbeat) Start() {
	go func() {
		defer close(h.done)
		ticker := time.NewTicker(h.every)
		defer ticker.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-ticker.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				if err := h.Beat(ctx); err != nil {
					h.log.Warn("sandbox: the engine heartbeat failed", "err", err)
				}
				cancel()
			}
		}
	}()
}

// Stop ends the refreshing that Start began and removes the heartbeat, so
// that no other engine waits for this one.
func (h *Heartbeat) Stop(ctx context.Context) error {
	close(h.stop)
	<-h.done
	_, err := DeleteDoc(ctx, h.store.DB, KindEngine, h.engineID)
	return err
}

// EndAbandonedRuns ends, as INTERNAL_ERROR, every unfinished run whose engine
// has no fresh heartbeat.
func (h *Heartbeat) EndAbandonedRuns(ctx context.Context) error {
	return h.store.Update(ctx, func(tx *sql.Tx) error {
		runs, err := ListDocs[workflows.FlowRun](ctx, tx, KindRun, Scope{})
		if err != nil {
			return err
		}
		now := time.Now()
		for _, it := range runs {
			run := it.Value
			if run.Status.Terminal() {
				continue
			}
			alive, err := h.ownerAlive(ctx, tx, run.ID, now)
			if err != nil {
				return err
			}
			if alive {
				continue
			}
			ts := ISOTime(now)
			run.Status, run.FinishTime, run.Updated = workflows.RunInternalError, &ts, ts
			run.FailedStep = &workflows.FailedStep{Name: "trigger", DisplayName: "Trigger", Message: AbandonedMessage}
			if err := PutDoc(ctx, tx, RunRef(&run), &run); err != nil {
				return err
			}
			if _, err := DeleteDoc(ctx, tx, KindRunOwner, run.ID); err != nil {
				return err
			}
			h.log.Warn("sandbox: ended a run its engine abandoned", "runId", run.ID, "flowId", run.FlowID)
		}
		return h.forgetDeadEngines(ctx, tx, now)
	})
}

// forgetDeadEngines deletes the heartbeats of engines that stopped without closing.
func (h *Heartbeat) forgetDeadEngines(ctx context.Context, q Querier, now time.Time) error {
	beats, err := ListDocs[EngineBeat](ctx, q, KindEngine, Scope{})
	if err != nil {
		return err
	}
	for _, it := range beats {
		last, err := time.Parse(time.RFC3339Nano, it.Value.Heartbeat)
		if it.Value.ID != h.engineID && (err != nil || now.Sub(last) >= h.staleAfter) {
			if _, err := DeleteDoc(ctx, q, KindEngine, it.Value.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// ownerAlive reports whether the engine executing runID has beaten recently.
func (h *Heartbeat) ownerAlive(ctx context.Context, q Querier, runID string, now time.Time) (bool, error) {
	owner, err := GetDoc[RunOwner](ctx, q, KindRunOwner, runID)
	if err != nil || owner == nil {
		return false, err
	}
	beat, err := GetDoc[EngineBeat](ctx, q, KindEngine, owner.EngineID)
	if err != nil || beat == nil {
		return false, err
	}
	last, err := time.Parse(time.RFC3339Nano, beat.Heartbeat)
	return err == nil && now.Sub(last) < h.staleAfter, nil
}
