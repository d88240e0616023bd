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
// runs it executes, so that another engine can tell a run that is still going
// in another process from one whose process died (killed, crashed) and end the
// latter instead of leaving it RUNNING forever. An engine does so when it
// opens the store (EndAbandonedRuns) and then periodically while it runs
// (SweepAbandoned): a process restarted while the dead one's heartbeat was
// still fresh would otherwise never end its runs.

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
	// Clock reads the time for heartbeats and staleness; time.Now unless a
	// test sets it before the first Beat.
	Clock func() time.Time
	stop  chan struct{}
	done  chan struct{}
}

// NewHeartbeat prepares the heartbeat of the engine engineID; nothing is
// stored until Beat.
func NewHeartbeat(s *Store, engineID string, every, staleAfter time.Duration, log *slog.Logger) *Heartbeat {
	return &Heartbeat{store: s, engineID: engineID, every: every, staleAfter: staleAfter, log: log,
		Clock: time.Now, stop: make(chan struct{}), done: make(chan struct{})}
}

// Beat records that this engine is alive.
func (h *Heartbeat) Beat(ctx context.Context) error {
	ts := ISOTime(h.Clock())
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
		now := h.Clock()
		for _, it := range runs {
			run := it.Value
			if run.Status.Terminal() {
				continue
			}
			alive, err := h.ownerAlive(ctx, tx, run.ID, now)
			if err != nil {
				return err
			}
			if !alive {
				if err := h.endAbandoned(ctx, tx, &run, now); err != nil {
					return err
				}
			}
		}
		return h.forgetDeadEngines(ctx, tx, now)
	})
}

// SweepAbandoned ends, as EndAbandonedRuns does, the unfinished runs whose
// engine has no fresh heartbeat. It reads only the runs' owner records, which
// a run has from its start to its end, so that a periodic sweep stays cheap
// however many runs the store keeps; it takes the write lock only when there
// are owners to check.
func (h *Heartbeat) SweepAbandoned(ctx context.Context) error {
	var owned int
	if err := h.store.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM docs WHERE kind = ?`, KindRunOwner).Scan(&owned); err != nil || owned == 0 {
		return err
	}
	return h.store.Update(ctx, func(tx *sql.Tx) error {
		owners, err := ListDocs[RunOwner](ctx, tx, KindRunOwner, Scope{})
		if err != nil {
			return err
		}
		now := h.Clock()
		// This engine is alive while it sweeps, even if a heartbeat was late.
		alive := map[string]bool{h.engineID: true}
		for _, it := range owners {
			engineID := it.Value.EngineID
			ok, known := alive[engineID]
			if !known {
				if ok, err = h.engineAlive(ctx, tx, engineID, now); err != nil {
					return err
				}
				alive[engineID] = ok
			}
			if ok {
				continue
			}
			run, err := GetDoc[workflows.FlowRun](ctx, tx, KindRun, it.ID)
			if err != nil {
				return err
			}
			if run == nil || run.Status.Terminal() {
				// The run is gone or ended without its owner record being removed.
				if _, err := DeleteDoc(ctx, tx, KindRunOwner, it.ID); err != nil {
					return err
				}
				continue
			}
			if err := h.endAbandoned(ctx, tx, run, now); err != nil {
				return err
			}
		}
		return h.forgetDeadEngines(ctx, tx, now)
	})
}

// endAbandoned ends a run whose engine stopped, as INTERNAL_ERROR, and drops
// its owner record.
func (h *Heartbeat) endAbandoned(ctx context.Context, q Querier, run *workflows.FlowRun, now time.Time) error {
	ts := ISOTime(now)
	run.Status, run.FinishTime, run.Updated = workflows.RunInternalError, &ts, ts
	run.FailedStep = &workflows.FailedStep{Name: "trigger", DisplayName: "Trigger", Message: AbandonedMessage}
	if err := PutDoc(ctx, q, RunRef(run), run); err != nil {
		return err
	}
	if _, err := DeleteDoc(ctx, q, KindRunOwner, run.ID); err != nil {
		return err
	}
	h.log.Warn("sandbox: ended a run its engine abandoned", "runId", run.ID, "flowId", run.FlowID)
	return nil
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
	return h.engineAlive(ctx, q, owner.EngineID, now)
}

// engineAlive reports whether the engine engineID has beaten recently.
func (h *Heartbeat) engineAlive(ctx context.Context, q Querier, engineID string, now time.Time) (bool, error) {
	beat, err := GetDoc[EngineBeat](ctx, q, KindEngine, engineID)
	if err != nil || beat == nil {
		return false, err
	}
	last, err := time.Parse(time.RFC3339Nano, beat.Heartbeat)
	return err == nil && now.Sub(last) < h.staleAfter, nil
}
