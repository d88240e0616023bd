package sandbox

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

var runStatuses = []string{
	string(workflows.RunQueued), string(workflows.RunRunning), string(workflows.RunPaused), string(workflows.RunSucceeded),
	string(workflows.RunFailed), string(workflows.RunQuotaExceeded), string(workflows.RunInternalError),
	string(workflows.RunMemoryLimitExceeded), string(workflows.RunTimeout), string(workflows.RunCanceled),
	string(workflows.RunLogSizeExceeded), string(workflows.RunStopped),
}

func (e *Engine) listRuns(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	statuses, aerr := queryEnum(q, "status", runStatuses...)
	if aerr != nil {
		return aerr
	}
	after, aerr := queryTime(q, "createdAfter")
	if aerr != nil {
		return aerr
	}
	before, aerr := queryTime(q, "createdBefore")
	if aerr != nil {
		return aerr
	}
	flowIDs, tags := q["flowId"], q["tags"]
	for i, id := range flowIDs {
		// Activepieces' query schema types flowId as an array of ids.
		if !store.ValidID(id) {
			return apierr.BadField("querystring", fmt.Sprintf("flowId/%d", i), `must match pattern "^[0-9a-zA-Z]{21}$"`)
		}
	}
	sc := store.Scope{ProjectID: e.projectOf(q.Get("projectId"))}
	if len(flowIDs) == 1 {
		// Runs are stored under their flow: read only that flow's (the trigger tools ask this way).
		sc.ParentID = flowIDs[0]
	}
	keep := func(run workflows.FlowRun) bool {
		created, _ := time.Parse(time.RFC3339Nano, run.Created)
		switch {
		case run.Environment != workflows.EnvProduction:
			return false
		case len(flowIDs) > 0 && !slices.Contains(flowIDs, run.FlowID):
			return false
		case len(statuses) > 0 && !slices.Contains(statuses, string(run.Status)):
			return false
		case !after.IsZero() && created.Before(after):
			return false
		case !before.IsZero() && created.After(before):
			return false
		case len(tags) > 0 && !slices.ContainsFunc(run.Tags, func(t string) bool { return slices.Contains(tags, t) }):
			return false
		}
		return true
	}
	out, err := e.pageOfRuns(r.Context(), sc, page, keep)
	if err != nil {
		return err
	}
	for i := range out.Data {
		out.Data[i].Steps = nil
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// runOrder is Activepieces' order of GET /v1/flow-runs: newest first.
var runOrder = byCreated[workflows.FlowRun](true)

// pageOfRuns cuts a newest-first page of the runs keep accepts. Runs carry their
// steps and pile up, so a first or next page reads only until it is full; a
// previous page (rare) and an unlimited one read them all.
func (e *Engine) pageOfRuns(ctx context.Context, sc store.Scope, page pageRequest, keep func(workflows.FlowRun) bool) (workflows.SeekPage[workflows.FlowRun], error) {
	var runs []store.Item[workflows.FlowRun]
	if page.Cursor.Before || page.Limit == noLimit {
		err := store.ScanDocs(ctx, e.store.DB, store.KindRun, sc, true, nil, func(it store.Item[workflows.FlowRun]) bool {
			if keep(it.Value) {
				runs = append(runs, it)
			}
			return true
		})
		return seekPage(runs, page, runOrder), err
	}
	from, err := e.seekAfter(ctx, page.Cursor)
	if err != nil {
		return workflows.SeekPage[workflows.FlowRun]{}, err
	}
	// One run past the page tells whether there is a next page.
	err = store.ScanDocs(ctx, e.store.DB, store.KindRun, sc, true, from, func(it store.Item[workflows.FlowRun]) bool {
		if keep(it.Value) {
			runs = append(runs, it)
		}
		return len(runs) <= page.Limit
	})
	if err != nil {
		return workflows.SeekPage[workflows.FlowRun]{}, err
	}
	out := seekPage(runs, pageRequest{Limit: page.Limit}, runOrder)
	if page.Cursor.Set && len(out.Data) > 0 {
		// A next cursor was followed, so newer runs lie before this page.
		prev := cursor{Set: true, Before: true, Field: runOrder.Field, Millis: millisOf(runs[0].Created), ID: runs[0].ID}.encode()
		out.Previous = &prev
	}
	return out, nil
}

// seekAfter turns a next cursor into where the newest-first scan of runs
// resumes; nil for the first page. A cursor naming a deleted run resumes at
// its millisecond, taking in the runs of that millisecond (see anchorOf).
func (e *Engine) seekAfter(ctx context.Context, c cursor) (*store.Seek, error) {
	if !c.Set {
		return nil, nil
	}
	seek := &store.Seek{Created: store.ISOTime(time.UnixMilli(c.Millis)), Seq: math.MaxInt64}
	if c.ID != "" {
		seq, found, err := store.SeqOf(ctx, e.store.DB, store.KindRun, c.ID)
		if err != nil {
			return nil, err
		}
		if found {
			seek.Seq = seq
		}
	}
	return seek, nil
}

func (e *Engine) getRun(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[workflows.FlowRun](e, w, r, store.KindRun)
}
