package bench

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseHTTPAnswer(t *testing.T) {
	cases := []struct {
		name, contentType, body, want string
	}{
		{name: "json", contentType: "application/json", body: `{"jsonrpc":"2.0","id":3,"result":{"a":1}}`, want: `{"a":1}`},
		{name: "events with a notification first", contentType: "text/event-stream; charset=utf-8",
			body: "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n" +
				"id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"b\":2}}\n\n",
			want: `{"b":2}`},
		{name: "event without a final blank line", contentType: "text/event-stream", body: `data:{"jsonrpc":"2.0","id":3,"result":{}}`, want: `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := parseHTTPAnswer(tc.contentType, []byte(tc.body), "3")
			if err != nil {
				t.Fatal(err)
			}
			if string(a.Result) != tc.want {
				t.Errorf("result %s, want %s", a.Result, tc.want)
			}
		})
	}
	for _, bad := range []struct{ contentType, body string }{
		{"text/html", "<html>"},
		{"application/json", `{"jsonrpc":"2.0","id":4,"result":{}}`},
		{"text/event-stream", "data: nope\n\n"},
	} {
		if _, err := parseHTTPAnswer(bad.contentType, []byte(bad.body), "3"); err == nil {
			t.Errorf("%s %q: no error", bad.contentType, bad.body)
		}
	}
}

// A session keeps the id the server gives at initialize and sends it back.
func TestHTTPSession(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req rpcRequest
		json.Unmarshal(body, &req)
		seen = append(seen, req.Method+" session="+r.Header.Get("Mcp-Session-Id")+" protocol="+r.Header.Get("MCP-Protocol-Version"))
		if req.ID == nil {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		result := `{"content":[]}`
		if req.Method == "initialize" {
			w.Header().Set("Mcp-Session-Id", "s1")
			result = `{"protocolVersion":"2025-06-18"}`
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"jsonrpc":"2.0","id":`+string(mustJSON(*req.ID))+`,"result":`+result+`}`)
	}))
	defer srv.Close()
	s := NewHTTPSession(srv.Client(), srv.URL)
	if err := s.Initialize(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CallTool("x", nil); err != nil {
		t.Fatal(err)
	}
	want := "initialize session= protocol=|notifications/initialized session=s1 protocol=2025-06-18|tools/call session=s1 protocol=2025-06-18"
	if got := strings.Join(seen, "|"); got != want || s.ID() != "s1" {
		t.Errorf("requests %s (session %q), want %s", got, s.ID(), want)
	}
}
