package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// call runs one tool in-process and prints its result as JSON on stdout. A tool
// error goes to stderr and makes the exit code 1.
func (a *app) call(ctx context.Context) error {
	args, err := a.callArguments()
	if err != nil {
		return err
	}
	eng, err := openBackend(a.cfg, a.logger)
	if err != nil {
		return err
	}
	defer eng.Close()
	s, names, err := newMCPServer(a.cfg, eng, a.logger, nil)
	if err != nil {
		return err
	}
	name := a.cfg.ToolName
	if !slices.Contains(names, name) {
		if tools.ToolsetOf(name) != "" {
			return usageError{fmt.Errorf("call: tool %q is not enabled by --toolsets, --tools, --exclude-tools or --read-only", name)}
		}
		return usageError{fmt.Errorf("call: unknown tool %q: use one of %s", name, strings.Join(names, ", "))}
	}
	a.announceBackend(eng)

	c, err := mcpclient.NewInProcessClient(s)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Start(ctx); err != nil {
		return err
	}
	init := mcp.InitializeRequest{}
	init.Params.ClientInfo = mcp.Implementation{Name: "mcp-bridge call", Version: bridgeVersion()}
	if _, err := c.Initialize(ctx, init); err != nil {
		return err
	}
	req := mcp.CallToolRequest{}
	req.Params.Name = name
	req.Params.Arguments = args
	res, err := c.CallTool(ctx, req)
	if err != nil {
		return fmt.Errorf("call %s: %w", name, err)
	}
	if res.IsError {
		fmt.Fprintf(a.stderr, "mcp-bridge: %s: %s\n", name, resultText(res))
		return exitError{code: exitFailure}
	}
	out, err := resultJSON(res)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s\n", out)
	return err
}

// callArguments parses --args (or stdin for "-") as a JSON object.
func (a *app) callArguments() (map[string]any, error) {
	raw := []byte(a.cfg.ArgsJSON)
	if a.cfg.ArgsJSON == "-" {
		data, err := io.ReadAll(a.stdin)
		if err != nil {
			return nil, fmt.Errorf("--args -: reading stdin: %w", err)
		}
		raw = data
	}
	var args map[string]any
	if err := json.Unmarshal(raw, &args); err != nil || args == nil {
		return nil, usageError{fmt.Errorf(`--args: expected a JSON object such as '{"flowId":"..."}'`)}
	}
	return args, nil
}

// resultJSON is the structured result, or the text content when it is JSON itself.
func resultJSON(res *mcp.CallToolResult) ([]byte, error) {
	if res.StructuredContent != nil {
		return json.Marshal(res.StructuredContent)
	}
	text := resultText(res)
	if json.Valid([]byte(text)) {
		return []byte(text), nil
	}
	return json.Marshal(text)
}

func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if t, ok := c.(mcp.TextContent); ok {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, "\n")
}
