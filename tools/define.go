// Package tools is the bridge's MCP tool catalogue: one constructor per tool, grouped
// in toolsets (one file each), each tool's handler reading and checking its
// arguments, calling the workflows client, and shaping a compact result.
package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
)

// hints are a tool's four behaviour annotations. Every tool states all four: mcp-go
// would otherwise default to readOnly=false, destructive=true, openWorld=true.
type hints struct {
	readOnly, destructive, idempotent, openWorld bool
}

// Hint sets used by the catalogue. openWorld is true only where a flow or a piece
// runs and may reach services outside the engine.
var (
	// readHints: reads change nothing and can be repeated.
	readHints = hints{readOnly: true, destructive: false, idempotent: true, openWorld: false}
	// createHints: each call makes something new.
	createHints = hints{readOnly: false, destructive: false, idempotent: false, openWorld: false}
	// upsertHints: a second identical call leaves the same state.
	upsertHints = hints{readOnly: false, destructive: false, idempotent: true, openWorld: false}
	// editHints: changes or removes what exists (flow operations, token rotation).
	editHints = hints{readOnly: false, destructive: true, idempotent: false, openWorld: false}
	// replaceHints: overwrites what exists (a name); repeating it changes nothing more.
	replaceHints = hints{readOnly: false, destructive: true, idempotent: true, openWorld: false}
	// deleteHints: removes something; deleting again changes nothing more.
	deleteHints = hints{readOnly: false, destructive: true, idempotent: true, openWorld: false}
	// runHints: runs a flow, whose steps may do anything, here or in outside services.
	runHints = hints{readOnly: false, destructive: true, idempotent: false, openWorld: true}
	// testHints: exercises a trigger to capture sample data; the flow does not run.
	testHints = hints{readOnly: false, destructive: false, idempotent: false, openWorld: true}
	// credentialHints: stores or replaces a credential the engine checks with the piece's service.
	credentialHints = hints{readOnly: false, destructive: true, idempotent: true, openWorld: true}
)

func boolPtr(b bool) *bool { return &b }

// annotate is the one place a tool gets its title and hints: all set explicitly.
// The title goes both on the tool (newer clients) and in its annotations (older ones).
func annotate(t *mcp.Tool, title string, h hints) {
	t.Title = title
	t.Annotations = mcp.ToolAnnotation{
		Title:           title,
		ReadOnlyHint:    boolPtr(h.readOnly),
		DestructiveHint: boolPtr(h.destructive),
		IdempotentHint:  boolPtr(h.idempotent),
		OpenWorldHint:   boolPtr(h.openWorld),
	}
}

// spec describes a tool besides its types and handler.
type spec struct {
	name, title, description string
	hints                    hints
	// findIDs names what lists the ids this tool takes, for 404 hints ("list_flows lists flow ids").
	findIDs string
	// narrow says how to get a smaller result when one exceeds the size cap.
	narrow string
}

// checker is implemented by inputs with rules a schema cannot express
// (one field required with another, a loop needing items, and so on).
type checker interface {
	check() error
}

// runFunc does a tool's work once its input has been decoded and checked.
type runFunc[In, Out any] func(ctx context.Context, req mcp.CallToolRequest, in *In) (*Out, error)

// newTool builds a tool from its input and output types: schemas generated from
// them, annotations from sp, and a handler that validates the arguments against
// the input schema (and In's own check) before run can send anything upstream.
// Errors from run become tool errors with a hint; a panic becomes a Go error (a bug).
func newTool[In, Out any](c *client.Client, sp spec, run runFunc[In, Out]) server.ServerTool {
	schemas := schemasOf[In, Out](sp.name)
	inSchema := schemas.Input
	tool := mcp.NewToolWithRawSchema(sp.name, sp.description, inSchema)
	tool.RawOutputSchema = schemas.Output
	annotate(&tool, sp.title, sp.hints)

	handler := func(ctx context.Context, req mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		defer func() {
			if p := recover(); p != nil {
				res, err = nil, fmt.Errorf("internal error in %s (a bug; please report it): %v", sp.name, p)
			}
		}()
		in, argErr := decodeArgs[In](inSchema, req)
		if argErr != nil {
			return mcp.NewToolResultError(argErr.Error()), nil
		}
		out, runErr := run(ctx, req, in)
		if runErr != nil {
			return mcp.NewToolResultError(errorText(runErr, sp, c)), nil
		}
		return structured(out, narrowHint(sp))
	}
	return server.ServerTool{Tool: tool, Handler: handler}
}

// narrowHint is what an oversized result tells the model. A tool that changes
// something has done so by then: it says that first, so the model reads the
// outcome instead of calling the tool again.
func narrowHint(sp spec) string {
	if sp.hints.readOnly {
		return sp.narrow
	}
	narrow := sp.narrow
	if narrow == "" {
		narrow = "read what it made with the matching get or list tool"
	}
	return sp.name + " was carried out, so do not call it again: " + narrow
}

// decodeArgs validates the call's arguments against the input schema, decodes
// them into In and runs In's own check.
func decodeArgs[In any](inSchema json.RawMessage, req mcp.CallToolRequest) (*In, error) {
	raw := req.Params.RawArguments
	if len(raw) == 0 {
		var err error
		if raw, err = json.Marshal(req.Params.Arguments); err != nil {
			return nil, fmt.Errorf("invalid arguments: expected a JSON object: %v", err)
		}
		if string(raw) == "null" {
			raw = nil
		}
	}
	if err := schema.Validate(inSchema, raw); err != nil {
		return nil, err
	}
	in := new(In)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, in); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				return nil, &schema.FieldError{Path: typeErr.Field, Problem: "invalid", Expected: "a " + typeErr.Type.Kind().String(), Got: typeErr.Value}
			}
			return nil, fmt.Errorf("invalid arguments: %v", err)
		}
	}
	if ch, ok := any(in).(checker); ok {
		if err := ch.check(); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// fieldErr reports a semantic problem with one argument.
func fieldErr(path, expected string, got any) *schema.FieldError {
	g := ""
	if got != nil {
		g = fmt.Sprintf("%v", got)
		if s, ok := got.(string); ok {
			g = fmt.Sprintf("%q", s)
		}
	}
	return &schema.FieldError{Path: path, Problem: "invalid", Expected: expected, Got: g}
}

// missingErr reports a required argument that is absent in this combination.
func missingErr(path, expected string) *schema.FieldError {
	return &schema.FieldError{Path: path, Problem: "missing", Expected: expected}
}
