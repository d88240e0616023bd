package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
)

func TestTriggerFlowSyncOutcomes(t *testing.T) {
	cases := []struct {
		name        string
		reply       http.HandlerFunc
		wantOutcome SyncOutcome
		wantStatus  int
		wantJSON    string
		wantText    string
		wantHeader  [2]string
	}{
		{name: "200 JSON", reply: answer(200, `{"orderId": 42, "accepted": true}`, "X-Flow", "order-intake"),
			wantOutcome: SyncResponded, wantStatus: 200, wantJSON: `{"orderId": 42, "accepted": true}`, wantHeader: [2]string{"X-Flow", "order-intake"}},
		{name: "200 text", reply: answer(200, "thanks, got it", "Content-Type", "text/plain; charset=utf-8"),
			wantOutcome: SyncResponded, wantStatus: 200, wantText: "thanks, got it"},
		{name: "200 text that parses as JSON stays text", reply: answer(200, "42", "Content-Type", "text/plain"),
			wantOutcome: SyncResponded, wantStatus: 200, wantText: "42"},
		{name: "200 JSON without a content type", reply: answer(200, `[1,2]`, "Content-Type", ""),
			wantOutcome: SyncResponded, wantStatus: 200, wantJSON: `[1,2]`},
		{name: "a status the flow chose", reply: answer(201, `{"created": true}`, "Location", "/orders/42"),
			wantOutcome: SyncResponded, wantStatus: 201, wantJSON: `{"created": true}`, wantHeader: [2]string{"Location", "/orders/42"}},
		{name: "204: ended without responding or no answer in time", reply: answer(204, ""),
			wantOutcome: SyncNoAnswer, wantStatus: 204},
		{name: "408: no answer in time (gateway)", reply: answer(408, `{"message":"Request Timeout"}`),
			wantOutcome: SyncNoAnswer, wantStatus: 408, wantJSON: `{"message":"Request Timeout"}`},
		{name: "504: no answer in time (edge)", reply: answer(504, "upstream request timeout", "Content-Type", "text/plain"),
			wantOutcome: SyncNoAnswer, wantStatus: 504, wantText: "upstream request timeout"},
		{name: "500: the flow failed", reply: answer(500, `{"message":"The flow has failed and there is no response returned"}`),
			wantOutcome: SyncFailed, wantStatus: 500, wantJSON: `{"message":"The flow has failed and there is no response returned"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, tc.reply)
			res, err := mustNew(t, imbraceConfig(e)).TriggerFlowSync(context.Background(), "f1", json.RawMessage(`{"order": 1}`))
			if err != nil {
				t.Fatalf("err = %v, want an outcome", err)
			}
			if res.Outcome != tc.wantOutcome || res.Status != tc.wantStatus || string(res.JSON) != tc.wantJSON || res.Text != tc.wantText {
				t.Errorf("got outcome %q status %d JSON %s text %q", res.Outcome, res.Status, res.JSON, res.Text)
			}
			if k := tc.wantHeader[0]; k != "" && res.Headers.Get(k) != tc.wantHeader[1] {
				t.Errorf("header %s = %q, want %q", k, res.Headers.Get(k), tc.wantHeader[1])
			}
			if r := e.only(); r.Path != "/activepieces/v1/webhooks/f1/sync" || string(r.Body) != `{"order": 1}` {
				t.Errorf("sent %s %s", r.Path, r.Body)
			}
		})
	}
}

func TestTriggerRefusals(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		body     string
		notFound bool
	}{
		{"missing flow", 410, `{"code":"FLOW_NOT_FOUND","params":{}}`, true},
		{"missing flow on an older server", 400, `{"code":"FLOW_NOT_FOUND","params":{"id":"f1"}}`, true},
		{"disabled flow", 404, `{"code":"ENTITY_NOT_FOUND","params":{}}`, true},
		{"payload too large", 413, `{"statusCode":413,"code":"FST_ERR_CTP_BODY_TOO_LARGE","error":"Payload Too Large","message":"Request body is too large"}`, false},
		{"busy", 503, `busy`, false},
	}
	for _, tc := range cases {
		for _, sync := range []bool{false, true} {
			name := tc.name + map[bool]string{false: "/async", true: "/sync"}[sync]
			t.Run(name, func(t *testing.T) {
				e := newEngine(t, answer(tc.status, tc.body))
				c := mustNew(t, imbraceConfig(e))
				var err error
				if sync {
					_, err = c.TriggerFlowSync(context.Background(), "f1", nil)
				} else {
					_, err = c.TriggerFlow(context.Background(), "f1", nil)
				}
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != tc.status || IsNotFound(err) != tc.notFound {
					t.Fatalf("err = %v, want an *APIError %d (not found: %v)", err, tc.status, tc.notFound)
				}
				if e.count() != 1 {
					t.Errorf("engine got %d requests, want 1", e.count())
				}
			})
		}
	}
}

func TestTriggerChecksArguments(t *testing.T) {
	e := newEngine(t, answer(200, "{}"))
	c := mustNew(t, imbraceConfig(e))
	cases := []struct {
		name    string
		flowID  string
		payload string
		want    string
	}{
		{"no flow id", "", `{}`, "flowId is required: pass the id of an existing entity"},
		{"a dot-dot flow id", "..", `{}`, `flowId ".." is not an id: pass the id of an existing entity`},
		{"a payload that is not JSON", "f1", `{"a":`, `payload is not valid JSON: send a JSON value, e.g. {"name": "Ada"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.TriggerFlow(context.Background(), tc.flowID, json.RawMessage(tc.payload))
			if err == nil || err.Error() != tc.want {
				t.Errorf("TriggerFlow err = %v, want %q", err, tc.want)
			}
			_, err = c.TriggerFlowSync(context.Background(), tc.flowID, json.RawMessage(tc.payload))
			if err == nil || err.Error() != tc.want {
				t.Errorf("TriggerFlowSync err = %v, want %q", err, tc.want)
			}
		})
	}
	if e.count() != 0 {
		t.Errorf("engine got %d requests for bad arguments, want 0", e.count())
	}
}

func TestTestTriggerDefaultsToSimulation(t *testing.T) {
	e := newEngine(t, answer(200, `[]`))
	_, err := mustNew(t, imbraceConfig(e)).TestTrigger(context.Background(), TestTriggerRequest{ProjectID: "p1", FlowID: "f1", FlowVersionID: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	jsontest.Same(t, "body", []byte(`{"projectId":"p1","flowId":"f1","flowVersionId":"v1","testStrategy":"SIMULATION"}`), e.only().Body)
}

// A webhook's redirect is the flow's answer (a Return Response of type
// redirect): it is reported, never followed, since following a 307 or 308
// would post the payload a second time.
func TestTriggersDoNotFollowRedirects(t *testing.T) {
	redirect := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/activepieces/v1/webhooks/f1") {
				w.Header().Set("Location", "/activepieces/v1/webhooks/f2")
				w.WriteHeader(status)
				return
			}
			answer(200, `{"followed": true}`)(w, r)
		}
	}
	cases := []struct {
		name   string
		status int
		sync   bool
	}{
		{"sync 302 from a redirect response", http.StatusFound, true},
		{"sync 307", http.StatusTemporaryRedirect, true},
		{"async 308", http.StatusPermanentRedirect, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, redirect(tc.status))
			c := mustNew(t, imbraceConfig(e))
			if tc.sync {
				res, err := c.TriggerFlowSync(context.Background(), "f1", json.RawMessage(`{}`))
				if err != nil {
					t.Fatalf("err = %v, want the flow's redirect as its answer", err)
				}
				if res.Outcome != SyncResponded || res.Status != tc.status || res.Headers.Get("Location") != "/activepieces/v1/webhooks/f2" {
					t.Errorf("got outcome %q status %d location %q", res.Outcome, res.Status, res.Headers.Get("Location"))
				}
			} else {
				_, err := c.TriggerFlow(context.Background(), "f1", json.RawMessage(`{}`))
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != tc.status {
					t.Errorf("err = %v, want an *APIError with status %d", err, tc.status)
				}
			}
			e.only() // the redirect was not followed
		})
	}
}
