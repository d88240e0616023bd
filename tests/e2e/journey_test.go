package e2e

import (
	"slices"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// transportCase connects a client to a fresh bridge over one transport.
type transportCase struct {
	name    string
	connect func(t *testing.T, era string) *mcpclient.Client
}

var transportCases = []transportCase{
	{name: "stdio", connect: func(t *testing.T, era string) *mcpclient.Client {
		tr, _ := stdioTransport(t, hermeticEnv(t))
		return connect(t, tr, era)
	}},
	{name: "sse", connect: func(t *testing.T, era string) *mcpclient.Client {
		s := startServer(t, hermeticEnv(t), "--transport", "sse")
		return connect(t, sseTransport(t, s.URL, ""), era)
	}},
	{name: "http", connect: func(t *testing.T, era string) *mcpclient.Client {
		s := startServer(t, hermeticEnv(t), "--transport", "http")
		return connect(t, httpTransport(t, s.URL, ""), era)
	}},
	{name: "http-stateless", connect: func(t *testing.T, era string) *mcpclient.Client {
		s := startServer(t, hermeticEnv(t), "--transport", "http", "--stateless")
		return connect(t, httpTransport(t, s.URL, ""), era)
	}},
}

// TestAgentJourney drives the whole agent loop through tools, over every transport
// in both protocol eras.
func TestAgentJourney(t *testing.T) {
	for _, tc := range transportCases {
		for _, era := range []string{legacyEra, modernEra} {
			t.Run(tc.name+"/"+era, func(t *testing.T) {
				t.Parallel()
				c := tc.connect(t, era)
				checkToolList(t, c)
				agentJourney(t, c)
			})
		}
	}
}

// checkToolList checks tools/list against the registry: same names, sorted.
func checkToolList(t *testing.T, c *mcpclient.Client) {
	t.Helper()
	listed, err := c.ListTools(testContext(t), mcp.ListToolsRequest{})
	if err != nil {
		t.Fatalf("tools/list: %v", err)
	}
	defs, err := tools.Definitions(tools.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, tool := range listed.Tools {
		got = append(got, tool.Name)
	}
	for _, d := range defs {
		want = append(want, d.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("tools/list names\n got %v\nwant %v", got, want)
	}
	if !slices.IsSorted(got) {
		t.Errorf("tools/list is not sorted: %v", got)
	}
}

func agentJourney(t *testing.T, c *mcpclient.Client) {
	folder := call(t, c, "create_folder", map[string]any{"displayName": "E2E journey"})
	folderID := str(folder, "id")
	if folderID == "" || str(folder, "displayName") != "E2E journey" {
		t.Fatalf("create_folder = %v", folder)
	}

	flow := call(t, c, "create_flow", map[string]any{"displayName": "Greeter", "folderId": folderID})
	flowID := str(flow, "id")
	if flowID == "" || str(flow, "status") != "DISABLED" || str(flow, "folderId") != folderID {
		t.Fatalf("create_flow = %v", flow)
	}

	flow = call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "UPDATE_TRIGGER", "trigger": map[string]any{}})
	if str(flow, "trigger.triggerName") != "catch_webhook" || str(flow, "trigger.pieceName") != "@activepieces/piece-webhook" {
		t.Fatalf("UPDATE_TRIGGER gave trigger %v", at(flow, "trigger"))
	}

	flow = call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "ADD_ACTION", "parentStep": "trigger",
		"action": returnResponseAction("reply")})
	if steps, _ := flow["steps"].([]any); len(steps) != 1 {
		t.Fatalf("ADD_ACTION gave steps %v", flow["steps"])
	}

	flow = call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "LOCK_AND_PUBLISH"})
	if str(flow, "status") != "ENABLED" || str(flow, "publishedVersionId") == "" {
		t.Fatalf("LOCK_AND_PUBLISH = %v", flow)
	}

	resp := call(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Ada", "n": 3}})
	if at(resp, "status") != float64(201) || str(resp, "body.greeting") != "hello Ada" || at(resp, "body.n") != float64(3) ||
		str(resp, "headers.x-e2e") != "yes" {
		t.Fatalf("trigger_flow_sync = %v, want status 201 and the templated body", resp)
	}

	started := call(t, c, "trigger_flow", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Bob"}})
	runID := str(started, "runId")
	if runID == "" {
		t.Fatalf("trigger_flow gave no runId: %v", started)
	}

	runs := call(t, c, "list_runs", map[string]any{"flowId": flowID})
	list, _ := runs["runs"].([]any)
	var ids []string
	for _, r := range list {
		ids = append(ids, str(r.(map[string]any), "id"))
	}
	if len(ids) != 2 || !slices.Contains(ids, runID) {
		t.Fatalf("list_runs ids = %v, want the sync run and %s", ids, runID)
	}

	call(t, c, "wait_for_run", map[string]any{"runId": runID, "timeoutSeconds": 30})
	run := call(t, c, "get_run", map[string]any{"runId": runID, "detail": "full"})
	if str(run, "status") != "SUCCEEDED" || str(run, "flowId") != flowID {
		t.Fatalf("get_run = %v", run)
	}
	if !strings.Contains(marshal(t, run), "hello Bob") {
		t.Errorf("get_run detail=full does not show the reply step's templated output: %s", marshal(t, run))
	}

	flow = call(t, c, "apply_flow_operation", map[string]any{"flowId": flowID, "type": "CHANGE_STATUS", "status": "DISABLED"})
	if str(flow, "status") != "DISABLED" {
		t.Fatalf("CHANGE_STATUS DISABLED = %v", flow)
	}
	if msg := callError(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID}); !strings.Contains(msg, "LOCK_AND_PUBLISH") {
		t.Errorf("triggering a disabled flow: %q, want a hint to publish", msg)
	}

	deleted := call(t, c, "delete_flow", map[string]any{"flowId": flowID})
	if deleted["deleted"] != true {
		t.Fatalf("delete_flow = %v", deleted)
	}
	if msg := callError(t, c, "get_flow", map[string]any{"flowId": flowID}); !strings.Contains(msg, "404") || !strings.Contains(msg, "list_flows") {
		t.Errorf("get_flow after delete: %q, want a 404 that points to list_flows", msg)
	}
}

// returnResponseAction answers the webhook with the payload templated into the body.
func returnResponseAction(name string) map[string]any {
	return map[string]any{
		"name": name, "type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
		"input": map[string]any{"responseType": "json", "fields": map[string]any{
			"status":  201,
			"headers": map[string]any{"x-e2e": "yes"},
			"body":    map[string]any{"greeting": "hello {{trigger.body.name}}", "n": "{{trigger.body.n}}"},
		}},
	}
}
