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
