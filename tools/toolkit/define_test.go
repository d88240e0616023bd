package toolkit

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// deletedOut stands for a tool's output type.
type deletedOut struct {
	Deleted bool   `json:"deleted"`
	ID      string `json:"id"`
}

type panicInput struct {
	N int `json:"n,omitempty"`
}

func TestHandlerPanicBecomesAnErrorNotACrash(t *testing.T) {
	st := NewTool(nil, Spec{Name: "boom", Title: "Boom", Hints: ReadHints}, nil, func(context.Context, mcp.CallToolRequest, *panicInput) (*deletedOut, error) {
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
	st := NewTool(nil, Spec{Name: "t", Title: "T", Hints: ReadHints}, nil, func(context.Context, mcp.CallToolRequest, *panicInput) (*deletedOut, error) {
		return &deletedOut{Deleted: true}, nil
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
	Blob []string `json:"blob"`
}

// A result over the cap from a tool that changes something must say the change
// was made: "ask for fewer items" alone would invite calling it again.
func TestOversizedResultOfAWriteSaysItWasDone(t *testing.T) {
	// Many short strings: cutting long strings cannot make this fit.
	blob := strings.Split(strings.Repeat("y", MaxResultBytes/4), "")
	cases := []struct {
		name string
		sp   Spec
		want string
	}{
		{"read", Spec{Name: "get_it", Title: "Get", Hints: ReadHints, Narrow: "use detail=summary"},
			"the result is 32778 bytes, over the 32768-byte limit: use detail=summary."},
		{"create without a narrowing hint", Spec{Name: "make_it", Title: "Make", Hints: CreateHints},
			"the result is 32778 bytes, over the 32768-byte limit: make_it was carried out, so do not call it again: " +
				"read what it made with the matching get or list tool."},
		{"edit", Spec{Name: "edit_it", Title: "Edit", Hints: EditHints, Narrow: "use get_flow with detail=summary"},
			"the result is 32778 bytes, over the 32768-byte limit: edit_it was carried out, so do not call it again: use get_flow with detail=summary."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := NewTool(nil, tc.sp, nil, func(context.Context, mcp.CallToolRequest, *panicInput) (*bigOutput, error) {
				return &bigOutput{Blob: blob}, nil
			})
			res, err := st.Handler(context.Background(), mcp.CallToolRequest{})
			if err != nil || !res.IsError || resultText(res) != tc.want {
				t.Errorf("got %v %.300q, want %q", err, resultText(res), tc.want)
			}
		})
	}
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}
