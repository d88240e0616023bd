package bench

import (
	"encoding/json"
	"fmt"
	"strings"
)

// toolResult is the part of a tools/call result the journey reads.
type toolResult struct {
	Content []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"content"`
	StructuredContent map[string]any `json:"structuredContent"`
	IsError           bool           `json:"isError"`
}

// CallTool calls a tool and returns its structured result, or an error that
// carries the tool's error text.
func (c *Conn) CallTool(name string, args map[string]any) (map[string]any, error) {
	raw, err := c.Call("tools/call", map[string]any{"name": name, "arguments": args})
	if err != nil {
		return nil, err
	}
	var res toolResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, fmt.Errorf("%s: decoding the result: %w", name, err)
	}
	if res.IsError {
		var text []string
		for _, c := range res.Content {
			text = append(text, c.Text)
		}
		return nil, fmt.Errorf("%s: tool error: %s", name, strings.Join(text, " "))
	}
	return res.StructuredContent, nil
}

// Journey drives the agent loop the bridge exists for, through tools only: look
// around, build a webhook flow that answers with a templated reply, publish it,
// run it synchronously and asynchronously, read the run, and clean up. It checks
// the few values each next step depends on. It returns how many tool calls it made.
func Journey(c *Conn) (calls int, err error) {
	steps := []struct {
		tool string
		args func(ids map[string]string) map[string]any
		keep string // the result field saved as ids[tool]
	}{
		{tool: "list_flows", args: none},
		{tool: "list_pieces", args: none},
		{tool: "create_folder", keep: "id", args: func(map[string]string) map[string]any {
			return map[string]any{"displayName": "Bench journey"}
		}},
		{tool: "create_flow", keep: "id", args: func(ids map[string]string) map[string]any {
			return map[string]any{"displayName": "Greeter", "folderId": ids["create_folder"]}
		}},
		{tool: "apply_flow_operation", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"], "type": "UPDATE_TRIGGER", "trigger": map[string]any{}}
		}},
		{tool: "apply_flow_operation", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"], "type": "ADD_ACTION", "parentStep": "trigger", "action": greeting}
		}},
		{tool: "apply_flow_operation", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"], "type": "LOCK_AND_PUBLISH"}
		}},
		{tool: "trigger_flow_sync", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"], "payload": map[string]any{"name": "Ada"}}
		}},
		{tool: "trigger_flow", keep: "runId", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"], "payload": map[string]any{"name": "Bob"}}
		}},
		{tool: "wait_for_run", args: func(ids map[string]string) map[string]any {
			return map[string]any{"runId": ids["trigger_flow"], "timeoutSeconds": 30}
		}},
		{tool: "get_run", args: func(ids map[string]string) map[string]any {
			return map[string]any{"runId": ids["trigger_flow"], "detail": "full"}
		}},
		{tool: "list_runs", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"]}
		}},
		{tool: "delete_flow", args: func(ids map[string]string) map[string]any {
			return map[string]any{"flowId": ids["create_flow"]}
		}},
	}
	ids := map[string]string{}
	for i, st := range steps {
		out, err := c.CallTool(st.tool, st.args(ids))
		if err != nil {
			return i, fmt.Errorf("journey step %d: %w", i+1, err)
		}
		if st.keep != "" {
			id, _ := out[st.keep].(string)
			if id == "" {
				return i + 1, fmt.Errorf("journey step %d: %s returned no %s: %v", i+1, st.tool, st.keep, out)
			}
			ids[st.tool] = id
		}
		if st.tool == "trigger_flow_sync" {
			body, _ := out["body"].(map[string]any)
			if body["greeting"] != "hello Ada" {
				return i + 1, fmt.Errorf("journey step %d: trigger_flow_sync answered %v, want the body {\"greeting\":\"hello Ada\"}", i+1, out)
			}
		}
	}
	return len(steps), nil
}

func none(map[string]string) map[string]any { return map[string]any{} }

// greeting is a Return Response step that answers with the caller's name.
var greeting = map[string]any{
	"name": "reply", "type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
	"input": map[string]any{"responseType": "json", "fields": map[string]any{
		"status": 200,
		"body":   map[string]any{"greeting": "hello {{trigger.body.name}}"},
	}},
}
