package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
)

// TriggerResult is the answer to an asynchronous trigger.
type TriggerResult struct {
	// WebhookID is the engine's request id (x-webhook-id). It is not a run id.
	WebhookID string
}

// TriggerFlow calls the flow's webhook with payload (sent as-is; "{}" when nil) and
// returns as soon as the engine has accepted it. It is never retried.
func (c *Client) TriggerFlow(ctx context.Context, flowID string, payload json.RawMessage) (*TriggerResult, error) {
	resp, err := c.send(ctx, request{method: http.MethodPost, path: pathOf("v1", "webhooks", flowID), rawBody: orEmptyObject(payload)}, nil)
	if err != nil {
		return nil, err
	}
	return &TriggerResult{WebhookID: resp.header.Get("x-webhook-id")}, nil
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
	// JSON holds the body when it is valid JSON; Text holds it otherwise.
	JSON json.RawMessage
	Text string
}

// engineErrorStatus lists statuses the engine itself answers a webhook with when
// it cannot run the flow at all; these are errors, not the flow's answer.
var engineErrorStatus = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
	http.StatusGone, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable}

// TriggerFlowSync calls the flow's webhook and waits (up to the configured SyncWait)
// for its Return Response. It is never retried: the flow may have run.
func (c *Client) TriggerFlowSync(ctx context.Context, flowID string, payload json.RawMessage) (*SyncResult, error) {
	return c.triggerSync(ctx, pathOf("v1", "webhooks", flowID, "sync"), payload)
}

func (c *Client) triggerSync(ctx context.Context, path string, payload json.RawMessage) (*SyncResult, error) {
	flowAnswered := func(status int) bool { return !slices.Contains(engineErrorStatus, status) }
	resp, err := c.send(ctx, request{method: http.MethodPost, path: path, rawBody: orEmptyObject(payload), timeout: c.cfg.SyncWait}, flowAnswered)
	if err != nil {
		return nil, err
	}
	out := &SyncResult{Outcome: SyncResponded, Status: resp.status, Headers: resp.header}
	switch resp.status {
	case http.StatusNoContent, http.StatusRequestTimeout, http.StatusGatewayTimeout:
		out.Outcome = SyncNoAnswer
	case http.StatusInternalServerError:
		out.Outcome = SyncFailed
	}
	if trimmed := bytes.TrimSpace(resp.body); len(trimmed) > 0 && json.Valid(trimmed) {
		out.JSON = json.RawMessage(trimmed)
	} else {
		out.Text = string(resp.body)
	}
	return out, nil
}

func orEmptyObject(p json.RawMessage) []byte {
	if len(bytes.TrimSpace(p)) == 0 {
		return []byte("{}")
	}
	return p
}

// GetTriggerRunStatus returns trigger run counts per piece and day.
func (c *Client) GetTriggerRunStatus(ctx context.Context) (*TriggerRunStatus, error) {
	return get[TriggerRunStatus](ctx, c, "/v1/trigger-runs/status", nil)
}

// TestStrategy says how TestTrigger exercises a trigger.
type TestStrategy string

// Test strategies.
const (
	TestSimulation   TestStrategy = "SIMULATION"
	TestTestFunction TestStrategy = "TEST_FUNCTION"
)

// TestTriggerRequest is the body of TestTrigger.
type TestTriggerRequest struct {
	ProjectID     string       `json:"projectId"`
	FlowID        string       `json:"flowId"`
	FlowVersionID string       `json:"flowVersionId"`
	TestStrategy  TestStrategy `json:"testStrategy"`
}

// TestTrigger asks the engine to test a flow version's trigger; the answer's shape varies by server.
func (c *Client) TestTrigger(ctx context.Context, r TestTriggerRequest) (json.RawMessage, error) {
	out, err := post[json.RawMessage](ctx, c, "/v1/test-trigger", r)
	if err != nil {
		return nil, err
	}
	return *out, nil
}
