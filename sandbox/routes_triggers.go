package sandbox

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func (e *Engine) triggerRunStatus(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	runs, err := store.ListDocs[workflows.FlowRun](ctx, e.store.DB, store.KindRun, store.Scope{ProjectID: e.projectOf(r.URL.Query().Get("projectId"))})
	if err != nil {
		return err
	}
	pieceOfVersion := map[string]string{}
	out := workflows.TriggerRunStatus{Pieces: map[string]workflows.PieceTriggerStats{}}
	for _, it := range runs {
		run := it.Value
		piece, known := pieceOfVersion[run.FlowVersionID]
		if !known {
			v, err := store.GetDoc[workflows.FlowVersion](ctx, e.store.DB, store.KindVersion, run.FlowVersionID)
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
			stats = workflows.PieceTriggerStats{DailyStats: map[string]workflows.DailyStat{}, TotalRuns: new(0)}
		}
		*stats.TotalRuns++
		if run.Status.Terminal() && len(run.Created) >= 10 {
			day := stats.DailyStats[run.Created[:10]]
			if run.Status == workflows.RunSucceeded {
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
	workflows.Base
	ProjectID  string          `json:"projectId"`
	FlowID     string          `json:"flowId"`
	SourceName string          `json:"sourceName"`
	Payload    json.RawMessage `json:"payload"`
}

// maxTriggerEvents bounds the samples test-trigger returns.
const maxTriggerEvents = 5

// testTrigger answers with what the flow's trigger actually received, newest
// first: the calls to its /test webhook and the trigger outputs of its runs.
// The sandbox cannot poll third-party apps, so it offers no other sample.
func (e *Engine) testTrigger(w http.ResponseWriter, r *http.Request) error {
	var flowID string
	body, aerr := readObject(w, r, requiredStr("flowId", &flowID))
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
	flow, err := store.LoadFlow(ctx, e.store.DB, flowID)
	if err != nil {
		return err
	}
	source := triggerSource(flow)
	tests, err := store.ListDocs[triggerEvent](ctx, e.store.DB, store.KindTriggerEvent, store.Scope{ParentID: flowID})
	if err != nil {
		return err
	}
	events := make([]triggerEvent, 0, len(tests))
	for _, it := range tests {
		events = append(events, it.Value)
	}
	runs, err := store.ListDocs[workflows.FlowRun](ctx, e.store.DB, store.KindRun, store.Scope{ParentID: flowID})
	if err != nil {
		return err
	}
	for _, it := range runs {
		trigger, ok := it.Value.Steps["trigger"]
		if !ok || len(trigger.Output) == 0 {
			continue
		}
		events = append(events, triggerEvent{Base: workflows.Base{ID: it.Value.ID, Created: it.Value.Created, Updated: it.Value.Updated},
			ProjectID: it.Value.ProjectID, FlowID: flowID, SourceName: source, Payload: trigger.Output})
	}
	// ISO timestamps of one format sort as text; the stable sort keeps store order for equal times.
	slices.SortStableFunc(events, func(a, b triggerEvent) int { return cmp.Compare(b.Created, a.Created) })
	writeJSON(w, http.StatusOK, events[:min(len(events), maxTriggerEvents)])
	return nil
}

// triggerSource names a flow's trigger as piece/trigger.
func triggerSource(flow *workflows.Flow) string {
	if flow.Version == nil {
		return ""
	}
	return flow.Version.Trigger.Settings.PieceName + "/" + flow.Version.Trigger.Settings.TriggerName
}

// webhookTest serves /v1/webhooks/{flowId}/test: it keeps the call as the
// trigger's sample data (see testTrigger) and runs nothing.
func (e *Engine) webhookTest(w http.ResponseWriter, r *http.Request) error {
	flowID, call, aerr := readWebhookCall(w, r)
	if aerr != nil {
		return aerr
	}
	markWebhookCall(w)
	ctx := r.Context()
	flow, err := webhookFlow(ctx, w, e.store.DB, flowID)
	if err != nil || flow == nil {
		return err
	}
	input, err := json.Marshal(call)
	if err != nil {
		return err
	}
	ts := store.ISOTime(time.Now())
	event := triggerEvent{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, ProjectID: flow.ProjectID, FlowID: flow.ID,
		SourceName: triggerSource(flow), Payload: input}
	if err := store.PutDoc(ctx, e.store.DB, store.DocRef{Kind: store.KindTriggerEvent, ID: event.ID, ProjectID: flow.ProjectID, ParentID: flow.ID, Created: ts}, event); err != nil {
		return err
	}
	writeWebhookAccepted(w)
	return nil
}
