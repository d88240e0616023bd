package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Schedules (flows with a schedule trigger) must fire once per due time even
// when several processes share one store. Three tables of their own hold what
// that takes, outside the docs table because none of it is an Activepieces
// entity:
//
//   - schedule_leases: a lease per name (the scheduler takes "scheduler"),
//     held by one engine until it expires; the holder renews it, the others
//     take it over once it has expired or its holder released it. Only the
//     holder fires schedules, so the engines do not all wake for nothing.
//   - schedule_flows: each scheduled flow's next due time and the timing it was
//     computed from, shared so that an engine taking the lease over carries on
//     where the last holder stopped.
//   - schedule_fires: one row per fired (flow, due time), inserted in the
//     transaction that stores the run it started. Its primary key is what makes
//     a second fire of one due time impossible, whatever the lease says (a
//     holder paused past its lease's expiry cannot fire what its successor fired).
//
// Times are Unix milliseconds: they compare as integers, whatever the zone.

const scheduleSchema = `
CREATE TABLE IF NOT EXISTS schedule_leases (
	name    TEXT PRIMARY KEY,
	owner   TEXT NOT NULL,
	expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_flows (
	flow_id  TEXT PRIMARY KEY,
	timing   TEXT NOT NULL,
	next_due INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule_fires (
	flow_id TEXT NOT NULL,
	due     INTEGER NOT NULL,
	run_id  TEXT NOT NULL,
	owner   TEXT NOT NULL,
	PRIMARY KEY (flow_id, due)
);
CREATE INDEX IF NOT EXISTS schedule_fires_due ON schedule_fires (due);
`

// MigrateSchedules creates the schedule tables when they are missing.
func MigrateSchedules(ctx context.Context, s *Store) error {
	return s.Update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, scheduleSchema); err != nil {
			return fmt.Errorf("creating the schedule tables: %w", err)
		}
		return nil
	})
}

// AcquireLease takes the lease name for owner until now+ttl, or renews it,
// and reports whether owner holds it: it takes a lease that nobody holds,
// that owner already holds, or that expired at or before now.
func AcquireLease(ctx context.Context, q Querier, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO schedule_leases (name, owner, expires) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
		WHERE schedule_leases.owner = excluded.owner OR schedule_leases.expires <= ?`,
		name, owner, now.Add(ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("taking the lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// HoldsLease reports whether owner holds the lease name at now.
func HoldsLease(ctx context.Context, q Querier, name, owner string, now time.Time) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM schedule_leases WHERE name = ? AND owner = ? AND expires > ?`,
		name, owner, now.UnixMilli()).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading the lease %s: %w", name, err)
	}
	return true, nil
}

// LeaseOwner returns who holds the lease name at now, "" when nobody does.
func LeaseOwner(ctx context.Context, q Querier, name string, now time.Time) (string, error) {
	var owner string
	err := q.QueryRowContext(ctx, `SELECT owner FROM schedule_leases WHERE name = ? AND expires > ?`, name, now.UnixMilli()).Scan(&owner)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the lease %s: %w", name, err)
	}
	return owner, nil
}

// ReleaseLease gives the lease name up if owner holds it, so that another
// engine takes it over at once instead of when it expires.
func ReleaseLease(ctx context.Context, q Querier, name, owner string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM schedule_leases WHERE name = ? AND owner = ?`, name, owner); err != nil {
		return fmt.Errorf("releasing the lease %s: %w", name, err)
	}
	return nil
}

// ScheduledFlow is a scheduled flow's state: when it is next due, and the
// timing (cron expression and timezone) that due time follows.
type ScheduledFlow struct {
	FlowID  string
	Timing  string
	NextDue time.Time
}

// ScheduledFlows returns every scheduled flow's state, by flow id.
func ScheduledFlows(ctx context.Context, q Querier) (map[string]ScheduledFlow, error) {
	rows, err := q.QueryContext(ctx, `SELECT flow_id, timing, next_due FROM schedule_flows`)
	if err != nil {
		return nil, fmt.Errorf("reading the scheduled flows: %w", err)
	}
	defer rows.Close()
	out := map[string]ScheduledFlow{}
	for rows.Next() {
		var s ScheduledFlow
		var due int64
		if err := rows.Scan(&s.FlowID, &s.Timing, &due); err != nil {
			return nil, fmt.Errorf("reading the scheduled flows: %w", err)
		}
		s.NextDue = time.UnixMilli(due).UTC()
		out[s.FlowID] = s
	}
	return out, rows.Err()
}

// PutScheduledFlow stores a scheduled flow's state.
func PutScheduledFlow(ctx context.Context, q Querier, s ScheduledFlow) error {
	_, err := q.ExecContext(ctx, `INSERT INTO schedule_flows (flow_id, timing, next_due) VALUES (?, ?, ?)
		ON CONFLICT (flow_id) DO UPDATE SET timing = excluded.timing, next_due = excluded.next_due`,
		s.FlowID, s.Timing, s.NextDue.UnixMilli())
	if err != nil {
		return fmt.Errorf("storing the schedule of flow %s: %w", s.FlowID, err)
	}
	return nil
}

// DeleteScheduledFlow forgets a flow that is no longer scheduled.
func DeleteScheduledFlow(ctx context.Context, q Querier, flowID string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM schedule_flows WHERE flow_id = ?`, flowID); err != nil {
		return fmt.Errorf("forgetting the schedule of flow %s: %w", flowID, err)
	}
	return nil
}

// Fire is one due time of a flow that started a run.
type Fire struct {
	FlowID string
	Due    time.Time
	RunID  string
	Owner  string // the engine that fired it
}

// ClaimFire records that owner fires flowID's due time with the run runID,
// and reports false, recording nothing, when that due time was fired already.
// Call it in the transaction that stores the run.
func ClaimFire(ctx context.Context, q Querier, f Fire) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO schedule_fires (flow_id, due, run_id, owner) VALUES (?, ?, ?, ?)
		ON CONFLICT (flow_id, due) DO NOTHING`, f.FlowID, f.Due.UnixMilli(), f.RunID, f.Owner)
	if err != nil {
		return false, fmt.Errorf("recording a fire of flow %s: %w", f.FlowID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Fires lists a flow's fires, oldest due time first.
func Fires(ctx context.Context, q Querier, flowID string) ([]Fire, error) {
	rows, err := q.QueryContext(ctx, `SELECT due, run_id, owner FROM schedule_fires WHERE flow_id = ? ORDER BY due`, flowID)
	if err != nil {
		return nil, fmt.Errorf("reading the fires of flow %s: %w", flowID, err)
	}
	defer rows.Close()
	var out []Fire
	for rows.Next() {
		f := Fire{FlowID: flowID}
		var due int64
		if err := rows.Scan(&due, &f.RunID, &f.Owner); err != nil {
			return nil, fmt.Errorf("reading the fires of flow %s: %w", flowID, err)
		}
		f.Due = time.UnixMilli(due).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// PruneFires forgets the fires due before before. Due times only move
// forward, so an old fire can no longer be fired again and its row is not needed.
func PruneFires(ctx context.Context, q Querier, before time.Time) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM schedule_fires WHERE due < ?`, before.UnixMilli()); err != nil {
		return fmt.Errorf("pruning old fires: %w", err)
	}
	return nil
}
