package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestErrorBodyShapes(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		body        string
		contentType string
		wantCode    string
		wantMessage string
		wantParams  map[string]any
		wantText    string
	}{
		{name: "Activepieces code and params with a message", status: 404,
			body:     `{"code":"ENTITY_NOT_FOUND","params":{"entityType":"flow","entityId":"f1","message":"flow f1 not found"}}`,
			wantCode: "ENTITY_NOT_FOUND", wantMessage: "flow f1 not found",
			wantParams: map[string]any{"entityType": "flow", "entityId": "f1", "message": "flow f1 not found"},
			wantText:   "GET /v1/flows/f1: 404 Not Found: ENTITY_NOT_FOUND: flow f1 not found"},
		{name: "Activepieces code without a message", status: 409,
			body:     `{"code":"FLOW_IN_USE","params":{"flowVersionId":"v1"}}`,
			wantCode: "FLOW_IN_USE", wantParams: map[string]any{"flowVersionId": "v1"},
			wantText: "GET /v1/flows/f1: 409 Conflict: FLOW_IN_USE"},
		{name: "fastify validation", status: 400,
			body:     `{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"querystring must have required property 'projectId'"}`,
			wantCode: "FST_ERR_VALIDATION", wantMessage: "querystring must have required property 'projectId'",
			wantText: "GET /v1/flows/f1: 400 Bad Request: FST_ERR_VALIDATION: querystring must have required property 'projectId'"},
		{name: "fastify unknown route", status: 404,
			body:        `{"message":"Route GET:/v1/flows/f1 not found","error":"Not Found","statusCode":404}`,
			wantMessage: "Route GET:/v1/flows/f1 not found",
			wantText:    "GET /v1/flows/f1: 404 Not Found: Route GET:/v1/flows/f1 not found"},
		{name: "fastify error without message", status: 401, body: `{"statusCode":401,"error":"Unauthorized"}`,
			wantMessage: "Unauthorized", wantText: "GET /v1/flows/f1: 401 Unauthorized: Unauthorized"},
		{name: "plain gateway text", status: 502, body: "upstream connect error or disconnect/reset before headers\n", contentType: "text/plain",
			wantMessage: "upstream connect error or disconnect/reset before headers",
			wantText:    "GET /v1/flows/f1: 502 Bad Gateway: upstream connect error or disconnect/reset before headers"},
		{name: "an HTML error page is kept out of the message", status: 504, contentType: "text/html",
			body:     "<html><body><h1>504 Gateway Time-out</h1></body></html>",
			wantText: "GET /v1/flows/f1: 504 Gateway Timeout"},
		{name: "empty body", status: 403, wantText: "GET /v1/flows/f1: 403 Forbidden"},
		{name: "params that are not an object", status: 400, body: `{"code":"WEIRD","params":"oops"}`, wantCode: "WEIRD",
			wantText: "GET /v1/flows/f1: 400 Bad Request: WEIRD"},
		{name: "multi-line text becomes one line", status: 500, body: "Internal error\n  at handler\n", contentType: "text/plain",
			wantMessage: "Internal error at handler", wantText: "GET /v1/flows/f1: 500 Internal Server Error: Internal error at handler"},
		{name: "numeric code", status: 400, body: `{"code":4001,"message":"bad"}`, wantCode: "4001", wantMessage: "bad",
			wantText: "GET /v1/flows/f1: 400 Bad Request: 4001: bad"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			headers := []string{}
			if tc.contentType != "" {
				headers = append(headers, "Content-Type", tc.contentType)
			}
			e := newEngine(t, answer(tc.status, tc.body, headers...))
			cfg := imbraceConfig(e)
			cfg.MaxRetries = -1
			_, err := mustNew(t, cfg).GetFlow(context.Background(), "f1", "")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.Status != tc.status || apiErr.Code != tc.wantCode || apiErr.Message != tc.wantMessage {
				t.Errorf("got status %d code %q message %q", apiErr.Status, apiErr.Code, apiErr.Message)
			}
			if fmt.Sprint(apiErr.Params) != fmt.Sprint(tc.wantParams) {
				t.Errorf("params %v, want %v", apiErr.Params, tc.wantParams)
			}
			if apiErr.Body != tc.body {
				t.Errorf("body %q, want %q", apiErr.Body, tc.body)
			}
			if err.Error() != tc.wantText {
				t.Errorf("text %q\nwant %q", err.Error(), tc.wantText)
			}
		})
	}
}

func TestErrorBodyIsBounded(t *testing.T) {
	long := strings.Repeat("é", 5000) // two bytes each, so a byte cut could split one
	e := newEngine(t, answer(400, long, "Content-Type", "text/plain"))
	cfg := imbraceConfig(e)
	_, err := mustNew(t, cfg).GetFolder(context.Background(), "fo1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if len(apiErr.Body) > maxErrorBody+len("…") || !utf8.ValidString(apiErr.Body) || !strings.HasSuffix(apiErr.Body, "…") {
		t.Errorf("body of %d bytes (valid UTF-8: %v) is not a marked, bounded copy", len(apiErr.Body), utf8.ValidString(apiErr.Body))
	}
	if len(apiErr.Message) > maxErrorMessage+len("…") || !utf8.ValidString(apiErr.Message) {
		t.Errorf("message of %d bytes is not bounded", len(apiErr.Message))
	}
}

func TestErrorClassifiers(t *testing.T) {
	type verdict struct{ notFound, auth, conflict, quota, rateLimited bool }
	cases := []struct {
		status int
		code   string
		want   verdict
	}{
		{404, "ENTITY_NOT_FOUND", verdict{notFound: true}},
		{410, "", verdict{notFound: true}},
		{400, "FLOW_NOT_FOUND", verdict{notFound: true}},
		{401, "INVALID_API_KEY", verdict{auth: true}},
		{403, "PERMISSION_DENIED", verdict{auth: true}},
		{400, "AUTHENTICATION", verdict{auth: true}},
		{409, "FLOW_IN_USE", verdict{conflict: true}},
		{409, "VALIDATION", verdict{conflict: true}},
		{402, "QUOTA_EXCEEDED", verdict{quota: true}},
		{402, "FEATURE_DISABLED", verdict{quota: true}},
		{429, "SANDBOX_CAPACITY_EXCEEDED", verdict{rateLimited: true}},
		{400, "FLOW_OPERATION_INVALID", verdict{}},
		{500, "", verdict{}},
	}
	for _, tc := range cases {
		err := fmt.Errorf("wrapped: %w", &APIError{Status: tc.status, Code: tc.code})
		got := verdict{IsNotFound(err), IsAuth(err), IsConflict(err), IsQuota(err), IsRateLimited(err)}
		if got != tc.want {
			t.Errorf("%d %s: got %+v, want %+v", tc.status, tc.code, got, tc.want)
		}
	}
	transport := &TransportError{Method: "GET", Path: "/v1/flows", Err: errors.New("connection refused")}
	if IsNotFound(transport) || IsAuth(transport) || IsRateLimited(transport) {
		t.Error("a transport error was classified as an API answer")
	}
	var apiErr *APIError
	if errors.As(transport, &apiErr) {
		t.Error("a transport error is an *APIError")
	}
}

// sentinel is a credential value that must never appear in any error text.
const sentinel = "sk-SENTINEL-9f8e7d6c5b4a"

func TestSentinelKeyNeverInErrors(t *testing.T) {
	configs := map[string]func(url string) Config{
		"imbrace api key": func(u string) Config { return Config{GatewayURL: u, APIKey: sentinel, OrganizationID: "org_1"} },
		"imbrace token":   func(u string) Config { return Config{GatewayURL: u, AccessToken: sentinel} },
		"activepieces": func(u string) Config {
			return Config{Layout: LayoutActivepieces, ActivepiecesURL: u + "/api", ActivepiecesAPIKey: sentinel}
		},
	}
	echoes := map[string]http.HandlerFunc{
		"in the code and params": answer(401, `{"code":"INVALID_API_KEY `+sentinel+`","params":{"key":"`+sentinel+`","nested":[{"`+sentinel+`":"`+sentinel+`"}]}}`),
		"in a fastify message":   answer(401, `{"statusCode":401,"error":"Unauthorized","message":"bad key `+sentinel+`"}`),
		"in plain text":          answer(502, "gateway rejected key "+sentinel, "Content-Type", "text/plain"),
		"in the header it read": func(w http.ResponseWriter, r *http.Request) {
			answer(403, `{"message":"`+r.Header.Get("X-Api-Key")+r.Header.Get("Authorization")+r.Header.Get("X-Access-Token")+`"}`)(w, r)
		},
		"in a 200 that is not JSON": answer(200, "not json "+sentinel, "Content-Type", "text/plain"),
	}
	for cname, cfgOf := range configs {
		for ename, reply := range echoes {
			t.Run(cname+"/"+ename, func(t *testing.T) {
				e := newEngine(t, reply)
				cfg := fastRetries(cfgOf(e.srv.URL))
				var retryCauses []error
				cfg.OnRetry = func(_ context.Context, _ int, _ time.Duration, cause error) { retryCauses = append(retryCauses, cause) }
				_, err := mustNew(t, cfg).GetFlow(context.Background(), "f1", "")
				if err == nil {
					t.Fatal("want an error")
				}
				assertNoSentinel(t, err)
				for _, cause := range retryCauses {
					assertNoSentinel(t, cause)
				}
			})
		}
	}
}

// assertNoSentinel checks every way an error could be shown.
func assertNoSentinel(t *testing.T, err error) {
	t.Helper()
	shown := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		params, _ := json.Marshal(apiErr.Params)
		shown = append(shown, apiErr.Body, apiErr.Message, apiErr.Code, string(params), fmt.Sprintf("%+v", *apiErr))
	}
	for cause := errors.Unwrap(err); cause != nil; cause = errors.Unwrap(cause) {
		shown = append(shown, cause.Error())
	}
	for _, s := range shown {
		if strings.Contains(s, sentinel) || strings.Contains(s, sentinel[3:]) {
			t.Fatalf("the key appears in an error: %s", s)
		}
	}
}

func TestSentinelKeyNeverInTransportErrors(t *testing.T) {
	// A broken server that answers with garbage quoting the request's key: Go's
	// HTTP client repeats a malformed status line in its error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				fmt.Fprintf(conn, "HTTP/1.1 %s%s\r\n\r\n", req.Header.Get("X-Api-Key"), strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer "))
			}()
		}
	}()
	base := "http://" + ln.Addr().String()
	for name, cfg := range map[string]Config{
		"imbrace":      {GatewayURL: base, APIKey: sentinel},
		"activepieces": {Layout: LayoutActivepieces, ActivepiecesURL: base + "/api", ActivepiecesAPIKey: sentinel},
	} {
		t.Run(name, func(t *testing.T) {
			cfg = fastRetries(cfg)
			var causes []error
			cfg.OnRetry = func(_ context.Context, _ int, _ time.Duration, cause error) { causes = append(causes, cause) }
			_, err := mustNew(t, cfg).ListFolders(context.Background(), "p1", Page{})
			var tErr *TransportError
			if !errors.As(err, &tErr) {
				t.Fatalf("err = %v, want a *TransportError", err)
			}
			if !strings.Contains(err.Error(), "[REDACTED]") {
				t.Errorf("err = %q, want the echoed key replaced by [REDACTED]", err)
			}
			assertNoSentinel(t, err)
			if len(causes) != 3 {
				t.Errorf("retried %d times, want 3", len(causes))
			}
			for _, c := range causes {
				assertNoSentinel(t, c)
			}
		})
	}
}

func TestConnectionSecretsNeverInErrors(t *testing.T) {
	const password = `pa"ss<w0rd>&more`
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		// Quote what was sent, as a failed credential check may: the raw request
		// inside params, and the password in a message escaped the way Node does.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode("rejected " + password)
		raw, _ := io.ReadAll(r.Body)
		answer(400, `{"code":"INVALID_APP_CONNECTION","params":{"request":`+string(raw)+`,"message":`+buf.String()+`}}`)(w, r)
	})
	_, err := mustNew(t, imbraceConfig(e)).UpsertConnection(context.Background(), workflows.UpsertConnectionRequest{
		ExternalID: "db", DisplayName: "DB", PieceName: "@activepieces/piece-postgres", ProjectID: "p1", Type: workflows.ConnBasicAuth,
		Value: workflows.ConnectionValue{Username: "admin", Password: password}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "INVALID_APP_CONNECTION" {
		t.Fatalf("err = %v, want INVALID_APP_CONNECTION", err)
	}
	if !strings.Contains(string(e.only().Body), `"password":"pa\"ss\u003cw0rd\u003e\u0026more"`) {
		t.Fatalf("the request did not carry the password: %s", e.only().Body)
	}
	params, _ := json.Marshal(apiErr.Params)
	for _, shown := range []string{err.Error(), apiErr.Body, apiErr.Message, string(params), fmt.Sprintf("%+v", *apiErr)} {
		for _, form := range []string{password, `pa\"ss<w0rd>&more`, `pa\"ss\u003cw0rd\u003e\u0026more`} {
			if strings.Contains(shown, form) {
				t.Fatalf("the connection password (as %s) appears in an error: %s", form, shown)
			}
		}
	}
	if apiErr.Message != "rejected [REDACTED]" {
		t.Errorf("message %q, want the password redacted", apiErr.Message)
	}
}
