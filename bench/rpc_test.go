package bench

import (
	"bytes"
	"strings"
	"testing"
)

func TestConnCall(t *testing.T) {
	cases := []struct {
		name    string
		answers string
		want    string
		wantErr string
	}{
		{name: "answer", answers: `{"jsonrpc":"2.0","id":1,"result":{"ok":true}}` + "\n", want: `{"ok":true}`},
		{name: "skips notifications, server requests and stale answers",
			answers: `{"jsonrpc":"2.0","method":"notifications/message","params":{}}` + "\n" +
				`{"jsonrpc":"2.0","id":"s1","method":"roots/list"}` + "\n" +
				`{"jsonrpc":"2.0","id":0,"result":{}}` + "\n" +
				`{"jsonrpc":"2.0","id":1,"result":[1]}` + "\n",
			want: `[1]`},
		{name: "error answer", answers: `{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}` + "\n",
			wantErr: "ping: JSON-RPC error -32601: Method not found"},
		{name: "server closed", answers: "", wantErr: "ping: the server closed its output before answering"},
		{name: "not JSON", answers: "panic: oops\n", wantErr: `ping: the server wrote a line that is not JSON-RPC: "panic: oops\n"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var sent bytes.Buffer
			c := NewConn(&sent, strings.NewReader(tc.answers))
			got, err := c.Call("ping", map[string]any{"n": 1})
			if wantLine := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"n":1}}` + "\n"; sent.String() != wantLine {
				t.Errorf("sent %q, want %q", sent.String(), wantLine)
			}
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("Call = %s, %v; want %s", got, err, tc.want)
			}
		})
	}
}

func TestConnNotifyHasNoID(t *testing.T) {
	var sent bytes.Buffer
	c := NewConn(&sent, strings.NewReader(""))
	if err := c.Notify("notifications/initialized", nil); err != nil {
		t.Fatal(err)
	}
	if want := `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"; sent.String() != want {
		t.Errorf("sent %q, want %q", sent.String(), want)
	}
}
