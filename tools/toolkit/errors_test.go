package toolkit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func TestErrorText(t *testing.T) {
	imbrace, _ := client.New(client.Config{GatewayURL: "http://gw.invalid"})
	activepieces, _ := client.New(client.Config{Layout: client.LayoutActivepieces, ActivepiecesURL: "http://ap.invalid/api", ActivepiecesAPIKey: "k"})
	keyed, _ := client.New(client.Config{GatewayURL: "http://gw.invalid", APIKey: "k"})
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
			"the engine answered 401 Unauthorized (code INVALID_API_KEY). Hint: the credentials were refused: no credential is set: check IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN (with IMBRACE_ORGANIZATION_ID)."},
		{"401 imbrace key", api(401, "INVALID_API_KEY", ""), keyed,
			"the engine answered 401 Unauthorized (code INVALID_API_KEY). Hint: the credentials were refused: check IMBRACE_API_KEY, the key the bridge sends (and IMBRACE_ORGANIZATION_ID if set)."},
		{"401 activepieces", api(401, "", "bad key."), activepieces,
			"the engine answered 401 Unauthorized: bad key. Hint: the credentials were refused: check ACTIVEPIECES_API_KEY (and ACTIVEPIECES_URL)."},
		{"403", api(403, "PERMISSION_DENIED", ""), activepieces,
			"the engine answered 403 Forbidden (code PERMISSION_DENIED). Hint: the credential was accepted but may not do this (or the item belongs to another project): check the permissions of the key in ACTIVEPIECES_API_KEY."},
		{"429 with Retry-After", &client.APIError{Status: 429, RetryAfter: 7 * time.Second}, imbrace,
			"the engine answered 429 Too Many Requests. Hint: rate limited: retry after 7 s."},
		{"402", api(402, "QUOTA_EXCEEDED", ""), imbrace,
			"the engine answered 402 Payment Required (code QUOTA_EXCEEDED). Hint: a plan limit was reached (runs, flows or active flows): free capacity or upgrade the plan."},
		{"invalid operation", api(400, "FLOW_OPERATION_INVALID", "no step step_9"), imbrace,
			"the engine answered 400 Bad Request (code FLOW_OPERATION_INVALID): no step step_9. Hint: the operation does not fit the flow: check step names and structure with get_flow detail=full."},
		{"502", api(502, "", ""), imbrace, "the engine answered 502 Bad Gateway. Hint: the engine or gateway failed; try again shortly."},
		{"no project", fmt.Errorf("listing: %w", client.ErrNoProject), imbrace, noProjectWant},
		{"not on backend", client.ErrNotOnBackend, activepieces, client.ErrNotOnBackend.Error() + "."},
		{"transport", &client.TransportError{Method: "GET", Path: "/v1/flows", Err: errors.New("connection reset by peer")}, activepieces,
			"could not reach the engine: GET /v1/flows: connection reset by peer. Hint: check that ACTIVEPIECES_URL is right and the engine reachable, then call get_flow again."},
		{"no such host", &client.TransportError{Method: "GET", Path: "/v1/flows", Host: "gw.invalid", Kind: client.TransportNoSuchHost, Err: errors.New("lookup gw.invalid: no such host")}, imbrace,
			"could not reach the engine: the host name gw.invalid does not resolve (DNS: no such host), so nothing was sent. " +
				"Hint: check the gateway address (IMBRACE_GATEWAY_URL, or the preset IMBRACE_ENV) and that this machine can resolve names (network, VPN, proxy); calling again will not help until then."},
		{"refused", &client.TransportError{Method: "GET", Path: "/v1/flows", Host: "localhost:9", Kind: client.TransportRefused, Err: errors.New("connect: connection refused")}, activepieces,
			"could not reach the engine: localhost:9 refused the connection (nothing listens there), so nothing was sent. " +
				"Hint: check that the engine is running and that ACTIVEPIECES_URL points at it, then call get_flow again."},
		{"tls", &client.TransportError{Method: "GET", Path: "/v1/flows", Host: "ap.test", Kind: client.TransportTLS, Err: errors.New("x509: certificate signed by unknown authority")}, activepieces,
			"could not reach the engine: the TLS handshake with ap.test failed (x509: certificate signed by unknown authority), so nothing was sent. " +
				"Hint: check the scheme of ACTIVEPIECES_URL (https or http) and the server's certificate; calling again will not help until then."},
		{"argument", fmt.Errorf("wrapped: %w", argumentErr()), imbrace, "tableId is required to list records"},
		{"decode read", &client.DecodeError{Method: "GET", Path: "/v1/flows/x", Status: 200, Err: errors.New("unexpected end of JSON input")}, imbrace,
			"the engine carried out GET /v1/flows/x (it answered 200) but its answer could not be read: unexpected end of JSON input. " +
				"Hint: call get_flow again; if it keeps failing, the engine's answer has a shape the bridge does not know (please report it)."},
		{"trigger decode", &client.DecodeError{Method: "POST", Path: "/v1/webhooks/x/sync", Status: 200, Err: errors.New("bad")}, imbrace,
			"the engine carried out POST /v1/webhooks/x/sync (it answered 200) but its answer could not be read: bad. " +
				"Hint: the request WAS carried out: do not call trigger_flow_sync again; check the result with the matching list or get tool."},
		{"trigger refused", &client.TransportError{Method: "POST", Path: "/v1/webhooks/x", Host: "gw.test", Kind: client.TransportRefused, Err: errors.New("refused")}, imbrace,
			"could not reach the engine: gw.test refused the connection (nothing listens there), so nothing was sent. " +
				"Hint: check that the engine is running and that the gateway address (IMBRACE_GATEWAY_URL, or the preset IMBRACE_ENV) points at it, then call trigger_flow_sync again."},
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

const noProjectWant = "no project id was given and none could be discovered: the account has no flow or folder to read one from. " +
	"Hint: pass projectId (the id in the address of the project's dashboard), or set MCP_BRIDGE_PROJECT_ID for the bridge."

// argumentErr is an ArgumentError as the client makes it.
func argumentErr() error {
	c, _ := client.New(client.Config{GatewayURL: "http://gw.invalid"})
	_, err := c.ListRecords(context.Background(), "", client.Page{})
	return err
}

// noSuchHostClient answers as DNS does for a name that does not exist when the
// host ends in .invalid, whatever the machine's network: the test stays hermetic.
func noSuchHostClient() *http.Client {
	dialer := &net.Dialer{}
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if strings.HasSuffix(host, ".invalid") {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		return dialer.DialContext(ctx, network, addr)
	}}}
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
	cases := []struct {
		name, gateway, want string
	}{
		{"engine failing", failing.URL, "finding the project id failed: the engine answered 500 Internal Server Error: database is down. " +
			"Hint: the engine or gateway failed; try again shortly."},
		{"nothing to read it from", empty.URL, noProjectWant},
		// The root cause comes first, and the hint is not to list flows, which
		// needs the same project.
		{"host does not resolve", "http://engine.invalid", "finding the project id failed: could not reach the engine: the host name engine.invalid does not resolve " +
			"(DNS: no such host), so nothing was sent. Hint: check the gateway address (IMBRACE_GATEWAY_URL, or the preset IMBRACE_ENV) and that this machine " +
			"can resolve names (network, VPN, proxy); calling again will not help until then."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := client.New(client.Config{GatewayURL: tc.gateway, MaxRetries: -1, HTTPClient: noSuchHostClient()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ResolveProjectID(context.Background(), "")
			if !errors.Is(err, client.ErrNoProject) {
				t.Fatalf("ResolveProjectID: %v, want ErrNoProject", err)
			}
			if got := ErrorText(fmt.Errorf("listing runs: %w", err), Spec{Name: "list_runs", Hints: ReadHints}, c); got != tc.want || strings.Contains(got, "list_flows") {
				t.Errorf("errorText:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
