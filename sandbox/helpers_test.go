package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// gw and ap are the engine bases under the two URL layouts.
const (
	gw = "/activepieces"
	ap = "/api"
)

// testEngine opens an in-memory engine served over real HTTP.
func testEngine(t *testing.T, opts ...Option) (*Engine, *httptest.Server) {
	t.Helper()
	e, err := Open(":memory:", opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(func() {
		srv.Close()
		if err := e.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return e, srv
}

// answer is one HTTP response, read whole.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// testKey is the credential call sends when the test gives none: an engine
// without keys takes any key, and refuses a request with none.
const testKey = "sandbox-test-key"

// call sends body (a string is sent as-is, anything else as JSON) and reads the
// answer. It sends testKey as x-api-key unless headers name a credential.
func call(t *testing.T, srv *httptest.Server, method, path string, body any, headers ...string) answer {
	t.Helper()
	for i := 0; i+1 < len(headers); i += 2 {
		switch strings.ToLower(headers[i]) {
		case "authorization", "x-api-key", "x-access-token":
			return send(t, srv, method, path, body, headers...)
		}
	}
	return send(t, srv, method, path, body, append([]string{"x-api-key", testKey}, headers...)...)
}

// send is call without the default credential: it sends exactly headers.
func send(t *testing.T, srv *httptest.Server, method, path string, body any, headers ...string) answer {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("encoding the body: %v", err)
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, srv.URL+path, reader)
	if err != nil {
		t.Fatalf("building %s %s: %v", method, path, err)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s %s: %v", method, path, err)
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: data}
}

// expect fails the test unless the answer has the status; it returns the answer for chaining.
func (a answer) expect(t *testing.T, status int) answer {
	t.Helper()
	if a.Status != status {
		t.Fatalf("status %d, want %d; body: %s", a.Status, status, a.Body)
	}
	return a
}

// decode decodes the answer's JSON body into a T.
func decode[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.Body, &v); err != nil {
		t.Fatalf("decoding %s: %v", a.Body, err)
	}
	return v
}

// errorBody is the union of the engine's two error shapes.
type errorBody struct {
	Code       string         `json:"code"`
	Params     map[string]any `json:"params"`
	StatusCode int            `json:"statusCode"`
	Error      string         `json:"error"`
	Message    string         `json:"message"`
}

// expectError checks status, code and (when not empty) the exact message of an error answer.
func (a answer) expectError(t *testing.T, status int, code, message string) {
	t.Helper()
	a.expect(t, status)
	e := decode[errorBody](t, a)
	if e.Code != code {
		t.Fatalf("code %q, want %q; body: %s", e.Code, code, a.Body)
	}
	got := e.Message
	if got == "" && e.Params != nil {
		got, _ = e.Params["message"].(string)
	}
	if message != "" && got != message {
		t.Fatalf("message %q, want %q", got, message)
	}
}

// expectWebhookAnswer checks Activepieces' answer to a webhook call it does
// not run (410 for no such flow, 404 for a disabled one): an empty object,
// with the call's id in x-webhook-id.
func (a answer) expectWebhookAnswer(t *testing.T, status int) {
	t.Helper()
	a.expect(t, status)
	if string(a.Body) != "{}" || !store.ValidID(a.Header.Get("x-webhook-id")) {
		t.Fatalf("webhook answer %d %q with x-webhook-id %q, want {} and an id", a.Status, a.Body, a.Header.Get("x-webhook-id"))
	}
}

// defaultProject returns the seeded project's id.
func defaultProject(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	page := decode[workflows.SeekPage[store.Project]](t, call(t, srv, "GET", gw+"/v1/projects", nil).expect(t, 200))
	if len(page.Data) != 1 {
		t.Fatalf("%d projects, want the one seeded", len(page.Data))
	}
	return page.Data[0].ID
}

// createFlow creates a flow named name and returns it.
func createFlow(t *testing.T, srv *httptest.Server, name string) workflows.Flow {
	t.Helper()
	return decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": name}).expect(t, 201))
}

// missingID is a well-formed id that names nothing.
const missingID = "AAAAAAAAAAAAAAAAAAAAA"
