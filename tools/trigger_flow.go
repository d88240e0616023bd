package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

type triggerInput struct {
	FlowID  string `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"A published, enabled flow"`
	Payload any    `json:"payload,omitempty" jsonschema_description:"Webhook JSON body (default {})"`
}

type triggerOutput struct {
	WebhookID string `json:"webhookId,omitempty" jsonschema_description:"The engine's request id (not a run id)"`
	RunID     string `json:"runId,omitempty" jsonschema_description:"The run this call started, when found"`
	RunStatus string `json:"runStatus,omitempty" jsonschema_description:"Its status when found"`
	runMatchOut
	Note string `json:"note" jsonschema_description:"What to do next"`
}

// runMatchOut says how a trigger's run was identified.
type runMatchOut struct {
	RunMatch   string   `json:"runMatch,omitempty" jsonschema_description:"How the run was found: matched (it recorded this call's mark), only_new_run, ambiguous (see candidates) or not_found"`
	Candidates []string `json:"candidates,omitempty" jsonschema_description:"ambiguous: runs that could be this call's"`
}

// watchRuns checks that the flow exists and can be triggered, and notes its newest runs.
func watchRuns(ctx context.Context, c *client.Client, flowID string) (*client.RunWatch, error) {
	f, err := c.GetFlow(ctx, flowID, "")
	if err != nil {
		return nil, err
	}
	if deref(f.PublishedVersionID) == "" || f.Status != workflows.FlowEnabled {
		return nil, toolkit.ToolErrorf("flow %s is not published and enabled (status %s), so its webhook will not run it. Hint: publish it with apply_flow_operation type=LOCK_AND_PUBLISH.", flowID, f.Status)
	}
	return c.WatchRuns(ctx, f.ProjectID, flowID)
}

// triggerCall is one webhook call being made: its payload, its mark, and the
// flow's runs from before it.
type triggerCall struct {
	payload json.RawMessage
	mark    string
	watch   *client.RunWatch
}

// findRun looks for the call's run. It never fails the call: a run not found,
// or not told apart from others, is said in the result.
func (t *triggerCall) findRun(ctx context.Context) (client.FoundRun, runMatchOut) {
	found := t.watch.FindTriggeredRun(ctx, t.mark, t.payload)
	return found, runMatchOut{RunMatch: string(found.How), Candidates: found.Candidates}
}

// ambiguity says what to do when the run could not be told apart.
func ambiguity(found client.FoundRun) string {
	return fmt.Sprintf("Several runs could be this call's (%s): the same payload arrived from elsewhere, or their triggers are not recorded yet; get_run on each shows its trigger input.",
		strings.Join(found.Candidates, ", "))
}

// prepareTrigger encodes the payload, marks the call and notes the flow's
// newest runs, before anything is sent: a bad payload or an unpublished flow
// stops the call here. The returned context carries the mark to the webhook.
func prepareTrigger(ctx context.Context, c *client.Client, in *triggerInput) (context.Context, *triggerCall, error) {
	payload, err := payloadOf(in.Payload)
	if err != nil {
		return ctx, nil, err
	}
	w, err := watchRuns(ctx, c, in.FlowID)
	if err != nil {
		return ctx, nil, err
	}
	call := &triggerCall{payload: payload, mark: client.NewCallMark(), watch: w}
	return client.WithCallMark(ctx, call.mark), call, nil
}

// maxPayloadBytes bounds a trigger's JSON body: engines refuse larger webhook
// bodies, and a run that records one would weigh on every read of it.
const maxPayloadBytes = 1 << 20

func payloadOf(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	data, err := json.Marshal(v)
	if err == nil && len(data) > maxPayloadBytes {
		return nil, &schema.FieldError{Path: "payload", Problem: "invalid",
			Expected: fmt.Sprintf("a JSON body of at most %d bytes (1 MiB)", maxPayloadBytes), Got: fmt.Sprintf("%d bytes", len(data))}
	}
	return data, err
}

// TriggerFlow calls a flow's webhook and returns at once (SDK triggerFlow).
func TriggerFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "trigger_flow", Title: "Trigger flow", Hints: toolkit.RunHints, FindIDs: findFlows,
		Description: "Start a published flow through its webhook with a JSON payload; returns at once with the request id and the new run's id when found. Never retried."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *triggerInput) (*triggerOutput, error) {
		ctx, call, err := prepareTrigger(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res, err := c.TriggerFlow(ctx, in.FlowID, call.payload)
		if err != nil {
			return nil, err
		}
		found, match := call.findRun(ctx)
		out := &triggerOutput{WebhookID: res.WebhookID, runMatchOut: match}
		switch {
		case found.Run != nil:
			out.RunID, out.RunStatus = found.Run.ID, string(found.Run.Status)
			out.Note = "Started run " + found.Run.ID + ": wait_for_run runId=" + found.Run.ID + " waits for it to end."
		case found.How == client.RunAmbiguous:
			out.Note = "Accepted. " + ambiguity(found)
		default:
			out.Note = "Accepted, but its run is not listed yet: list_runs flowId=" + in.FlowID + " shows it shortly."
		}
		return out, nil
	})
}

type triggerSyncOutput struct {
	Outcome string            `json:"outcome" jsonschema:"enum=responded,enum=no_answer,enum=failed" jsonschema_description:"responded: the flow's Return Response answered"`
	Status  int               `json:"status" jsonschema_description:"HTTP status of the answer"`
	Headers map[string]string `json:"headers,omitempty" jsonschema_description:"Headers the flow set"`
	Body    any               `json:"body,omitempty" jsonschema_description:"Body of the answer (JSON, or text)"`
	RunID   string            `json:"runId,omitempty" jsonschema_description:"The run, when found"`
	runMatchOut
	FailedStep *failedStepOut `json:"failedStep,omitempty" jsonschema_description:"failed: where the run stopped"`
	Note       string         `json:"note,omitempty" jsonschema_description:"What happened and what to do next"`
}

// transportHeaders are left out of a sync answer: they describe the connection, not the flow's reply.
var transportHeaders = []string{"Connection", "Content-Length", "Date", "Keep-Alive", "Server", "Transfer-Encoding", "Vary", "X-Powered-By", "X-Webhook-Id"}

// TriggerFlowSync calls a flow's webhook and waits for its Return Response (SDK triggerFlowSync).
func TriggerFlowSync(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "trigger_flow_sync", Title: "Trigger flow and wait", Hints: toolkit.RunHints, FindIDs: findFlows, Narrow: "get_run shows the run's steps",
		Description: "Run a published flow through its webhook and wait for its Return Response: {status, headers, body}. Sends progress while waiting. Never retried."}
	return newTool(c, sp, func(ctx context.Context, req mcp.CallToolRequest, in *triggerInput) (*triggerSyncOutput, error) {
		ctx, call, err := prepareTrigger(ctx, c, in)
		if err != nil {
			return nil, err
		}
		prog := toolkit.NewProgress(ctx, req, 0)
		defer prog.Finish()
		start := time.Now()
		stop := prog.Tick(func() string {
			return fmt.Sprintf("waiting for flow %s to respond (%ds)", in.FlowID, int(time.Since(start).Seconds()))
		})
		res, err := c.TriggerFlowSync(ctx, in.FlowID, call.payload)
		stop()
		var transport *client.TransportError
		if errors.As(err, &transport) && transport.Timeout() && ctx.Err() == nil {
			// The bridge's own wait ran out: like a 204/408/504, the run may still be going.
			out := &triggerSyncOutput{Outcome: string(client.SyncNoAnswer)}
			explainNoAnswer(ctx, call, out)
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		prog.Send(fmt.Sprintf("flow %s answered %d", in.FlowID, res.Status))
		out := &triggerSyncOutput{Outcome: string(res.Outcome), Status: res.Status, Headers: replyHeaders(res.Headers), Body: replyBody(res)}
		switch res.Outcome {
		case client.SyncNoAnswer:
			explainNoAnswer(ctx, call, out)
		case client.SyncFailed:
			explainFailure(ctx, c, call, out)
		default:
			found, match := call.findRun(ctx)
			out.runMatchOut = match
			if found.Run != nil {
				out.RunID = found.Run.ID
			}
		}
		return out, nil
	})
}

func explainNoAnswer(ctx context.Context, call *triggerCall, out *triggerSyncOutput) {
	what := fmt.Sprintf("No response in time (HTTP %d): the flow has no Return Response step, or the run may still be going.", out.Status)
	if out.Status == 0 {
		what = "No response within the bridge's wait for sync triggers: the run may still be going."
	}
	found, match := call.findRun(ctx)
	out.runMatchOut = match
	switch {
	case found.Run != nil:
		r := found.Run
		out.RunID = r.ID
		out.Note = fmt.Sprintf("%s Run %s is %s: wait_for_run runId=%s follows it.", what, r.ID, r.Status, r.ID)
	case found.How == client.RunAmbiguous:
		out.Note = what + " " + ambiguity(found)
	default:
		out.Note = what + " list_runs flowId=" + call.watch.FlowID() + " shows its run; wait_for_run follows it."
	}
}

// How long explainFailure waits for the engine to record a failed run's step.
const (
	failedStepTries = 5
	failedStepPause = 200 * time.Millisecond
)

func explainFailure(ctx context.Context, c *client.Client, call *triggerCall, out *triggerSyncOutput) {
	out.Note = "The run failed without a response."
	found, match := call.findRun(ctx)
	out.runMatchOut = match
	if found.How == client.RunAmbiguous {
		out.Note += " " + ambiguity(found)
		return
	}
	r := found.Run
	if r == nil {
		// A gateway answers 500 for its own failures too: do not claim a run failed.
		out.Note = "HTTP 500 and no run of this call was found: the gateway or engine failed before running the flow, or its run is not listed yet. list_runs flowId=" +
			call.watch.FlowID() + " status=FAILED shows it if it ran; get_run shows why."
		return
	}
	out.RunID = r.ID
	// The engine may answer 500 a moment before it records the failed step.
	for try := 0; try < failedStepTries; try++ {
		full, err := c.GetRun(ctx, r.ID)
		if err != nil {
			break
		}
		r = full
		if r.Status.Terminal() || !pause(ctx, failedStepPause) {
			break
		}
	}
	if r.Status == workflows.RunSucceeded {
		// A flow may answer 500 itself (Return Response, or an HTTP step that
		// stops the flow with the failed response): that is its reply.
		out.Outcome = string(client.SyncResponded)
		out.Note = fmt.Sprintf("The flow answered %d itself; its run %s succeeded. get_run runId=%s detail=full shows every step.", out.Status, r.ID, r.ID)
		return
	}
	if r.FailedStep != nil {
		out.FailedStep = &failedStepOut{Name: r.FailedStep.Name, DisplayName: r.FailedStep.DisplayName, Message: r.FailedStep.Message}
		if out.FailedStep.Message == "" {
			if st, ok := r.Steps[r.FailedStep.Name]; ok {
				if msg, ok := jsonValue(st.ErrorMessage).(string); ok {
					out.FailedStep.Message = msg
				}
			}
		}
		out.Note = fmt.Sprintf("Run %s failed at step %s.", r.ID, r.FailedStep.Name)
	}
	out.Note += " get_run runId=" + r.ID + " detail=full shows every step."
}

// maxReplyBytes bounds the flow's answer in a trigger_flow_sync result, leaving
// room for the rest under maxResultBytes.
const maxReplyBytes = 16 << 10

// replyBody is the flow's answer as JSON or text, cut when too long: the flow
// has run, so an oversized answer must not turn into an error that invites
// calling the trigger again.
func replyBody(res *client.SyncResult) any {
	const seeWhole = "the flow's whole answer is too long to show"
	switch {
	case res.JSON != nil:
		return toolkit.CutJSON(res.JSON, maxReplyBytes, seeWhole)
	case len(res.Text) > maxReplyBytes:
		return toolkit.CutJSON(json.RawMessage(res.Text), maxReplyBytes, seeWhole)
	case res.Text != "":
		return res.Text
	}
	return nil
}

func replyHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		ck := http.CanonicalHeaderKey(k)
		if slices.Contains(transportHeaders, ck) || strings.HasPrefix(ck, "Access-Control-") {
			continue
		}
		out[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// pause waits d, or less when ctx ends; it reports whether the full wait happened.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
