package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
)

// withHTTPClient replaces the pieces' HTTP client, to resolve names offline.
func withHTTPClient(c pieces.HTTPClient) Option {
	return func(e *Engine) { e.pieceHTTP = c }
}

// httpTarget is a local server standing for a site on the internet: it
// echoes what it got, redirects, is slow or missing on request.
func httpTarget(t *testing.T, ip string, privateURL func() string) (*httptest.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
			return
		case "/missing":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error": "no such thing"}`)
			return
		case "/to-private":
			http.Redirect(w, r, privateURL(), http.StatusFound)
			return
		}
		body, _ := io.ReadAll(r.Body)
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Seen-Method", r.Method)
		json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "query": r.URL.RawQuery, "contentType": mediaType,
			"body": string(body), "host": r.Host})
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return srv, port
}

// offlineEgress resolves public.test to 127.0.0.2 and treats that address
// as public, under the default policy: a flow can call "the internet" (a
// local server) while loopback stays refused.
func offlineEgress() Option {
	d := egress.NewDialer(egress.Public)
	d.Resolve = func(_ context.Context, host string) ([]netip.Addr, error) {
		if host == "public.test" {
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	d.Classify = func(ip netip.Addr) egress.Class {
		if ip == netip.MustParseAddr("127.0.0.2") {
			return egress.ClassPublic
		}
		return egress.Classify(ip)
	}
	return withHTTPClient(egress.NewClient(d))
}

// httpFlow publishes webhook → Send HTTP request (its props from the call's
// body) → Return Response with the request's output.
func httpFlow(t *testing.T, srv *httptest.Server) string {
	return publishedPieceFlow(t, srv, "HTTP",
		pieceStep{"@activepieces/piece-http", "0.8.5", "send_request", map[string]any{
			"method": "{{trigger.body.method}}", "url": "{{trigger.body.url}}", "headers": map[string]any{"X-Flow": "sandbox"},
			"queryParams": map[string]any{"from": "flow"}, "authType": "NONE", "body_type": "{{trigger.body.body_type}}",
			"body": map[string]any{"data": "{{trigger.body.data}}"}, "timeout": "{{trigger.body.timeout}}",
			"failureMode": "{{trigger.body.failureMode}}"}},
		respondWith("{{step_1}}"),
	)
}

func TestHTTPPieceEndToEnd(t *testing.T) {
	_, srv := testEngine(t, offlineEgress())
	_, port := httpTarget(t, "127.0.0.2", func() string { return "" })
	flowID := httpFlow(t, srv)
	url := "http://public.test:" + port + "/echo?page=1"
	tests := []struct {
		method, bodyType string
		data             any
		wantBody, ctype  string
	}{
		{"GET", "none", nil, "", ""},
		{"DELETE", "none", nil, "", ""},
		{"POST", "json", map[string]any{"name": "Ada"}, `{"name":"Ada"}`, "application/json"},
		{"PUT", "raw", "plain words", "plain words", "application/json"},
		{"PATCH", "json", []any{1, 2}, `[1,2]`, "application/json"},
		{"POST", "form_data", map[string]any{"name": "Ada"}, "Content-Disposition: form-data; name=\"name\"", "multipart/form-data"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.bodyType, func(t *testing.T) {
			out := syncJSON(t, srv, flowID, map[string]any{"method": tc.method, "url": url, "body_type": tc.bodyType, "data": tc.data})
			body, _ := out["body"].(map[string]any)
			if out["status"] != 200.0 || body["method"] != tc.method || body["query"] != "from=flow&page=1" ||
				body["contentType"] != tc.ctype || !strings.Contains(body["body"].(string), tc.wantBody) || !strings.HasPrefix(body["host"].(string), "public.test:") {
				t.Fatalf("output %s", jsonText(t, out))
			}
			if headers, _ := out["headers"].(map[string]any); headers["x-seen-method"] != tc.method {
				t.Errorf("response headers %v", out["headers"])
			}
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		out := syncJSON(t, srv, flowID, map[string]any{"method": "HEAD", "url": url})
		if out["status"] != 200.0 || out["body"] != "" {
			t.Fatalf("output %s", jsonText(t, out))
		}
	})
	t.Run("an error status with continue_all is the step's output", func(t *testing.T) {
		out := syncJSON(t, srv, flowID, map[string]any{"method": "GET", "url": "http://public.test:" + port + "/missing", "failureMode": "continue_all"})
		if jsonText(t, out) != `{"request":{"body":null},"response":{"body":{"error":"no such thing"},"status":404}}` {
			t.Fatalf("output %s", jsonText(t, out))
		}
	})
	t.Run("an error status fails the run by default", func(t *testing.T) {
		call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"/sync", map[string]any{"method": "GET", "url": "http://public.test:" + port + "/missing"}).expect(t, 500)
		run := waitForRun(t, srv, flowID)
		if run.FailedStep == nil || run.FailedStep.Name != "step_1" || !strings.Contains(run.FailedStep.Message, `"status":404`) {
			t.Fatalf("failed step %+v", run.FailedStep)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		start := time.Now()
		out := syncJSON(t, srv, flowID, map[string]any{"method": "GET", "url": "http://public.test:" + port + "/slow",
			"timeout": 0.2, "failureMode": "continue_all"})
		if response, _ := out["response"].(map[string]any); response["body"] != "timeout of 200ms exceeded" || time.Since(start) > 4*time.Second {
			t.Fatalf("output %s after %s", jsonText(t, out), time.Since(start))
		}
	})
}

func TestHTTPPieceEgress(t *testing.T) {
	private, _ := httpTarget(t, "127.0.0.1", func() string { return "" })
	_, port := httpTarget(t, "127.0.0.2", func() string { return private.URL + "/echo" })
	refusal := func(t *testing.T, srv *httptest.Server, flowID, url string) string {
		t.Helper()
		out := syncJSON(t, srv, flowID, map[string]any{"method": "GET", "url": url, "failureMode": "continue_all"})
		response, _ := out["response"].(map[string]any)
		body, _ := response["body"].(string)
		if response["status"] != 500.0 || !strings.HasPrefix(body, "sandbox egress refused") {
			t.Fatalf("output %s", jsonText(t, out))
		}
		return body
	}
	t.Run("loopback is refused by default", func(t *testing.T) {
		_, srv := testEngine(t)
		body := refusal(t, srv, httpFlow(t, srv), private.URL+"/echo")
		if !strings.Contains(body, "it is a loopback address and the sandbox's egress setting is public") {
			t.Errorf("refusal %q", body)
		}
	})
	t.Run("a redirect from a public address to a private one is refused", func(t *testing.T) {
		_, srv := testEngine(t, offlineEgress())
		refusal(t, srv, httpFlow(t, srv), "http://public.test:"+port+"/to-private")
	})
	t.Run("egress none refuses everything", func(t *testing.T) {
		_, srv := testEngine(t, WithEgress(egress.None))
		if body := refusal(t, srv, httpFlow(t, srv), "http://public.test:"+port+"/echo"); !strings.Contains(body, "egress setting is none") {
			t.Errorf("refusal %q", body)
		}
	})
	t.Run("loopback allowed when asked for", func(t *testing.T) {
		_, srv := testEngine(t, WithEgress(egress.Loopback))
		out := syncJSON(t, srv, httpFlow(t, srv), map[string]any{"method": "GET", "url": private.URL + "/echo"})
		if out["status"] != 200.0 {
			t.Fatalf("output %s", jsonText(t, out))
		}
	})
}
