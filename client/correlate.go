package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"reflect"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// CallMarkHeader names the header that carries a random mark on every webhook
// call the client makes. The engine records a call's headers in its run's
// trigger output, so the mark tells the run apart from runs that other callers
// (other sessions, other bridges, the flow's own users) started at the same
// moment. It carries nothing secret.
const CallMarkHeader = "X-Mcp-Bridge-Call"

type callMarkKey struct{}

// NewCallMark returns a fresh random mark for one webhook call.
func NewCallMark() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand.Read panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// WithCallMark returns a context whose webhook calls carry mark, so the caller
// knows the mark even when the call itself fails (a sync trigger that timed out
// may still have started a run).
func WithCallMark(ctx context.Context, mark string) context.Context {
	return context.WithValue(ctx, callMarkKey{}, mark)
}

// callMarkOf returns the context's mark, or a new one.
func callMarkOf(ctx context.Context) string {
	if m, ok := ctx.Value(callMarkKey{}).(string); ok && m != "" {
		return m
	}
	return NewCallMark()
}

func markHeader(mark string) http.Header {
	return http.Header{CallMarkHeader: {mark}}
}

// RunMatch says how FindTriggeredRun identified a call's run.
type RunMatch string

// How a run was identified.
const (
	// RunMatched: the run's recorded trigger carries the call's mark.
	RunMatched RunMatch = "matched"
	// RunOnlyNew: the engine keeps no headers, so no mark, and exactly one new
	// run received the call's payload.
	RunOnlyNew RunMatch = "only_new_run"
	// RunAmbiguous: no run carries the mark, and some new runs could still be
	// the call's (the same payload without a mark, or a trigger not recorded
	// yet); Candidates lists them and none is picked.
	RunAmbiguous RunMatch = "ambiguous"
	// RunNotFound: no new run could be the call's yet.
	RunNotFound RunMatch = "not_found"
)

// FoundRun is the answer of FindTriggeredRun.
type FoundRun struct {
	How        RunMatch
	Run        *workflows.FlowRun // with its steps; set for RunMatched and RunOnlyNew
	Candidates []string           // run ids, for RunAmbiguous
	Reads      int                // requests spent finding it, for measurement
}

// Bounds of the search for a call's run: how many runs are read in full, how
// many runs are listed, and how often it looks again for a run the engine has
// not listed or recorded yet.
const (
	maxRunReads  = 25
	runPageSize  = 20
	maxRunPages  = 3
	defaultTries = 5
	defaultPause = 200 * time.Millisecond
)

// RunWatch remembers the runs a flow had before a webhook call, so that the
// call's run can be found among the new ones afterwards.
type RunWatch struct {
	c         *Client
	projectID string
	flowID    string
	known     map[string]bool
	// Tries and Pause bound the search: how many times to list the runs, and
	// the wait between two listings. Zero means 5 and 200 ms.
	Tries int
	Pause time.Duration
}

// WatchRuns notes the newest runs of a flow, before triggering it.
func (c *Client) WatchRuns(ctx context.Context, projectID, flowID string) (*RunWatch, error) {
	w := &RunWatch{c: c, projectID: projectID, flowID: flowID, known: map[string]bool{}}
	page, err := c.ListRuns(ctx, ListRunsParams{ProjectID: projectID, FlowID: []string{flowID}, Page: Page{Limit: runPageSize}})
	if err != nil {
		return nil, err
	}
	for _, r := range page.Data {
		w.known[r.ID] = true
	}
	return w, nil
}

// FlowID returns the flow being watched.
func (w *RunWatch) FlowID() string { return w.flowID }

// runVerdict is what one new run's recorded trigger says about a call.
type runVerdict int

const (
	verdictPending     runVerdict = iota // the trigger's output is not recorded yet
	verdictMine                          // it carries the call's mark
	verdictOther                         // another mark, or another payload
	verdictSamePayload                   // no mark recorded, the call's payload
)

// FindTriggeredRun finds the run a webhook call started, by the mark it carried
// (see CallMarkHeader) and, where the engine keeps no headers, by its payload.
// It never names a run it cannot tell apart from another: then the answer is
// RunAmbiguous with the candidates. It costs one listing per try plus one read
// per new run (a pending run is read again on a later try), within fixed bounds.
func (w *RunWatch) FindTriggeredRun(ctx context.Context, mark string, payload json.RawMessage) FoundRun {
	tries, pause := w.Tries, w.Pause
	if tries <= 0 {
		tries = defaultTries
	}
	if pause <= 0 {
		pause = defaultPause
	}
	s := &runSearch{w: w, mark: mark, payload: decodedPayload(payload), verdicts: map[string]runVerdict{}}
	for try := 0; try < tries; try++ {
		if try > 0 && sleep(ctx, pause) != nil {
			break
		}
		if found := s.look(ctx); found != nil {
			return *found
		}
	}
	return s.conclude()
}

// runSearch is the state of one FindTriggeredRun.
type runSearch struct {
	w        *RunWatch
	mark     string
	payload  any
	verdicts map[string]runVerdict
	order    []string // new runs in the order first seen (newest first)
	runs     map[string]*workflows.FlowRun
	reads    int
	// headersKept is set once a recorded trigger shows headers: the engine
	// keeps them, so a run without the mark is another caller's, unless
	// something between dropped the header; it is never named on its own then.
	headersKept bool
}

// look lists the new runs and reads those not yet decided; it returns the
// call's run as soon as one carries its mark.
func (s *runSearch) look(ctx context.Context) *FoundRun {
	for _, id := range s.newRunIDs(ctx) {
		v, seen := s.verdicts[id]
		if seen && v != verdictPending {
			continue
		}
		if !seen {
			s.order = append(s.order, id)
			s.verdicts[id] = verdictPending // until read: past the budget it stays a candidate
		}
		if s.reads >= maxRunReads {
			continue
		}
		run, err := s.w.c.GetRun(ctx, id)
		s.reads++
		if err != nil {
			continue
		}
		v = s.judge(run)
		s.verdicts[id] = v
		if v == verdictMine {
			return &FoundRun{How: RunMatched, Run: run, Reads: s.reads}
		}
		if v == verdictSamePayload {
			if s.runs == nil {
				s.runs = map[string]*workflows.FlowRun{}
			}
			s.runs[id] = run
		}
	}
	return nil
}

// newRunIDs lists the flow's runs newest first until it reaches one that was
// there before the call.
func (s *runSearch) newRunIDs(ctx context.Context) []string {
	var ids []string
	cursor := ""
	for page := 0; page < maxRunPages; page++ {
		p, err := s.w.c.ListRuns(ctx, ListRunsParams{ProjectID: s.w.projectID, FlowID: []string{s.w.flowID}, Page: Page{Limit: runPageSize, Cursor: cursor}})
		s.reads++
		if err != nil {
			return ids
		}
		for _, r := range p.Data {
			if s.w.known[r.ID] {
				return ids
			}
			ids = append(ids, r.ID)
		}
		if p.Next == nil || *p.Next == "" || len(p.Data) == 0 {
			return ids
		}
		cursor = *p.Next
	}
	return ids
}

// judge reads a run's recorded trigger: the headers and body its webhook call carried.
func (s *runSearch) judge(run *workflows.FlowRun) runVerdict {
	step, ok := run.Steps["trigger"]
	if !ok || len(step.Output) == 0 {
		return verdictPending
	}
	var recorded struct {
		Headers map[string]any `json:"headers"`
		Body    any            `json:"body"`
	}
	if json.Unmarshal(step.Output, &recorded) != nil {
		return verdictOther
	}
	if recorded.Headers != nil {
		s.headersKept = true
	}
	for name, value := range recorded.Headers {
		if http.CanonicalHeaderKey(name) == CallMarkHeader {
			if value == s.mark {
				return verdictMine
			}
			return verdictOther // another call's mark
		}
	}
	if reflect.DeepEqual(recorded.Body, s.payload) {
		return verdictSamePayload
	}
	return verdictOther
}

// conclude answers when no run carried the mark.
func (s *runSearch) conclude() FoundRun {
	var candidates []string
	pending := false
	for _, id := range s.order {
		switch s.verdicts[id] {
		case verdictSamePayload:
			candidates = append(candidates, id)
		case verdictPending:
			candidates = append(candidates, id)
			pending = true
		}
	}
	switch {
	case len(candidates) == 0:
		return FoundRun{How: RunNotFound, Reads: s.reads}
	case len(candidates) == 1 && !pending && !s.headersKept:
		return FoundRun{How: RunOnlyNew, Run: s.runs[candidates[0]], Reads: s.reads}
	}
	return FoundRun{How: RunAmbiguous, Candidates: candidates, Reads: s.reads}
}

// decodedPayload is the value the engine records as the trigger's body for a
// call that sent payload ({} for none).
func decodedPayload(payload json.RawMessage) any {
	var v any
	if len(payload) == 0 || json.Unmarshal(payload, &v) != nil {
		return map[string]any{}
	}
	return v
}
