package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// methodCase is one SDK operation: how to call it, the request it must send
// (path relative to the engine base) and a realistic answer to decode.
type methodCase struct {
	name    string
	call    func(ctx context.Context, c *Client) (any, error)
	method  string
	path    string
	query   string // exactly as on the wire
	body    string // JSON the request must carry; empty for no body
	channel bool   // sent to the channel service, not the engine
	webhook bool   // a public webhook: no credential on Activepieces, where the run would record it
	reply   http.HandlerFunc
	check   func(t *testing.T, got any)
}

// authMode is one backend and credential combination with the headers it must send.
type authMode struct {
	name    string
	config  func(url string) Config
	base    string            // engine base path under the server
	want    map[string]string // headers that must be present, with their values
	without []string          // headers that must be absent
}

const testJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlX29mX3Rlc3Q"

var authModes = []authMode{
	{name: "imbrace api key", base: "/activepieces",
		config: func(u string) Config {
			return Config{GatewayURL: u, APIKey: "api_key_aaaa1111", OrganizationID: "org_1", Version: "1.2.3"}
		},
		want:    map[string]string{"X-Api-Key": "api_key_aaaa1111", "X-Organization-Id": "org_1"},
		without: []string{"Authorization", "X-Access-Token"}},
	{name: "imbrace api key without organization", base: "/activepieces",
		config: func(u string) Config {
			return Config{Layout: LayoutGateway, GatewayURL: u, APIKey: "sk-key-bbbb2222", Version: "1.2.3"}
		},
		want:    map[string]string{"X-Api-Key": "sk-key-bbbb2222"},
		without: []string{"Authorization", "X-Access-Token", "X-Organization-Id"}},
	{name: "imbrace JWT with organization", base: "/activepieces",
		config: func(u string) Config {
			return Config{GatewayURL: u, AccessToken: testJWT, OrganizationID: "org_1", Version: "1.2.3"}
		},
		want:    map[string]string{"Authorization": "Bearer " + testJWT, "X-Organization-Id": "org_1"},
		without: []string{"X-Api-Key", "X-Access-Token"}},
	{name: "imbrace JWT without organization", base: "/activepieces",
		config:  func(u string) Config { return Config{GatewayURL: u, AccessToken: testJWT, Version: "1.2.3"} },
		want:    map[string]string{"X-Access-Token": testJWT},
		without: []string{"Authorization", "X-Api-Key", "X-Organization-Id"}},
	{name: "imbrace opaque token with organization", base: "/activepieces",
		config: func(u string) Config {
			return Config{GatewayURL: u, AccessToken: "login_acc_cccc3333", OrganizationID: "org_1", Version: "1.2.3"}
		},
		want:    map[string]string{"X-Access-Token": "login_acc_cccc3333", "X-Organization-Id": "org_1"},
		without: []string{"Authorization", "X-Api-Key"}},
	{name: "imbrace key and token: the key wins", base: "/activepieces",
		config: func(u string) Config {
			return Config{GatewayURL: u, APIKey: "api_key_aaaa1111", AccessToken: testJWT, OrganizationID: "org_1", Version: "1.2.3"}
		},
		want:    map[string]string{"X-Api-Key": "api_key_aaaa1111", "X-Organization-Id": "org_1"},
		without: []string{"Authorization", "X-Access-Token"}},
	{name: "activepieces", base: "/api",
		config: func(u string) Config {
			return Config{Layout: LayoutActivepieces, ActivepiecesURL: u + "/api", ActivepiecesAPIKey: "sk-ap-dddd4444", OrganizationID: "org_1", Version: "1.2.3"}
		},
		want:    map[string]string{"Authorization": "Bearer sk-ap-dddd4444"},
		without: []string{"X-Api-Key", "X-Access-Token", "X-Organization-Id"}},
}

func TestEveryMethodSendsTheRightRequest(t *testing.T) {
	for _, mode := range authModes {
		for _, mc := range append(methodCases(), tableWriteCases()...) {
			t.Run(mode.name+"/"+mc.name, func(t *testing.T) {
				e := newEngine(t, mc.reply)
				c := mustNew(t, fastRetries(mode.config(e.srv.URL)))
				got, err := mc.call(context.Background(), c)
				if mc.channel && c.Layout() == LayoutActivepieces {
					if !errors.Is(err, ErrNotOnBackend) || e.count() != 0 {
						t.Fatalf("on activepieces: err %v after %d requests, want ErrNotOnBackend and none", err, e.count())
					}
					return
				}
				if err != nil {
					t.Fatalf("call: %v", err)
				}
				r := e.only()
				wantPath := mode.base + mc.path
				if mc.channel {
					wantPath = "/channel-service" + mc.path
				}
				if r.Method != mc.method || r.Path != wantPath || r.RawQuery != mc.query {
					t.Errorf("request %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, mc.method, wantPath, mc.query)
				}
				for k, v := range mode.want {
					if mc.webhook && c.Layout() == LayoutActivepieces {
						v = "" // Activepieces webhooks are public: the key would end up in the run
					}
					if got := r.Header.Get(k); got != v {
						t.Errorf("header %s = %q, want %q", k, got, v)
					}
				}
				if mc.webhook && len(r.Header.Get(CallMarkHeader)) != 32 {
					t.Errorf("webhook call without its mark: %s = %q", CallMarkHeader, r.Header.Get(CallMarkHeader))
				}
				for _, k := range mode.without {
					if vs := r.Header.Values(k); len(vs) > 0 {
						t.Errorf("header %s = %q, want none", k, vs)
					}
				}
				if ua := r.Header.Get("User-Agent"); ua != "mcp-bridge/1.2.3" {
					t.Errorf("User-Agent = %q, want mcp-bridge/1.2.3", ua)
				}
				if mc.body == "" {
					if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
						t.Errorf("request has body %q (Content-Type %q), want none", r.Body, r.Header.Get("Content-Type"))
					}
				} else {
					if ct := r.Header.Get("Content-Type"); ct != "application/json" {
						t.Errorf("Content-Type = %q, want application/json", ct)
					}
					jsontest.Same(t, "request body", []byte(mc.body), r.Body)
				}
				if mc.check != nil {
					mc.check(t, got)
				}
			})
		}
	}
}

func methodCases() []methodCase {
	ok := func(body string) http.HandlerFunc { return answer(http.StatusOK, body) }
	return []methodCase{
		{name: "ListChannelAutomation", channel: true, method: "GET", path: "/v1/workflows/channel_automation", query: "channelType=whatsapp",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListChannelAutomation(ctx, "whatsapp") },
			reply: ok(`{"data": [` + channelAutomationJSON + `]}`),
			check: func(t *testing.T, got any) {
				list := got.([]workflows.ChannelAutomation)
				if len(list) != 1 || list[0].ID != "ca_01" || list[0].Name != nil || list[0].Active == nil || !*list[0].Active || list[0].Tags[0].Name != "vip" {
					t.Errorf("decoded %+v", list)
				}
				roundTrips(t, "channel automation", []byte(channelAutomationJSON), list[0])
			}},
		{name: "ListFlowSummaries", method: "GET", path: "/v1/flows", query: "limit=20&projectId=p1",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListFlowSummaries(ctx, ListFlowsParams{ProjectID: "p1", Page: Page{Limit: 20}})
			},
			reply: ok(page("", populatedFlowJSON)),
			check: func(t *testing.T, got any) {
				p := got.(*workflows.SeekPage[workflows.FlowSummary])
				if len(p.Data) != 1 {
					t.Fatalf("page %+v", p)
				}
				f := p.Data[0]
				if f.ID != "9ZsVnO0o3fKq8dJxYtR2a" || f.Status != workflows.FlowEnabled || f.FolderID != nil ||
					*f.PublishedVersionID != "vEr51onLkD8sQ3mZpT6yW" || f.Version.DisplayName != "Order intake" || !f.Version.Valid {
					t.Errorf("summary %+v, version %+v", f, f.Version)
				}
			}},
		{name: "ListFlows", method: "GET", path: "/v1/flows",
			query: "cursor=c1&folderId=NULL&limit=5&name=order&projectId=p1&status=ENABLED&status=DISABLED",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListFlows(ctx, ListFlowsParams{ProjectID: "p1", FolderID: "NULL", Status: []workflows.FlowStatus{workflows.FlowEnabled, workflows.FlowDisabled},
					Name: "order", Page: Page{Limit: 5, Cursor: "c1"}})
			},
			reply: ok(page("nExTcUrSoR", populatedFlowJSON)),
			check: func(t *testing.T, got any) {
				p := got.(*workflows.SeekPage[workflows.Flow])
				if len(p.Data) != 1 || p.Next == nil || *p.Next != "nExTcUrSoR" || p.Previous != nil {
					t.Fatalf("page %+v", p)
				}
				roundTrips(t, "listed flow", []byte(populatedFlowJSON), p.Data[0])
			}},
		{name: "GetFlow escapes the id", method: "GET", path: "/v1/flows/id%2Fwith%20space", query: "versionId=v1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetFlow(ctx, "id/with space", "v1") },
			reply: ok(populatedFlowJSON),
			check: func(t *testing.T, got any) {
				f := got.(*workflows.Flow)
				if f.ID != "9ZsVnO0o3fKq8dJxYtR2a" || f.Status != workflows.FlowEnabled || f.Version == nil || f.Version.DisplayName != "Order intake" {
					t.Errorf("decoded %+v", f)
				}
				roundTrips(t, "flow", []byte(populatedFlowJSON), f)
			}},
		{name: "CreateFlow", method: "POST", path: "/v1/flows",
			body: `{"displayName": "Order intake", "projectId": "p1", "folderName": "Sales", "metadata": {"source": "mcp"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateFlow(ctx, CreateFlowRequest{DisplayName: "Order intake", ProjectID: "p1", FolderName: "Sales", Metadata: json.RawMessage(`{"source":"mcp"}`)})
			},
			reply: answer(http.StatusCreated, populatedFlowJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "created flow", []byte(populatedFlowJSON), got) }},
		{name: "DeleteFlow", method: "DELETE", path: "/v1/flows/f1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteFlow(ctx, "f1") },
			reply: answer(http.StatusNoContent, "")},
		{name: "ApplyFlowOperation", method: "POST", path: "/v1/flows/f1",
			body: `{"type": "CHANGE_NAME", "request": {"displayName": "Renamed"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ApplyFlowOperation(ctx, "f1", workflows.ChangeName("Renamed"))
			},
			reply: ok(populatedFlowJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "flow after operation", []byte(populatedFlowJSON), got) }},
		{name: "TriggerFlow", method: "POST", path: "/v1/webhooks/f1", body: `{"order": {"total": 120}}`, webhook: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TriggerFlow(ctx, "f1", json.RawMessage(`{"order": {"total": 120}}`))
			},
			reply: answer(http.StatusOK, `{}`, "x-webhook-id", "wHk0000000000000000a1"),
			check: func(t *testing.T, got any) {
				if id := got.(*TriggerResult).WebhookID; id != "wHk0000000000000000a1" {
					t.Errorf("WebhookID = %q", id)
				}
			}},
		{name: "TriggerFlowSync", method: "POST", path: "/v1/webhooks/f1/sync", body: `{}`, webhook: true,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.TriggerFlowSync(ctx, "f1", nil) },
			reply: ok(`{"ok": true}`),
			check: func(t *testing.T, got any) {
				r := got.(*SyncResult)
				if r.Outcome != SyncResponded || r.Status != 200 || string(r.JSON) != `{"ok": true}` {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "ListRuns", method: "GET", path: "/v1/flow-runs",
			query: "createdAfter=2025-03-01T00%3A00%3A00Z&createdBefore=2025-03-31T00%3A00%3A00Z&flowId=f1&flowId=f2&limit=2&projectId=p1&status=FAILED&status=TIMEOUT&tags=batch%3A7",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListRuns(ctx, ListRunsParams{ProjectID: "p1", FlowID: []string{"f1", "f2"}, Status: []workflows.RunStatus{workflows.RunFailed, workflows.RunTimeout},
					Tags: []string{"batch:7"}, CreatedAfter: "2025-03-01T00:00:00Z", CreatedBefore: "2025-03-31T00:00:00Z", Page: Page{Limit: 2}})
			},
			reply: ok(page("", flowRunJSON)),
			check: func(t *testing.T, got any) {
				p := got.(*workflows.SeekPage[workflows.FlowRun])
				if len(p.Data) != 1 || p.Next != nil {
					t.Fatalf("page %+v", p)
				}
				roundTrips(t, "listed run", []byte(flowRunJSON), p.Data[0])
			}},
		{name: "GetRun", method: "GET", path: "/v1/flow-runs/r1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetRun(ctx, "r1") },
			reply: ok(flowRunJSON),
			check: func(t *testing.T, got any) {
				r := got.(*workflows.FlowRun)
				if r.Status != workflows.RunFailed || !r.Status.Terminal() || r.FailedStep == nil || r.FailedStep.Message != "channel_not_found" ||
					r.Steps["step_1"].Status != "FAILED" || r.ParentRunID != nil || r.StepsCount == nil || *r.StepsCount != 2 {
					t.Errorf("decoded %+v", r)
				}
				jsontest.Same(t, "trigger output", []byte(`{"method": "POST", "headers": {"content-type": "application/json"}, "body": {"order": {"total": 120}}, "queryParams": {}}`), r.Steps["trigger"].Output)
				roundTrips(t, "run", []byte(flowRunJSON), r)
			}},
		{name: "ListFolders", method: "GET", path: "/v1/folders", query: "limit=3&projectId=p1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListFolders(ctx, "p1", Page{Limit: 3}) },
			reply: ok(page("", folderJSON)),
			check: func(t *testing.T, got any) {
				f := got.(*workflows.SeekPage[workflows.Folder]).Data[0]
				if f.NumberOfFlows == nil || *f.NumberOfFlows != 3 || f.ExternalID != nil {
					t.Errorf("decoded %+v", f)
				}
				roundTrips(t, "folder", []byte(folderJSON), f)
			}},
		{name: "GetFolder", method: "GET", path: "/v1/folders/fo1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetFolder(ctx, "fo1") },
			reply: ok(folderJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "folder", []byte(folderJSON), got) }},
		{name: "CreateFolder", method: "POST", path: "/v1/folders", body: `{"displayName": "Sales", "projectId": "p1"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateFolder(ctx, CreateFolderRequest{DisplayName: "Sales", ProjectID: "p1"})
			},
			reply: ok(folderJSON),
			check: func(t *testing.T, got any) {
				if got.(*workflows.Folder).DisplayName != "Sales" {
					t.Errorf("decoded %+v", got)
				}
			}},
		{name: "UpdateFolder is a POST", method: "POST", path: "/v1/folders/fo1", body: `{"displayName": "Ops"}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.UpdateFolder(ctx, "fo1", "Ops") },
			reply: ok(folderJSON)},
		{name: "DeleteFolder", method: "DELETE", path: "/v1/folders/fo1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteFolder(ctx, "fo1") },
			reply: answer(http.StatusOK, "")},
		{name: "ListConnections", method: "GET", path: "/v1/app-connections",
			query: "displayName=Slack&limit=10&pieceName=%40activepieces%2Fpiece-slack&projectId=p1&scope=PROJECT&status=ACTIVE&status=ERROR",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListConnections(ctx, ListConnectionsParams{ProjectID: "p1", PieceName: "@activepieces/piece-slack", DisplayName: "Slack",
					Status: []workflows.ConnectionStatus{workflows.ConnActive, workflows.ConnError}, Scope: workflows.ScopeProject, Page: Page{Limit: 10}})
			},
			reply: ok(page("", connectionJSON)),
			check: func(t *testing.T, got any) {
				conn := got.(*workflows.SeekPage[workflows.AppConnection]).Data[0]
				if conn.Type != workflows.ConnOAuth2 || conn.Status != workflows.ConnActive || conn.Scope != workflows.ScopeProject || conn.ProjectIDs[0] != "pRj0ct5kG7hXw2LmQnB4v" {
					t.Errorf("decoded %+v", conn)
				}
				roundTrips(t, "connection", []byte(connectionJSON), conn)
			}},
		{name: "GetConnection", method: "GET", path: "/v1/app-connections/c1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetConnection(ctx, "c1") },
			reply: ok(connectionJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "connection", []byte(connectionJSON), got) }},
		{name: "UpsertConnection", method: "POST", path: "/v1/app-connections",
			body: `{"externalId": "slack-main", "displayName": "Slack (main)", "pieceName": "@activepieces/piece-slack", "projectId": "p1",
				"type": "SECRET_TEXT", "value": {"type": "SECRET_TEXT", "secret_text": "xoxb-123"}, "pieceVersion": "0.9.2"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{ExternalID: "slack-main", DisplayName: "Slack (main)",
					PieceName: "@activepieces/piece-slack", ProjectID: "p1", Type: workflows.ConnSecretText,
					Value: workflows.ConnectionValue{SecretText: "xoxb-123"}, PieceVersion: "0.9.2"})
			},
			reply: answer(http.StatusCreated, connectionJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "connection", []byte(connectionJSON), got) }},
		{name: "DeleteConnection", method: "DELETE", path: "/v1/app-connections/c1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteConnection(ctx, "c1") },
			reply: answer(http.StatusNoContent, "")},
		{name: "ListPieces", method: "GET", path: "/v1/pieces", query: "categories=COMMUNICATION&categories=CORE&limit=20&searchQuery=slack",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListPieces(ctx, ListPiecesParams{SearchQuery: "slack", Categories: []string{"COMMUNICATION", "CORE"}, Limit: 20})
			},
			reply: ok(`[` + pieceSummaryJSON + `]`),
			check: func(t *testing.T, got any) {
				p := got.([]workflows.PieceSummary)[0]
				if p.Actions != 18 || p.Triggers != 7 || p.Version != "0.9.2" {
					t.Errorf("decoded %+v", p)
				}
				roundTrips(t, "piece summary", []byte(pieceSummaryJSON), p)
			}},
		{name: "GetPiece sends a scoped name as two segments", method: "GET", path: "/v1/pieces/@activepieces/piece-webhook", query: "version=~0.1.24",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetPiece(ctx, "@activepieces/piece-webhook", "~0.1.24")
			},
			reply: ok(pieceJSON),
			check: func(t *testing.T, got any) {
				p := got.(*workflows.Piece)
				prop := p.Actions["return_response"].Props["responseType"]
				if !prop.Required || prop.Type != "STATIC_DROPDOWN" || p.Triggers["catch_webhook"].Type != "WEBHOOK" {
					t.Errorf("decoded %+v", p)
				}
				roundTrips(t, "piece", []byte(pieceJSON), p)
			}},
		{name: "GetTriggerRunStatus", method: "GET", path: "/v1/trigger-runs/status",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetTriggerRunStatus(ctx) },
			reply: ok(triggerRunStatusJSON),
			check: func(t *testing.T, got any) {
				s := got.(*workflows.TriggerRunStatus).Pieces["@activepieces/piece-webhook"]
				if s.DailyStats["2025-03-14"].Success != 12 || s.TotalRuns == nil || *s.TotalRuns != 13 {
					t.Errorf("decoded %+v", s)
				}
				roundTrips(t, "trigger run status", []byte(triggerRunStatusJSON), got)
			}},
		{name: "TestTrigger", method: "POST", path: "/v1/test-trigger",
			body: `{"projectId": "p1", "flowId": "f1", "flowVersionId": "v1", "testStrategy": "TEST_FUNCTION"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TestTrigger(ctx, TestTriggerRequest{ProjectID: "p1", FlowID: "f1", FlowVersionID: "v1", TestStrategy: TestTestFunction})
			},
			reply: ok(`[{"id": "sample1", "payload": {"a": 1}}]`),
			check: func(t *testing.T, got any) {
				jsontest.Same(t, "test answer", []byte(`[{"id": "sample1", "payload": {"a": 1}}]`), got.(json.RawMessage))
			}},
		{name: "ListTables", method: "GET", path: "/v1/tables", query: "cursor=c2&projectId=p1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListTables(ctx, "p1", Page{Cursor: "c2"}) },
			reply: ok(page("", tableJSON)),
			check: func(t *testing.T, got any) {
				roundTrips(t, "table", []byte(tableJSON), got.(*workflows.SeekPage[workflows.Table]).Data[0])
			}},
		{name: "GetTable", method: "GET", path: "/v1/tables/t1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetTable(ctx, "t1") },
			reply: ok(tableJSON),
			check: func(t *testing.T, got any) {
				tb := got.(*workflows.Table)
				if len(tb.Fields) != 1 || tb.Fields[0].Type != workflows.FieldText || tb.FolderID != nil {
					t.Errorf("decoded %+v", tb)
				}
				roundTrips(t, "table", []byte(tableJSON), tb)
			}},
		{name: "ListRecords", method: "GET", path: "/v1/records", query: "limit=50&tableId=t1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListRecords(ctx, "t1", Page{Limit: 50}) },
			reply: ok(page("", recordJSON)),
			check: func(t *testing.T, got any) {
				r := got.(*workflows.SeekPage[workflows.Record]).Data[0]
				if r.Cells["fIeLd000000000000001"].Value != "ada@example.com" {
					t.Errorf("decoded %+v", r)
				}
				roundTrips(t, "record", []byte(recordJSON), r)
			}},
		{name: "ListMcpServers", method: "GET", path: "/v1/mcp-servers", query: "projectId=p1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListMcpServers(ctx, "p1", Page{}) },
			reply: ok(page("", mcpServerJSON)),
			check: func(t *testing.T, got any) {
				roundTrips(t, "mcp server", []byte(mcpServerJSON), got.(*workflows.SeekPage[workflows.McpServer]).Data[0])
			}},
		{name: "GetMcpServer", method: "GET", path: "/v1/mcp-servers/m1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.GetMcpServer(ctx, "m1") },
			reply: ok(mcpServerJSON),
			check: func(t *testing.T, got any) {
				if got.(*workflows.McpServer).Token != "mcp_tok_abcdefghijklmnop" {
					t.Errorf("decoded %+v", got)
				}
			}},
		{name: "CreateMcpServer", method: "POST", path: "/v1/mcp-servers", body: `{"projectId": "p1", "name": "agents"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateMcpServer(ctx, CreateMcpServerRequest{ProjectID: "p1", Name: "agents"})
			},
			reply: answer(http.StatusCreated, mcpServerJSON)},
		{name: "DeleteMcpServer", method: "DELETE", path: "/v1/mcp-servers/m1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteMcpServer(ctx, "m1") },
			reply: answer(http.StatusNoContent, "")},
		{name: "RotateMcpToken has no body", method: "POST", path: "/v1/mcp-servers/m1/rotate",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.RotateMcpToken(ctx, "m1") },
			reply: ok(mcpServerJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "mcp server", []byte(mcpServerJSON), got) }},
		{name: "ListInvitations", method: "GET", path: "/v1/user-invitations", query: "projectId=p1&status=PENDING&type=PROJECT",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListInvitations(ctx, ListInvitationsParams{Type: workflows.InviteProject, ProjectID: "p1", Status: workflows.InvitePending})
			},
			reply: ok(page("", invitationJSON)),
			check: func(t *testing.T, got any) {
				inv := got.(*workflows.SeekPage[workflows.UserInvitation]).Data[0]
				if inv.Status != workflows.InvitePending || inv.Type != workflows.InviteProject || inv.PlatformRole != nil {
					t.Errorf("decoded %+v", inv)
				}
				roundTrips(t, "invitation", []byte(invitationJSON), inv)
			}},
		{name: "DeleteInvitation accepts 200", method: "DELETE", path: "/v1/user-invitations/i1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteInvitation(ctx, "i1") },
			reply: answer(http.StatusOK, "")},
		{name: "DeleteInvitation accepts 204", method: "DELETE", path: "/v1/user-invitations/i1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteInvitation(ctx, "i1") },
			reply: answer(http.StatusNoContent, "")},
	}
}
