package pieces

import (
	"errors"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
)

func TestSendRequestBuildsTheRequest(t *testing.T) {
	tests := []struct {
		name, props              string
		method, url, body, ctype string
		wantHeader               map[string]string
	}{
		{name: "GET with query params added to the URL's", props: `{"method": "GET", "url": "https://api.test/v1/users?page=2",
			"headers": {}, "queryParams": {"q": "ada lovelace", "limit": 5}}`,
			method: "GET", url: "https://api.test/v1/users?limit=5&page=2&q=ada+lovelace", wantHeader: map[string]string{"Accept": "application/json"}},
		{name: "POST json", props: `{"method": "POST", "url": "https://api.test/x", "headers": {"X-Trace": "t1"}, "queryParams": {},
			"body_type": "json", "body": {"data": {"name": "Ada", "n": 1}}}`,
			method: "POST", url: "https://api.test/x", body: `{"n":1,"name":"Ada"}`, ctype: "application/json",
			wantHeader: map[string]string{"X-Trace": "t1"}},
		{name: "PUT raw keeps the step's content type", props: `{"method": "PUT", "url": "https://api.test/x", "headers": {"content-type": "text/plain"},
			"queryParams": {}, "body_type": "raw", "body": {"data": "hello"}}`,
			method: "PUT", url: "https://api.test/x", body: "hello", ctype: "text/plain"},
		{name: "PATCH raw is sent as JSON by default", props: `{"method": "PATCH", "url": "https://api.test/x", "headers": {}, "queryParams": {},
			"body_type": "raw", "body": {"data": "not json"}}`,
			method: "PATCH", url: "https://api.test/x", body: "not json", ctype: "application/json"},
		{name: "DELETE with bearer auth", props: `{"method": "DELETE", "url": "https://api.test/x/1", "headers": {}, "queryParams": {},
			"authType": "BEARER_TOKEN", "authFields": {"token": "tok"}}`,
			method: "DELETE", url: "https://api.test/x/1", wantHeader: map[string]string{"Authorization": "Bearer tok"}},
		{name: "HEAD with basic auth", props: `{"method": "head", "url": "http://api.test/", "headers": {}, "queryParams": {},
			"authType": "BASIC", "authFields": {"username": "ada", "password": "pw"}}`,
			method: "HEAD", url: "http://api.test/", wantHeader: map[string]string{"Authorization": "Basic YWRhOnB3"}},
		{name: "body_type none sends nothing", props: `{"method": "POST", "url": "https://api.test/x", "headers": {}, "queryParams": {},
			"body_type": "none", "body": {}}`, method: "POST", url: "https://api.test/x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := newFakeRun()
			run.setAnswer(200, `{"ok": true}`)
			res, err := sendRequest(run, props(t, tc.props))
			if err != nil {
				t.Fatal(err)
			}
			if got := jsonOf(t, res.Output); got != `{"body":{"ok":true},"headers":{"content-type":"application/json"},"status":200}` {
				t.Errorf("output %s", got)
			}
			req := run.requests[0]
			if req.Method != tc.method || req.URL != tc.url || string(req.Body) != tc.body {
				t.Errorf("sent %s %s %q, want %s %s %q", req.Method, req.URL, req.Body, tc.method, tc.url, tc.body)
			}
			if ct := headerIn(req.Headers, "Content-Type"); ct != tc.ctype {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			for k, v := range tc.wantHeader {
				if got := headerIn(req.Headers, k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func headerIn(h map[string]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func TestSendRequestFormData(t *testing.T) {
	run := newFakeRun()
	run.setAnswer(201, `created`)
	res, err := sendRequest(run, props(t, `{"method": "POST", "url": "https://api.test/form", "headers": {}, "queryParams": {},
		"body_type": "form_data", "body": {"data": {"name": "Ada", "age": 36}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if out := res.Output.(map[string]any); out["status"] != 201 || out["body"] != "created" {
		t.Errorf("output %v", out)
	}
	req := run.requests[0]
	mediaType, params, err := mime.ParseMediaType(headerIn(req.Headers, "Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		t.Fatalf("content type %q", headerIn(req.Headers, "Content-Type"))
	}
	form, err := multipart.NewReader(strings.NewReader(string(req.Body)), params["boundary"]).ReadForm(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if form.Value["name"][0] != "Ada" || form.Value["age"][0] != "36" {
		t.Errorf("form %v", form.Value)
	}
}

func TestSendRequestFailures(t *testing.T) {
	base := `"method": "GET", "url": "https://api.test/x", "headers": {}, "queryParams": {}`
	t.Run("an error status fails the step with the piece's message", func(t *testing.T) {
		run := newFakeRun()
		run.setAnswer(404, `{"error": "nope"}`)
		_, err := sendRequest(run, props(t, `{`+base+`}`))
		if err == nil || err.Error() != `{"request":{"body":null},"response":{"body":{"error":"nope"},"status":404}}` {
			t.Fatalf("error %v", err)
		}
		if len(run.requests) != 1 {
			t.Errorf("%d tries without failureMode, want 1", len(run.requests))
		}
	})
	t.Run("continue_all answers the error as output", func(t *testing.T) {
		run := newFakeRun()
		run.setAnswer(500, `boom`)
		res, err := sendRequest(run, props(t, `{`+base+`, "failureMode": "continue_all"}`))
		if err != nil || jsonOf(t, res.Output) != `{"request":{"body":null},"response":{"body":"boom","status":500}}` || res.StopRun {
			t.Fatalf("output %s, %v", jsonOf(t, res.Output), err)
		}
	})
	t.Run("retry_all tries three times, then fails", func(t *testing.T) {
		run := newFakeRun()
		run.setAnswer(503, `busy`)
		if _, err := sendRequest(run, props(t, `{`+base+`, "failureMode": "retry_all"}`)); err == nil || len(run.requests) != 3 {
			t.Fatalf("%d tries, error %v", len(run.requests), err)
		}
	})
	t.Run("retry_5xx continues on a 4xx", func(t *testing.T) {
		run := newFakeRun()
		run.setAnswer(400, `bad`)
		res, err := sendRequest(run, props(t, `{`+base+`, "failureMode": "retry_5xx"}`))
		if err != nil || len(run.requests) != 1 || !strings.Contains(jsonOf(t, res.Output), `"status":400`) {
			t.Fatalf("%d tries, %s, %v", len(run.requests), jsonOf(t, res.Output), err)
		}
	})
	t.Run("continue_4xx retries a 5xx and succeeds", func(t *testing.T) {
		run := newFakeRun()
		run.answer = func(HTTPRequest) (HTTPResponse, error) {
			if len(run.requests) < 2 {
				return HTTPResponse{Status: 502}, nil
			}
			return HTTPResponse{Status: 200, Body: []byte(`"fine"`)}, nil
		}
		res, err := sendRequest(run, props(t, `{`+base+`, "failureMode": "continue_4xx"}`))
		if err != nil || len(run.requests) != 2 || res.Output.(map[string]any)["body"] != "fine" {
			t.Fatalf("%d tries, %v, %v", len(run.requests), res.Output, err)
		}
	})
	t.Run("continue_none and stopFlow end the run answering the failure", func(t *testing.T) {
		for _, p := range []string{`"failureMode": "continue_none"`, `"stopFlow": true, "failureMode": "continue_all"`} {
			run := newFakeRun()
			run.setAnswer(422, `{"invalid": true}`)
			res, err := sendRequest(run, props(t, `{`+base+`, `+p+`}`))
			if err != nil || !res.StopRun || jsonOf(t, res.Output) != `{"body":{"invalid":true},"status":422}` {
				t.Fatalf("%s: %s stop=%v %v", p, jsonOf(t, res.Output), res.StopRun, err)
			}
			if len(run.responses) != 1 || run.responses[0].Status != 422 {
				t.Fatalf("%s: responses %+v", p, run.responses)
			}
		}
	})
	t.Run("no response: the reason is the body", func(t *testing.T) {
		run := newFakeRun()
		run.answer = func(HTTPRequest) (HTTPResponse, error) {
			return HTTPResponse{}, errors.New("sandbox egress refused 127.0.0.1: it is a loopback address")
		}
		res, err := sendRequest(run, props(t, `{`+base+`, "failureMode": "continue_all", "body_type": "json", "body": {"data": {"a": 1}}}`))
		want := `{"request":{"body":{"a":1}},"response":{"body":"sandbox egress refused 127.0.0.1: it is a loopback address","status":500}}`
		if err != nil || jsonOf(t, res.Output) != want {
			t.Fatalf("output %s, %v", jsonOf(t, res.Output), err)
		}
	})
}

func TestSendRequestOptions(t *testing.T) {
	run := newFakeRun()
	run.answer = func(HTTPRequest) (HTTPResponse, error) {
		return HTTPResponse{Status: 200, Headers: map[string][]string{"set-cookie": {"a=1", "b=2"}, "x-multi": {"1", "2"}},
			Body: []byte{0xff, 0x00, 0x10}}, nil
	}
	res, err := sendRequest(run, props(t, `{"method": "GET", "url": "https://api.test/file", "headers": {}, "queryParams": {},
		"response_is_binary": true, "timeout": 2.5}`))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"body":"/wAQ","headers":{"set-cookie":["a=1","b=2"],"x-multi":"1, 2"},"status":200}`
	if got := jsonOf(t, res.Output); got != want {
		t.Errorf("output %s, want %s", got, want)
	}
	if run.requests[0].Timeout.Milliseconds() != 2500 {
		t.Errorf("timeout %s", run.requests[0].Timeout)
	}
	for _, bad := range []struct{ props, message string }{
		{`{"method": "TRACE", "url": "https://api.test/"}`, `method must be one of [GET POST PATCH PUT DELETE HEAD], not "TRACE"`},
		{`{"method": "GET", "url": "api.test/x"}`, `url must be an absolute http or https URL, not "api.test/x"`},
		{`{"method": "GET", "url": "file:///etc/passwd"}`, `url must be an absolute http or https URL, not "file:///etc/passwd"`},
		{`{"method": "GET", "url": "https://api.test/", "use_proxy": true}`, "the sandbox sends no requests through a proxy: set use_proxy to false"},
		{`{"method": "GET", "url": "https://api.test/", "timeout": "soon"}`, `timeout must be a number of seconds, not the text "soon"`},
		{`{"method": "GET", "url": "https://api.test/", "authType": "DIGEST"}`, `authType must be NONE, BASIC or BEARER_TOKEN, not "DIGEST"`},
	} {
		if _, err := sendRequest(newFakeRun(), props(t, bad.props)); err == nil || err.Error() != bad.message {
			t.Errorf("%s: error %v, want %q", bad.props, err, bad.message)
		}
	}
}
