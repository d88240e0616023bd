package sandbox

import (
	"net/http"
	"slices"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

var runStatuses = []string{
	string(client.RunQueued), string(client.RunRunning), string(client.RunPaused), string(client.RunSucceeded),
	string(client.RunFailed), string(client.RunQuotaExceeded), string(client.RunInternalError),
	string(client.RunMemoryLimitExceeded), string(client.RunTimeout), string(client.RunCanceled),
	string(client.RunLogSizeExceeded), string(client.RunStopped),
}

func runRef(run *client.FlowRun) docRef {
	return docRef{Kind: kindRun, ID: run.ID, ProjectID: run.ProjectID, ParentID: run.FlowID, Created: run.Created}
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
	runs, err := listDocs[client.FlowRun](r.Context(), e.store.db, kindRun, scope{ProjectID: e.projectOf(q.Get("projectId"))})
	if err != nil {
		return err
	}
	runs = filterItems(newestFirst(runs), func(run client.FlowRun) bool {
		created, _ := time.Parse(time.RFC3339Nano, run.Created)
		switch {
		case run.Environment != client.EnvProduction:
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
	})
	out := seekPage(runs, page, true)
	for i := range out.Data {
		out.Data[i].Steps = nil
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (e *Engine) getRun(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[client.FlowRun](e, w, r, kindRun)
}
