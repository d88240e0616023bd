package sandbox

import (
	"encoding/json"
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
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	run, err := getDoc[client.FlowRun](r.Context(), e.store.db, kindRun, id)
	if err != nil {
		return err
	}
	if run == nil {
		return notFound("flow_run", id)
	}
	writeJSON(w, http.StatusOK, run)
	return nil
}

func (e *Engine) triggerRunStatus(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	runs, err := listDocs[client.FlowRun](ctx, e.store.db, kindRun, scope{ProjectID: e.projectOf(r.URL.Query().Get("projectId"))})
	if err != nil {
		return err
	}
	pieceOfVersion := map[string]string{}
	out := client.TriggerRunStatus{Pieces: map[string]client.PieceTriggerStats{}}
	for _, it := range runs {
		run := it.Value
		piece, known := pieceOfVersion[run.FlowVersionID]
		if !known {
			v, err := getDoc[client.FlowVersion](ctx, e.store.db, kindVersion, run.FlowVersionID)
			if err != nil {
				return err
			}
			if v != nil {
				piece = v.Trigger.Settings.PieceName
			}
			pieceOfVersion[run.FlowVersionID] = piece
		}
		if piece == "" {
			continue
		}
		stats, ok := out.Pieces[piece]
		if !ok {
			stats = client.PieceTriggerStats{DailyStats: map[string]client.DailyStat{}, TotalRuns: new(0)}
		}
		*stats.TotalRuns++
		if run.Status.Terminal() && len(run.Created) >= 10 {
			day := stats.DailyStats[run.Created[:10]]
			if run.Status == client.RunSucceeded {
				day.Success++
			} else {
				day.Failure++
			}
			stats.DailyStats[run.Created[:10]] = day
		}
		out.Pieces[piece] = stats
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// triggerEvent is one sample the trigger received, as test-trigger answers it.
type triggerEvent struct {
	client.Base
	ProjectID  string          `json:"projectId"`
	FlowID     string          `json:"flowId"`
	SourceName string          `json:"sourceName"`
	Payload    json.RawMessage `json:"payload"`
}

// maxTriggerEvents bounds the samples test-trigger returns.
const maxTriggerEvents = 5

// testTrigger answers with what the flow's trigger actually received in its
// latest runs (newest first): the sandbox cannot poll third-party apps.
func (e *Engine) testTrigger(w http.ResponseWriter, r *http.Request) error {
	body, aerr := readObject(w, r)
	if aerr != nil {
		return aerr
	}
	flowID, aerr := body.str("flowId", true)
	if aerr != nil {
		return aerr
	}
	for _, name := range []string{"projectId", "flowVersionId", "pieceName"} {
		if _, aerr := body.str(name, false); aerr != nil {
			return aerr
		}
	}
	if _, aerr := body.enum("testStrategy", false, "SIMULATION", "TEST_FUNCTION"); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	flow, err := loadFlow(ctx, e.store.db, flowID)
	if err != nil {
		return err
	}
	source := ""
	if flow.Version != nil {
		source = flow.Version.Trigger.Settings.PieceName + "/" + flow.Version.Trigger.Settings.TriggerName
	}
	runs, err := listDocs[client.FlowRun](ctx, e.store.db, kindRun, scope{ParentID: flowID})
	if err != nil {
		return err
	}
	events := []triggerEvent{}
	for _, it := range newestFirst(runs) {
		trigger, ok := it.Value.Steps["trigger"]
		if !ok || len(trigger.Output) == 0 {
			continue
		}
		events = append(events, triggerEvent{Base: client.Base{ID: it.Value.ID, Created: it.Value.Created, Updated: it.Value.Updated},
			ProjectID: it.Value.ProjectID, FlowID: flowID, SourceName: source, Payload: trigger.Output})
		if len(events) == maxTriggerEvents {
			break
		}
	}
	writeJSON(w, http.StatusOK, events)
	return nil
}
