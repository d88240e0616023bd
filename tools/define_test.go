package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

type panicInput struct {
	N int `json:"n,omitempty"`
}

func TestHandlerPanicBecomesAnErrorNotACrash(t *testing.T) {
	st := newTool(nil, spec{name: "boom", title: "Boom", hints: readHints}, func(context.Context, mcp.CallToolRequest, *panicInput) (*deleted, error) {
		panic("nil map")
	})
	req := mcp.CallToolRequest{}
	req.Params.Arguments = map[string]any{"n": 1}
	res, err := st.Handler(context.Background(), req)
	if res != nil || err == nil || err.Error() != "internal error in boom (a bug; please report it): nil map" {
		t.Errorf("panicking handler: result %v, error %v", res, err)
	}
}

func TestArgumentsMustBeAnObject(t *testing.T) {
	st := newTool(nil, spec{name: "t", title: "T", hints: readHints}, func(context.Context, mcp.CallToolRequest, *panicInput) (*deleted, error) {
		return &deleted{Deleted: true}, nil
	})
	for _, args := range []any{"text", []any{1}, float64(3)} {
		req := mcp.CallToolRequest{}
		req.Params.Arguments = args
		res, err := st.Handler(context.Background(), req)
		if err != nil || !res.IsError || !strings.HasPrefix(resultText(res), "invalid arguments: expected an object") {
			t.Errorf("arguments %v: %v %+v", args, err, res)
		}
	}
	req := mcp.CallToolRequest{} // no arguments at all: every argument optional
	res, err := st.Handler(context.Background(), req)
	if err != nil || res.IsError {
		t.Errorf("no arguments: %v %s", err, resultText(res))
	}
}

type bigOutput struct {
	Blob string `json:"blob"`
}

// A result over the cap from a tool that changes something must say the change
// was made: "ask for fewer items" alone would invite calling it again.
func TestOversizedResultOfAWriteSaysItWasDone(t *testing.T) {
	blob := strings.Repeat("y", maxResultBytes)
	cases := []struct {
		name string
		sp   spec
		want string
	}{
		{"read", spec{name: "get_it", title: "Get", hints: readHints, narrow: "use detail=summary"},
			"the result is 32779 bytes, over the 32768-byte limit: use detail=summary."},
		{"create without a narrowing hint", spec{name: "make_it", title: "Make", hints: createHints},
			"the result is 32779 bytes, over the 32768-byte limit: make_it was carried out, so do not call it again: " +
				"read what it made with the matching get or list tool."},
		{"edit", spec{name: "edit_it", title: "Edit", hints: editHints, narrow: "use get_flow with detail=summary"},
			"the result is 32779 bytes, over the 32768-byte limit: edit_it was carried out, so do not call it again: use get_flow with detail=summary."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := newTool(nil, tc.sp, func(context.Context, mcp.CallToolRequest, *panicInput) (*bigOutput, error) {
				return &bigOutput{Blob: blob}, nil
			})
			res, err := st.Handler(context.Background(), mcp.CallToolRequest{})
			if err != nil || !res.IsError || resultText(res) != tc.want {
				t.Errorf("got %v %q, want %q", err, resultText(res), tc.want)
			}
		})
	}
}
