package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// TriggerResult is the answer to an asynchronous trigger.
type TriggerResult struct {
	// WebhookID is the engine's request id (x-webhook-id). It is not a run id.
	WebhookID string
	// Mark is the call's mark (see CallMarkHeader), for FindTriggeredRun.
	Mark string
}

// TriggerFlow calls the flow's webhook with payload (sent as-is; "{}" when nil) and
// returns as soon as the engine has accepted it. It is never retried, nor
// redirected: a 3xx answer is an *APIError.
func (c *Client) TriggerFlow(ctx context.Context, flowID string, payload json.RawMessage) (*TriggerResult, error) {
	path, body, err := webhookCall(flowID, payload)
	if err != nil {
		return nil, err
	}
	mark := callMarkOf(ctx)
	resp, err := c.send(ctx, request{method: http.MethodPost, path: path, rawBody: body, webhook: true, header: markHeader(mark)}, nil)
	if err != nil {
		return nil, err
	}
	return &TriggerResult{WebhookID: resp.header.Get("x-webhook-id"), Mark: mark}, nil
}

// SyncOutcome classifies the answer to a synchronous trigger.
type SyncOutcome string

// Sync outcomes.
const (
	// SyncResponded: the flow's Return Response step answered (with any status it chose).
	SyncResponded SyncOutcome = "responded"
	// SyncNoAnswer: 204, 408 or 504; the run ended without responding or is still going.
	SyncNoAnswer SyncOutcome = "no_answer"
	// SyncFailed: 500; the run failed.
	SyncFailed SyncOutcome = "failed"
)

// SyncResult is the answer to TriggerFlowSync.
type SyncResult struct {
	Outcome SyncOutcome
	Status  int
	Headers http.Header
	// JSON holds the body when it is JSON (a JSON content type, or none and a
	// body that parses); Text holds it otherwise. Both are empty for no body.
	JSON json.RawMessage
	Text string
	// Mark is the call's mark (see CallMarkHeader), for FindTriggeredRun.
	Mark string
}

// engineErrorStatus lists statuses the engine itself answers a webhook with when
// it cannot run the flow at all; these are errors, not the flow's answer.
var engineErrorStatus = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
	http.StatusGone, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable}

// TriggerFlowSync calls the flow's webhook and waits (up to the configured SyncWait)
// for its Return Response. "No answer in time" (204, 408, 504) and "the flow
// failed" (500) are outcomes, not errors; errors are for calls the engine refused
// (e.g. 404 disabled flow, 410 no such flow) and for transport failures (a
// *TransportError whose Timeout() is true when SyncWait ran out). It is never
// retried: the flow may have run. A redirect (a Return Response of type
// redirect) is the flow's answer, returned with its Location, not followed.
func (c *Client) TriggerFlowSync(ctx context.Context, flowID string, payload json.RawMessage) (*SyncResult, error) {
	path, body, err := webhookCall(flowID, payload)
	if err != nil {
		return nil, err
	}
	mark := callMarkOf(ctx)
	flowAnswered := func(status int) bool { return !slices.Contains(engineErrorStatus, status) }
	resp, err := c.send(ctx, request{method: http.MethodPost, path: path + "/sync", rawBody: body, timeout: c.cfg.SyncWait, webhook: true, header: markHeader(mark)}, flowAnswered)
	if err != nil {
		return nil, err
	}
	out := &SyncResult{Outcome: SyncResponded, Status: resp.status, Headers: resp.header, Mark: mark}
	switch resp.status {
	case http.StatusNoContent, http.StatusRequestTimeout, http.StatusGatewayTimeout:
		out.Outcome = SyncNoAnswer
	case http.StatusInternalServerError:
		out.Outcome = SyncFailed
	}
	out.JSON, out.Text = splitBody(resp.header.Get("Content-Type"), resp.body)
	return out, nil
}

// splitBody returns a body as JSON when it is JSON, else as text. A text content
// type wins over a body that happens to parse ("42" sent as text/plain is text).
func splitBody(contentType string, body []byte) (json.RawMessage, string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, ""
	}
	media, _, _ := mime.ParseMediaType(contentType)
	isText := strings.HasPrefix(media, "text/") || (media != "" && !strings.HasSuffix(media, "json"))
	if !isText && json.Valid(trimmed) {
		return json.RawMessage(trimmed), ""
	}
	return nil, string(body)
}

// webhookCall checks a trigger's arguments: the flow id, and a payload that is
// JSON ("{}" when empty), since it is sent as-is.
func webhookCall(flowID string, payload json.RawMessage) (string, []byte, error) {
	path, err := idPath("flowId", flowID, "v1", "webhooks")
	if err != nil {
		return "", nil, err
	}
	if len(bytes.TrimSpace(payload)) == 0 {
		return path, []byte("{}"), nil
	}
	if !json.Valid(payload) {
		return "", nil, errors.New("payload is not valid JSON: send a JSON value, e.g. {\"name\": \"Ada\"}")
	}
	return path, payload, nil
}

// GetTriggerRunStatus returns trigger run counts per piece and day.
func (c *Client) GetTriggerRunStatus(ctx context.Context) (*workflows.TriggerRunStatus, error) {
	return get[workflows.TriggerRunStatus](ctx, c, "/v1/trigger-runs/status", nil)
}

// TestStrategy says how TestTrigger exercises a trigger.
type TestStrategy string

// Test strategies.
const (
	TestSimulation   TestStrategy = "SIMULATION"
	TestTestFunction TestStrategy = "TEST_FUNCTION"
)

// TestTriggerRequest is the body of TestTrigger; an empty TestStrategy is sent as SIMULATION.
type TestTriggerRequest struct {
	ProjectID     string       `json:"projectId"`
	FlowID        string       `json:"flowId"`
	FlowVersionID string       `json:"flowVersionId"`
	TestStrategy  TestStrategy `json:"testStrategy"`
}

// TestTrigger asks the engine to test a flow version's trigger; the answer's shape varies by server.
func (c *Client) TestTrigger(ctx context.Context, r TestTriggerRequest) (json.RawMessage, error) {
	if r.FlowID == "" || r.FlowVersionID == "" {
		return nil, argumentError("flowId and flowVersionId are required to test a trigger")
	}
	if r.TestStrategy == "" {
		r.TestStrategy = TestSimulation
	}
	out, err := post[json.RawMessage](ctx, c, "/v1/test-trigger", r)
	if err != nil {
		return nil, err
	}
	return *out, nil
}
