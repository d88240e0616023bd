package toolkit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func TestErrorText(t *testing.T) {
	imbrace, _ := client.New(client.Config{GatewayURL: "http://gw.invalid"})
	activepieces, _ := client.New(client.Config{Layout: client.LayoutActivepieces, ActivepiecesURL: "http://ap.invalid/api"})
	sp := Spec{Name: "get_flow", FindIDs: "list_flows lists flow ids", Hints: ReadHints}
	api := func(status int, code, msg string) error {
		return fmt.Errorf("wrapped: %w", &client.APIError{Method: "GET", Path: "/v1/flows/x", Status: status, Code: code, Message: msg})
	}
	cases := []struct {
		name string
		err  error
		c    *client.Client
		want string
	}{
		{"404", api(404, "ENTITY_NOT_FOUND", "flow x not found"), imbrace,
			"the engine answered 404 Not Found (code ENTITY_NOT_FOUND): flow x not found. Hint: no such item: list_flows lists flow ids."},
		{"401 imbrace", api(401, "INVALID_API_KEY", ""), imbrace,
			"the engine answered 401 Unauthorized (code INVALID_API_KEY). Hint: the credentials were refused: check IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN (with IMBRACE_ORGANIZATION_ID)."},
		{"401 activepieces", api(401, "", "bad key."), activepieces,
			"the engine answered 401 Unauthorized: bad key. Hint: the credentials were refused: check ACTIVEPIECES_API_KEY (and ACTIVEPIECES_URL)."},
		{"403", api(403, "PERMISSION_DENIED", ""), activepieces,
			"the engine answered 403 Forbidden (code PERMISSION_DENIED). Hint: these credentials may not do this: check the key's permissions, or check ACTIVEPIECES_API_KEY (and ACTIVEPIECES_URL)."},
		{"429 with Retry-After", &client.APIError{Status: 429, RetryAfter: 7 * time.Second}, imbrace,
			"the engine answered 429 Too Many Requests. Hint: rate limited: retry after 7 s."},
		{"402", api(402, "QUOTA_EXCEEDED", ""), imbrace,
			"the engine answered 402 Payment Required (code QUOTA_EXCEEDED). Hint: a plan limit was reached (runs, flows or active flows): free capacity or upgrade the plan."},
		{"invalid operation", api(400, "FLOW_OPERATION_INVALID", "no step step_9"), imbrace,
			"the engine answered 400 Bad Request (code FLOW_OPERATION_INVALID): no step step_9. Hint: the operation does not fit the flow: check step names and structure with get_flow detail=full."},
		{"502", api(502, "", ""), imbrace, "the engine answered 502 Bad Gateway. Hint: the engine or gateway failed; try again shortly."},
		{"no project", fmt.Errorf("listing: %w", client.ErrNoProject), imbrace,
			client.ErrNoProject.Error() + ". Hint: pass projectId (a project id appears on every flow from list_flows), or set MCP_BRIDGE_PROJECT_ID for the bridge."},
		{"not on backend", client.ErrNotOnBackend, activepieces, client.ErrNotOnBackend.Error() + "."},
		{"transport", &client.TransportError{Method: "GET", Path: "/v1/flows", Err: errors.New("connection refused")}, imbrace,
			"could not reach the engine: GET /v1/flows: connection refused. Hint: check that the engine URL is right and reachable, then call get_flow again."},
		{"cancelled", context.Canceled, imbrace, "the call was cancelled before it finished"},
		{"trigger timed out", &client.TransportError{Method: "POST", Path: "/v1/webhooks/x/sync", Err: context.DeadlineExceeded}, imbrace,
			"the engine did not answer in time: POST /v1/webhooks/x/sync: context deadline exceeded. Hint: the request may still have been carried out " +
				"(a trigger may have started a run): check with list_runs or the matching list tool before calling trigger_flow_sync again."},
		{"trigger 504", &client.APIError{Method: "POST", Path: "/v1/webhooks/x", Status: 504}, imbrace,
			"the engine answered 504 Gateway Timeout. Hint: the engine or gateway failed; the request may still have been carried out " +
				"(a trigger may have started a run): check with list_runs or the matching list tool before calling trigger_flow_sync again."},
		{"trigger deadline", fmt.Errorf("listing runs: %w", context.DeadlineExceeded), imbrace,
			"the engine did not answer in time. Hint: the request may still have been carried out " +
				"(a trigger may have started a run): check with list_runs or the matching list tool before calling trigger_flow_sync again."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sp := sp
			if strings.HasPrefix(tc.name, "trigger") {
				sp = Spec{Name: "trigger_flow_sync", Hints: RunHints}
			}
			if got := ErrorText(tc.err, sp, tc.c); got != tc.want {
				t.Errorf("errorText:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestNoProjectSaysWhyDiscoveryFailed(t *testing.T) {
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"statusCode":500,"message":"database is down"}`))
	}))
	defer failing.Close()
	empty := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[],"next":null,"previous":null}`))
	}))
	defer empty.Close()
	const hint = ". Hint: pass projectId (a project id appears on every flow from list_flows), or set MCP_BRIDGE_PROJECT_ID for the bridge."
	cases := []struct {
		name, gateway, want string
	}{
		{"engine failing", failing.URL, client.ErrNoProject.Error() +
			"; finding one failed: GET /v1/flows: 500 Internal Server Error: database is down" + hint},
		{"nothing to read it from", empty.URL, client.ErrNoProject.Error() + hint},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := client.New(client.Config{GatewayURL: tc.gateway, MaxRetries: -1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ResolveProjectID(context.Background(), "")
			if !errors.Is(err, client.ErrNoProject) {
				t.Fatalf("ResolveProjectID: %v, want ErrNoProject", err)
			}
			if got := ErrorText(fmt.Errorf("listing runs: %w", err), Spec{Name: "list_runs", Hints: ReadHints}, c); got != tc.want {
				t.Errorf("errorText:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
