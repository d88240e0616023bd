package trivial

import (
	"strings"
	"testing"
)

func TestServe(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{name: "initialize", in: `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}` + "\n",
			want: `{"jsonrpc":"2.0","id":1,"result":` + initializeResult + "}\n"},
		{name: "notification then tools/list with a string id",
			in:   `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n" + `{"jsonrpc":"2.0","id":"b","method":"tools/list"}` + "\n",
			want: `{"jsonrpc":"2.0","id":"b","result":{"tools":[]}}` + "\n"},
		{name: "other request, last line without newline", in: `{"jsonrpc":"2.0","id":7,"method":"ping"}`,
			want: `{"jsonrpc":"2.0","id":7,"result":{}}` + "\n"},
		{name: "garbage and null ids get nothing", in: "hello\n" + `{"jsonrpc":"2.0","id":null,"method":"ping"}` + "\n", want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			if err := Serve(strings.NewReader(tc.in), &out); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("Serve wrote %q, want %q", out.String(), tc.want)
			}
		})
	}
}
