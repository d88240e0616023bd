package mcpextra

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

// The URI scheme of every resource the bridge serves besides ui:// views.
const scheme = "workflows://"

// jsonMIME is the MIME type of the views.
const jsonMIME = "application/json"

// View is a resource template whose reads are one read tool's result: reading
// workflows://flows/{flowId} calls get_flow with that flowId and returns the
// tool's JSON. The template has one variable, Arg, which is also the tool's
// argument name, so completions for it are those of the tool's argument.
type View struct {
	Template    string         // URI template, e.g. workflows://flows/{flowId}
	Name, Title string         // the template's name and human title
	Description string         // what reading it returns
	Tool        string         // the read tool that serves it
	Arg         string         // the template variable and tool argument
	Args        map[string]any // fixed further arguments, e.g. detail
	// Fallback, when set, are the fixed arguments of a second call made when
	// the first fails (a full piece over the result size cap comes back in summary).
	Fallback map[string]any
	// Build makes the tool with a client.
	Build func(*client.Client) toolkit.Tool
}

// Views are the bridge's resource templates: one per object a get_* tool reads.
func Views() []View {
	return []View{
		{Template: scheme + "flows/{flowId}", Name: "flow", Title: "Flow", Tool: "get_flow", Arg: "flowId", Build: tools.GetFlow,
			Description: "A flow as get_flow returns it: status, version, trigger and step outline (JSON)."},
		{Template: scheme + "runs/{runId}", Name: "run", Title: "Flow run", Tool: "get_run", Arg: "runId", Build: tools.GetRun,
			Description: "A run as get_run returns it: status, failed step, each step's status and error (JSON). " +
				"Subscribe to be notified (notifications/resources/updated) when the run ends."},
		{Template: scheme + "folders/{folderId}", Name: "folder", Title: "Folder", Tool: "get_folder", Arg: "folderId", Build: tools.GetFolder,
			Description: "A folder as get_folder returns it (JSON)."},
		{Template: scheme + "tables/{tableId}", Name: "table", Title: "Table", Tool: "get_table", Arg: "tableId", Build: tools.GetTable,
			Description: "A table and its fields as get_table returns it (JSON)."},
		// {+pieceName} keeps the slash and @ of "@activepieces/piece-http" as
		// they are; the percent-encoded form matches too.
		{Template: scheme + "pieces/{+pieceName}", Name: "piece", Title: "Piece reference", Tool: "get_piece", Arg: "pieceName", Build: tools.GetPiece,
			Args: map[string]any{"detail": "full"}, Fallback: map[string]any{"detail": "summary"},
			Description: "A piece's actions and triggers with every input (get_piece detail=full; the summary when that is too long), " +
				"e.g. workflows://pieces/@activepieces/piece-http (JSON)."},
	}
}

// template is the view as mcp-go registers it.
func (v View) template() mcp.ResourceTemplate {
	return mcp.NewResourceTemplate(v.Template, v.Name, mcp.WithTemplateTitle(v.Title),
		mcp.WithTemplateDescription(v.Description), mcp.WithTemplateMIMEType(jsonMIME))
}

// readView reads a view by calling its tool's handler with the request's client.
func (x *Extras) readView(v View) server.ResourceTemplateHandlerFunc {
	return func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		value := templateArg(req.Params.Arguments, v.Arg)
		if value == "" {
			return nil, fmt.Errorf("%s: the URI has no %s", req.Params.URI, v.Arg)
		}
		c, err := x.client(ctx)
		if err != nil {
			return nil, err
		}
		text, err := v.Read(ctx, c, value)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", req.Params.URI, err)
		}
		return textContents(req.Params.URI, jsonMIME, text), nil
	}
}

// Read returns the tool's JSON result for the argument value, or its error text.
func (v View) Read(ctx context.Context, c *client.Client, value string) (string, error) {
	tool := v.Build(c)
	text, err := callTool(ctx, tool, v.Arg, value, v.Args)
	if err != nil && v.Fallback != nil && ctx.Err() == nil {
		if fallback, ferr := callTool(ctx, tool, v.Arg, value, v.Fallback); ferr == nil {
			return fallback, nil
		}
	}
	return text, err
}

// callTool runs tool's handler with {arg: value} plus fixed and returns the text
// of its result. A tool error (bad id, not found) becomes a Go error with the
// tool's text, which says what to fix.
func callTool(ctx context.Context, tool toolkit.Tool, arg, value string, fixed map[string]any) (string, error) {
	req := mcp.CallToolRequest{}
	req.Params.Name = tool.Tool.Name
	args := map[string]any{arg: value}
	maps.Copy(args, fixed)
	req.Params.Arguments = args
	res, err := tool.Handler(ctx, req)
	if err != nil {
		return "", err
	}
	text := resultText(res)
	if res.IsError {
		return "", errors.New(text)
	}
	return text, nil
}

// resultText joins a tool result's text content.
func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// templateArg returns a matched template variable as a string. mcp-go hands
// over the matched values as strings; a list (an explode modifier) gives its first.
func templateArg(args map[string]any, name string) string {
	switch v := args[name].(type) {
	case string:
		return v
	case []string:
		if len(v) > 0 {
			return v[0]
		}
	}
	return ""
}
