package sandbox

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// flowFailedMessage is Activepieces' answer to a sync call whose run failed.
const flowFailedMessage = "The flow has failed and there is no response returned"

// webhookMode says which version a webhook runs and how it answers.
type webhookMode struct {
	Draft bool // run the latest version, as a TESTING run
	Sync  bool // wait for the flow's Return Response
}

// webhook serves POST /v1/webhooks/{flowId}[/draft][/sync]. It needs no API key.
func (e *Engine) webhook(mode webhookMode) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		flowID, input, aerr := readWebhookCall(w, r)
		if aerr != nil {
			return aerr
		}
		markWebhookCall(w)
		ctx := r.Context()
		flow, version, err := e.webhookTarget(ctx, w, flowID, mode.Draft)
		if err != nil {
			return err
		}
		if flow == nil {
			return nil // answered: no such flow, or not enabled
		}
		if !e.catalogue.Accepts(&version.Trigger, input.Headers) {
			// As in Activepieces, a call the trigger's authentication refuses starts no run.
			if !mode.Sync {
				writeWebhookAccepted(w)
				return nil
			}
			writeNoAnswer(w, r, "The webhook's authentication refused the call (see the trigger's authType); no run was started")
			return nil
		}
		env := workflows.EnvProduction
		if mode.Draft {
			env = workflows.EnvTesting
		}
		responded, finished, err := e.startRun(ctx, flow, version, env, input)
		if err != nil {
			return err
		}
		if !mode.Sync {
			writeWebhookAccepted(w)
			return nil
		}
		e.awaitResponse(w, r, responded, finished)
		return nil
	}
}

// readWebhookCall reads a webhook call: the flow id in its path, and what the
// flow's trigger receives from it.
func readWebhookCall(w http.ResponseWriter, r *http.Request) (string, engine.TriggerInput, *apierr.Error) {
	flowID, aerr := pathID(r, "flowId")
	if aerr != nil {
		return "", engine.TriggerInput{}, aerr
	}
	raw, aerr := readRawBody(w, r)
	if aerr != nil {
		return "", engine.TriggerInput{}, aerr
	}
	payload, aerr := parseWebhookBody(r.Header.Get("Content-Type"), raw)
	if aerr != nil {
		return "", engine.TriggerInput{}, aerr
	}
	return flowID, engine.TriggerInput{Method: r.Method, Headers: flatHeaders(r), Body: payload, QueryParams: flatQuery(r.URL.Query())}, nil
}

// webhookIDHeader names the header in which Activepieces answers every
// webhook call it takes in with the id it gave the call.
const webhookIDHeader = "x-webhook-id"

// markWebhookCall gives a webhook call its id, which every answer to it then
// carries, whatever its status: accepted, refused, or the flow's own.
func markWebhookCall(w http.ResponseWriter) {
	w.Header().Set(webhookIDHeader, store.NewID())
}

// writeWebhookAccepted is the answer to a webhook call that does not wait for the flow.
func writeWebhookAccepted(w http.ResponseWriter) {
	writeJSON(w, http.StatusOK, struct{}{})
}

// webhookFlow loads the flow a webhook call names. When there is none it
// answers as Activepieces does, 410 with an empty object, and returns nil.
func webhookFlow(ctx context.Context, w http.ResponseWriter, q store.Querier, flowID string) (*workflows.Flow, error) {
	flow, err := store.LoadFlow(ctx, q, flowID)
	if _, missing := err.(*apierr.Error); missing || (err == nil && flow.Version == nil) {
		writeJSON(w, http.StatusGone, struct{}{})
		return nil, nil
	}
	return flow, err
}

// webhookTarget finds the flow and the version a webhook runs. When it runs
// none it answers as Activepieces does and returns a nil flow: 410 {} when the
// flow does not exist, 404 {} when it is not enabled (the /draft webhooks run
// the latest version whatever the status). An enabled flow runs its published
// version, or its latest when it has none, as Activepieces falls back.
func (e *Engine) webhookTarget(ctx context.Context, w http.ResponseWriter, flowID string, draft bool) (*workflows.Flow, *workflows.FlowVersion, error) {
	flow, err := webhookFlow(ctx, w, e.store.DB, flowID)
	if err != nil || flow == nil {
		return nil, nil, err
	}
	if draft {
		return flow, flow.Version, nil
	}
	if flow.Status != workflows.FlowEnabled {
		writeJSON(w, http.StatusNotFound, struct{}{})
		return nil, nil, nil
	}
	if flow.PublishedVersionID == nil {
		return flow, flow.Version, nil
	}
	version, err := store.GetDoc[workflows.FlowVersion](ctx, e.store.DB, store.KindVersion, *flow.PublishedVersionID)
	if err != nil {
		return nil, nil, err
	}
	if version == nil {
		// The published version is gone from the store: there is nothing to run.
		writeJSON(w, http.StatusNotFound, struct{}{})
		return nil, nil, nil
	}
	return flow, version, nil
}

// awaitResponse answers a sync webhook: the flow's response as soon as it is
// given, 500 when the run failed, and otherwise the layout's "no response"
// (408 under the gateway, 204 under Activepieces) when the run ended without
// responding or the wait ran out. The run goes on in the background.
func (e *Engine) awaitResponse(w http.ResponseWriter, r *http.Request, responded <-chan pieces.Response, finished <-chan engine.RunResult) {
	timer := time.NewTimer(e.syncWait)
	defer timer.Stop()
	noAnswer := func(why string) { writeNoAnswer(w, r, why) }
	select {
	case fr := <-responded:
		writeFlowResponse(w, fr)
	case res := <-finished:
		// The executor may have responded just before it finished.
		select {
		case fr := <-responded:
			writeFlowResponse(w, fr)
			return
		default:
		}
		if res.Status != workflows.RunSucceeded {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"message": flowFailedMessage})
			return
		}
		noAnswer("The flow finished without returning a response: it has no Return Response step on the path it took")
	case <-timer.C:
		noAnswer(fmt.Sprintf("The flow did not return a response within %s; the run goes on: follow it with GET /v1/flow-runs", e.syncWait))
	case <-r.Context().Done():
	}
}

// writeNoAnswer is the layout's "no response": 408 with a message under the
// gateway (which gives up), 204 under Activepieces.
func writeNoAnswer(w http.ResponseWriter, r *http.Request, why string) {
	if layoutOf(r) == layoutActivepieces {
		writeNoContent(w)
		return
	}
	writeJSON(w, http.StatusRequestTimeout, map[string]string{"message": why})
}

// writeFlowResponse sends what a Return Response step set.
func writeFlowResponse(w http.ResponseWriter, fr pieces.Response) {
	status := fr.Status
	if status == 0 {
		status = http.StatusOK
	}
	for k, v := range fr.Headers {
		switch strings.ToLower(k) {
		case "content-length", "transfer-encoding", "connection", webhookIDHeader:
			// The call's id wins over a header of that name the flow sets, as in Activepieces.
			continue
		}
		w.Header().Set(k, v)
	}
	if status == http.StatusNoContent || status == http.StatusNotModified || (status >= 100 && status < 200) {
		w.WriteHeader(status)
		return
	}
	var data []byte
	contentType := "application/json; charset=utf-8"
	switch s, isString := fr.Body.(string); {
	case fr.Raw && isString:
		data, contentType = []byte(s), "text/plain; charset=utf-8"
	case fr.Body == nil:
		contentType = ""
	default:
		encoded, err := json.Marshal(fr.Body)
		if err != nil {
			encoded = []byte(fmt.Sprint(fr.Body))
			contentType = "text/plain; charset=utf-8"
		}
		data = encoded
	}
	writeBytes(w, status, contentType, data)
}

// parseWebhookBody decodes a webhook payload the way Activepieces hands it to the
// trigger: JSON as a value, forms as an object, anything else as text.
func parseWebhookBody(contentType string, raw []byte) (any, *apierr.Error) {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
		return map[string]any{}, nil
	case mediaType == "" || strings.HasSuffix(mediaType, "json"):
		var v any
		if err := json.Unmarshal(trimmed, &v); err != nil {
			return nil, invalidJSON(err)
		}
		return v, nil
	case mediaType == "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, apierr.NewFastify(http.StatusBadRequest, "FST_ERR_CTP_INVALID_BODY", "the form body could not be parsed: "+err.Error())
		}
		return flatQuery(values), nil
	}
	return string(raw), nil
}

// flatHeaders lists request headers with lower-case names, repeated ones joined, as Node does.
func flatHeaders(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.Header {
		out[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	if r.Host != "" {
		out["host"] = r.Host
	}
	return out
}

// flatQuery keeps the first value of each query parameter.
func flatQuery(q url.Values) map[string]string {
	out := map[string]string{}
	for k, v := range q {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// startRun stores a new run and executes it in the background. responded gets
// the flow's response if it gives one; finished gets the result when the run ends.
// A claim runs first in the transaction that stores the run, and its error
// stores and starts nothing: the scheduler claims the run's due time so, in
// the same transaction, that a due time can never start two runs.
func (e *Engine) startRun(ctx context.Context, flow *workflows.Flow, version *workflows.FlowVersion, env workflows.RunEnvironment, in engine.TriggerInput,
	claims ...func(*sql.Tx, *workflows.FlowRun) error) (<-chan pieces.Response, <-chan engine.RunResult, error) {
	now := time.Now()
	ts := store.ISOTime(now)
	run := &workflows.FlowRun{
		Base:            workflows.Base{ID: store.NewID(), Created: ts, Updated: ts},
		ProjectID:       flow.ProjectID,
		FlowID:          flow.ID,
		FlowVersionID:   version.ID,
		FlowDisplayName: version.DisplayName,
		Status:          workflows.RunRunning,
		Environment:     env,
		StartTime:       &ts,
	}
	_, trigger := engine.TriggerStep(version, in, now)
	run.Steps = map[string]workflows.StepRun{"trigger": trigger}
	e.runMu.Lock()
	defer e.runMu.Unlock()
	if e.closing {
		return nil, nil, apierr.New(http.StatusServiceUnavailable, "SANDBOX_CLOSING", "the sandbox engine is shutting down")
	}
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		for _, claim := range claims {
			if err := claim(tx, run); err != nil {
				return err
			}
		}
		if err := store.PutDoc(ctx, tx, store.RunRef(run), run); err != nil {
			return err
		}
		return store.PutDoc(ctx, tx, store.DocRef{Kind: store.KindRunOwner, ID: run.ID, ProjectID: run.ProjectID, ParentID: run.FlowID}, store.RunOwner{EngineID: e.instanceID})
	})
	if err != nil {
		return nil, nil, err
	}
	responded := make(chan pieces.Response, 1)
	finished := make(chan engine.RunResult, 1)
	e.runs.Add(1)
	go func() {
		defer e.runs.Done()
		res := e.execute(run, version, in, responded)
		e.finishRun(run, res)
		finished <- res
	}()
	return responded, finished, nil
}

// execute runs the executor, turning a panic into an INTERNAL_ERROR result.
func (e *Engine) execute(run *workflows.FlowRun, version *workflows.FlowVersion, in engine.TriggerInput, responded chan<- pieces.Response) (res engine.RunResult) {
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			e.log.Error("sandbox: the executor panicked", "flowVersionId", version.ID, "panic", fmt.Sprint(p))
			res = engine.RunResult{Status: workflows.RunInternalError, Start: start, Finish: time.Now(),
				FailedStep: &workflows.FailedStep{Name: "trigger", DisplayName: "Trigger", Message: "the sandbox executor failed unexpectedly"}}
		}
	}()
	var once sync.Once
	respond := func(fr pieces.Response) { once.Do(func() { responded <- fr }) }
	env := e.withPieceServices(engine.ExecEnv{Catalogue: e.catalogue, MaxDelay: e.maxDelay, Respond: respond}, run)
	return e.run(e.runCtx, env, version, in)
}

// finishRun stores a run's outcome, unless its flow was deleted meanwhile.
func (e *Engine) finishRun(run *workflows.FlowRun, res engine.RunResult) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	run.Status = res.Status
	if run.Status == "" {
		run.Status = workflows.RunInternalError
	}
	if !res.Start.IsZero() {
		run.StartTime = new(store.ISOTime(res.Start))
	}
	finish := res.Finish
	if finish.IsZero() {
		finish = time.Now()
	}
	run.FinishTime = new(store.ISOTime(finish))
	run.Steps, run.FailedStep = res.Steps, res.FailedStep
	run.StepsCount = new(len(res.Steps))
	run.Updated = store.ISOTime(time.Now())
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		flow, err := store.GetDoc[workflows.Flow](ctx, tx, store.KindFlow, run.FlowID)
		if err != nil || flow == nil {
			return err
		}
		if _, err := store.DeleteDoc(ctx, tx, store.KindRunOwner, run.ID); err != nil {
			return err
		}
		return store.PutDoc(ctx, tx, store.RunRef(run), run)
	})
	if err != nil {
		e.log.Error("sandbox: storing a run's result failed", "runId", run.ID, "err", err)
		return
	}
	e.log.Info("sandbox: flow run finished", "runId", run.ID, "flowId", run.FlowID, "status", run.Status)
}
