// Package toolkit is the framework the bridge's MCP tools are built with, kept
// apart from the tools themselves (package tools) so a tool file says only what
// the tool takes, does and returns. It gives each tool its schemas, annotations
// and argument checks (NewTool), groups tools in toolsets of read and write tools
// (Toolset), selects from them by the command-line filters (Select), and shapes
// results (a size cap), errors (with a hint for the model) and progress
// notifications the same way for every tool.
package toolkit

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

// Hints are a tool's four behaviour annotations. Every tool states all four: mcp-go
// would otherwise default to readOnly=false, destructive=true, openWorld=true.
type Hints struct {
	ReadOnly, Destructive, Idempotent, OpenWorld bool
}

// The hint sets the catalogue uses: naming them keeps every tool of a kind
// alike. OpenWorld is true only where a flow or a piece runs and may reach
// services outside the engine.
var (
	// ReadHints: reads change nothing and can be repeated.
	ReadHints = Hints{ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false}
	// CreateHints: each call makes something new.
	CreateHints = Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: false}
	// UpsertHints: a second identical call leaves the same state.
	UpsertHints = Hints{ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: false}
	// EditHints: changes or removes what exists (flow operations, token rotation).
	EditHints = Hints{ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: false}
	// ReplaceHints: overwrites values that exist (a record's cells); repeating it changes nothing more.
	ReplaceHints = Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false}
	// RenameHints: gives something a new name; nothing is lost, and repeating it changes nothing more.
	RenameHints = Hints{ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: false}
	// DeleteHints: removes something; deleting again changes nothing more.
	DeleteHints = Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false}
	// RunHints: runs a flow, whose steps may do anything, here or in outside services.
	RunHints = Hints{ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true}
	// TestHints: exercises a trigger to capture sample data; the flow does not run.
	TestHints = Hints{ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true}
	// CredentialHints: stores or replaces a credential the engine checks with the piece's service.
	CredentialHints = Hints{ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: true}
)

func boolPtr(b bool) *bool { return &b }

// annotate is the one place a tool gets its title and hints: all set explicitly.
// The title goes both on the tool (newer clients) and in its annotations (older ones).
func annotate(t *mcp.Tool, title string, h Hints) {
	t.Title = title
	t.Annotations = mcp.ToolAnnotation{
		Title:           title,
		ReadOnlyHint:    boolPtr(h.ReadOnly),
		DestructiveHint: boolPtr(h.Destructive),
		IdempotentHint:  boolPtr(h.Idempotent),
		OpenWorldHint:   boolPtr(h.OpenWorld),
	}
}

// Spec describes a tool besides its types and handler.
type Spec struct {
	Name, Title, Description string
	Hints                    Hints
	// FindIDs names what lists the ids this tool takes, for 404 hints ("list_flows lists flow ids").
	FindIDs string
	// Narrow says how to get a smaller result when one exceeds the size cap.
	Narrow string
}

// Checker is implemented by inputs with rules a schema cannot express
// (one field required with another, a loop needing items, and so on).
type Checker interface {
	Check() error
}

// RunFunc does a tool's work once its input has been decoded and checked.
type RunFunc[In, Out any] func(ctx context.Context, req mcp.CallToolRequest, in *In) (*Out, error)

// Tool is a tool ready to register, together with how to reflect its schemas
// from its Go types. Serving uses the pregenerated schemas; the generator and the
// drift tests reflect them to write or check the pregenerated file.
type Tool struct {
	server.ServerTool
	generate func() Schemas
}

// GenerateSchemas reflects the tool's schemas from its input and output types,
// ignoring any pregenerated copy. It costs milliseconds per tool, which is why
// serving never calls it.
func (t Tool) GenerateSchemas() Schemas {
	if t.generate == nil { // not built by NewTool: all there is are the schemas it carries
		return Schemas{Input: t.Tool.RawInputSchema, Output: t.Tool.RawOutputSchema}
	}
	return t.generate()
}

// NewTool builds a tool from its input and output types: schemas from
// pregenerated when it holds the tool (else reflected from the types),
// annotations from sp, and a handler that validates the arguments against the
// input schema (and In's own Check) before run can send anything upstream.
// Errors from run become tool errors with a hint; a panic becomes a Go error (a bug).
func NewTool[In, Out any](c *client.Client, sp Spec, pregenerated SchemaSet, run RunFunc[In, Out]) Tool {
	generate := func() Schemas { return Schemas{Input: schema.For[In](), Output: schema.For[Out]()} }
	schemas, ok := pregenerated.Lookup(sp.Name)
	if !ok {
		schemas = generate()
	}
	inSchema := schemas.Input
	tool := mcp.NewToolWithRawSchema(sp.Name, sp.Description, inSchema)
	tool.RawOutputSchema = schemas.Output
	annotate(&tool, sp.Title, sp.Hints)

	handler := func(ctx context.Context, req mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		defer func() {
			if p := recover(); p != nil {
				res, err = nil, fmt.Errorf("internal error in %s (a bug; please report it): %v", sp.Name, p)
			}
		}()
		in, argErr := decodeArgs[In](inSchema, req)
		if argErr != nil {
			return mcp.NewToolResultError(argErr.Error()), nil
		}
		out, runErr := run(ctx, req, in)
		if runErr != nil {
			return mcp.NewToolResultError(ErrorText(runErr, sp, c)), nil
		}
		return structured(out, sp)
	}
	return Tool{ServerTool: server.ServerTool{Tool: tool, Handler: handler}, generate: generate}
}

// narrowHint is what an oversized result tells the model. A tool that changes
// something has done so by then: it says that first, with the id of what it
// made or changed when the result has one, so the model finds (or deletes) it
// instead of calling the tool again.
func narrowHint(sp Spec, id string) string {
	if sp.Hints.ReadOnly {
		return sp.Narrow
	}
	narrow := sp.Narrow
	if narrow == "" {
		narrow = "read what it made with the matching get or list tool"
	}
	done := sp.Name + " was carried out"
	if id != "" {
		done += " (id " + id + ")"
	}
	return done + ", so do not call it again: " + narrow
}

// MaxArgumentBytes bounds the JSON arguments of one call: checked before
// anything else, so that a runaway argument gets a clear answer, not a slow
// validation and an engine's refusal.
const MaxArgumentBytes = 2 << 20

// decodeArgs validates the call's arguments against the input schema, decodes
// them into In and runs In's own Check.
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
	if len(raw) > MaxArgumentBytes {
		return nil, fmt.Errorf("invalid arguments: %d bytes of JSON, over the limit of %d (2 MiB) for one call: send less per call (fewer records, a smaller payload)", len(raw), MaxArgumentBytes)
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
	if ch, ok := any(in).(Checker); ok {
		if err := ch.Check(); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// FieldErr reports a semantic problem with one argument, for a Check method.
func FieldErr(path, expected string, got any) *schema.FieldError {
	g := ""
	if got != nil {
		g = fmt.Sprintf("%v", got)
		if s, ok := got.(string); ok {
			g = fmt.Sprintf("%q", s)
		}
	}
	return &schema.FieldError{Path: path, Problem: "invalid", Expected: expected, Got: g}
}

// MissingErr reports a required argument that is absent in this combination,
// for a Check method.
func MissingErr(path, expected string) *schema.FieldError {
	return &schema.FieldError{Path: path, Problem: "missing", Expected: expected}
}
