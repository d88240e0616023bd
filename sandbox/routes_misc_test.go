package sandbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// TestMcpServers covers create, get, list, rotate, update and delete on both layouts:
// tokens are ids (21 letters and digits, as Activepieces mints them with apId;
// the sandbox used to mint 72-character tokens), tools is always a list, and
// create answers 201 under Activepieces' layout but 200 under the gateway's.
func TestMcpServers(t *testing.T) {
	_, srv := testEngine(t)
	projectID := defaultProject(t, srv)
	shape := func(t *testing.T, what string, a answer) workflows.McpServer {
		t.Helper()
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(a.Body, &raw); err != nil || string(raw["tools"]) != "[]" {
			t.Fatalf("%s: tools %q (%v), want []", what, raw["tools"], err)
		}
		m := decode[workflows.McpServer](t, a)
		if !store.ValidID(m.ID) || !store.ValidID(m.Token) || m.ProjectID != projectID {
			t.Fatalf("%s: %+v, want an id, a 21-character token and the project", what, m)
		}
		return m
	}
	for _, l := range []struct {
		base          string
		createdStatus int
	}{{gw, 200}, {ap, 201}} {
		t.Run(l.base, func(t *testing.T) {
			base := l.base
			call(t, srv, "GET", base+"/v1/mcp-servers", nil).expectError(t, 400, "FST_ERR_VALIDATION", "querystring/projectId is required: must be string")
			created := shape(t, "created", call(t, srv, "POST", base+"/v1/mcp-servers", map[string]any{"projectId": projectID, "name": "Agents"}).expect(t, l.createdStatus))
			if created.Name != "Agents" {
				t.Fatalf("created %+v", created)
			}
			list := decode[workflows.SeekPage[json.RawMessage]](t, call(t, srv, "GET", base+"/v1/mcp-servers?limit=-1&projectId="+projectID, nil).expect(t, 200))
			found := false
			for _, raw := range list.Data {
				m := shape(t, "listed", answer{Body: raw})
				found = found || (m.ID == created.ID && m.Token == created.Token)
			}
			if !found {
				t.Fatalf("the list lacks %s", created.ID)
			}
			rotated := shape(t, "rotated", call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID+"/rotate", nil).expect(t, 200))
			if rotated.Token == created.Token || rotated.ID != created.ID {
				t.Fatalf("rotate kept the token or changed the server")
			}
			if got := shape(t, "got", call(t, srv, "GET", base+"/v1/mcp-servers/"+created.ID, nil).expect(t, 200)); got.Token != rotated.Token {
				t.Fatal("the rotated token was not stored")
			}
			renamed := shape(t, "renamed", call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID, map[string]any{"name": "Agents 2"}).expect(t, 200))
			if renamed.Name != "Agents 2" || renamed.Token != rotated.Token {
				t.Fatalf("renamed %+v: want the new name and the same token", renamed)
			}
			retokened := shape(t, "given a token", call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID, map[string]any{"token": created.Token}).expect(t, 200))
			if retokened.Token != created.Token || retokened.Name != "Agents 2" {
				t.Fatalf("given a token %+v: want that token and the name kept", retokened)
			}
			call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID, map[string]any{"name": 7}).expectError(t, 400, "FST_ERR_VALIDATION", "body/name must be string")
			call(t, srv, "DELETE", base+"/v1/mcp-servers/"+created.ID, nil).expect(t, 204)
			call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID, map[string]any{"name": "x"}).expectError(t, 404, "ENTITY_NOT_FOUND", "")
			call(t, srv, "POST", base+"/v1/mcp-servers/"+created.ID+"/rotate", nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
			call(t, srv, "POST", base+"/v1/mcp-servers", map[string]any{"projectId": 5}).expectError(t, 400, "FST_ERR_VALIDATION", "body/projectId must be string")
		})
	}
}

func TestInvitations(t *testing.T) {
	_, srv := testEngine(t)
	projectID := defaultProject(t, srv)
	call(t, srv, "GET", gw+"/v1/user-invitations", nil).expectError(t, 400, "FST_ERR_VALIDATION", "querystring/type is required: must be PLATFORM or PROJECT")
	call(t, srv, "GET", gw+"/v1/user-invitations?type=TEAM", nil).expectError(t, 400, "FST_ERR_VALIDATION", "")
	inv := decode[workflows.UserInvitation](t, call(t, srv, "POST", gw+"/v1/user-invitations",
		map[string]any{"email": "ada@example.com", "type": "PROJECT", "projectId": projectID}).expect(t, 201))
	if inv.Status != workflows.InvitePending || inv.ProjectID == nil || *inv.ProjectID != projectID {
		t.Fatalf("invitation %+v", inv)
	}
	call(t, srv, "POST", gw+"/v1/user-invitations", map[string]any{"email": "bob@example.com", "type": "PLATFORM"}).expect(t, 201)
	call(t, srv, "POST", gw+"/v1/user-invitations", map[string]any{"email": "not an email", "type": "PLATFORM"}).expectError(t, 400,
		"FST_ERR_VALIDATION", `body/email must match format "email"`)
	projectInvites := decode[workflows.SeekPage[workflows.UserInvitation]](t, call(t, srv, "GET", gw+"/v1/user-invitations?type=PROJECT", nil).expect(t, 200))
	if len(projectInvites.Data) != 1 || projectInvites.Data[0].Email != "ada@example.com" {
		t.Fatalf("project invitations %+v", projectInvites.Data)
	}
	accepted := decode[workflows.SeekPage[workflows.UserInvitation]](t, call(t, srv, "GET", gw+"/v1/user-invitations?type=PROJECT&status=ACCEPTED", nil).expect(t, 200))
	if len(accepted.Data) != 0 {
		t.Fatalf("accepted invitations %+v", accepted.Data)
	}
	call(t, srv, "DELETE", gw+"/v1/user-invitations/"+inv.ID, nil).expect(t, 204)
	call(t, srv, "DELETE", gw+"/v1/user-invitations/"+inv.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}

func TestPieces(t *testing.T) {
	_, srv := testEngine(t)
	all := decode[[]workflows.PieceSummary](t, call(t, srv, "GET", gw+"/v1/pieces?searchQuery=&categories=CORE", nil).expect(t, 200))
	if len(all) == 0 {
		t.Fatal("no pieces listed")
	}
	webhook := decode[[]workflows.PieceSummary](t, call(t, srv, "GET", gw+"/v1/pieces?searchQuery=webhook", nil).expect(t, 200))
	if len(webhook) != 1 || webhook[0].Name != workflows.WebhookPieceName {
		t.Fatalf("search for webhook found %+v", webhook)
	}

	for _, path := range []string{"/v1/pieces/@activepieces/piece-webhook", "/v1/pieces/%40activepieces%2Fpiece-webhook"} {
		p := decode[workflows.Piece](t, call(t, srv, "GET", ap+path+"?version="+store.SeededWebhookVersion, nil).expect(t, 200))
		if p.Name != workflows.WebhookPieceName || p.Version != store.SeededWebhookVersion {
			t.Fatalf("%s gave %s@%s", path, p.Name, p.Version)
		}
		if _, ok := p.Actions["return_response"]; !ok {
			t.Fatalf("the webhook piece lacks return_response: %v", p.Actions)
		}
	}
	call(t, srv, "GET", ap+"/v1/pieces/@activepieces/piece-nope", nil).expect(t, 404)
	call(t, srv, "GET", ap+"/v1/pieces/activepieces/piece-webhook", nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}

func TestTriggerRunStatusAndTestTrigger(t *testing.T) {
	_, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, nil)))
	flowID := echoFlowID(t, srv)
	empty := call(t, srv, "POST", gw+"/v1/test-trigger", map[string]any{"flowId": flowID, "testStrategy": "SIMULATION"}).expect(t, 200)
	if string(empty.Body) != "[]" {
		t.Fatalf("test-trigger before any call answered %s, want []", empty.Body)
	}
	call(t, srv, "POST", gw+"/v1/webhooks/"+flowID, `{"sample":1}`).expect(t, 200)
	waitForRun(t, srv, flowID)

	status := decode[workflows.TriggerRunStatus](t, call(t, srv, "GET", gw+"/v1/trigger-runs/status", nil).expect(t, 200))
	stats, ok := status.Pieces[workflows.WebhookPieceName]
	today := time.Now().UTC().Format("2006-01-02")
	if !ok || stats.TotalRuns == nil || *stats.TotalRuns != 1 || stats.DailyStats[today].Success != 1 || stats.DailyStats[today].Failure != 0 {
		t.Fatalf("trigger run status %+v", status)
	}

	events := decode[[]triggerEvent](t, call(t, srv, "POST", gw+"/v1/test-trigger", map[string]any{"flowId": flowID, "pieceName": workflows.WebhookPieceName}).expect(t, 200))
	if len(events) != 1 || events[0].SourceName != workflows.WebhookPieceName+"/catch_webhook" {
		t.Fatalf("test-trigger events %+v", events)
	}
	var payload engine.TriggerInput
	if err := json.Unmarshal(events[0].Payload, &payload); err != nil || !strings.Contains(string(events[0].Payload), `"sample":1`) {
		t.Fatalf("event payload %s: %v", events[0].Payload, err)
	}
	// A call to the /test webhook is kept as a sample and runs nothing.
	a := call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"/test", `{"fromTest":true}`).expect(t, 200)
	if string(a.Body) != "{}" || !store.ValidID(a.Header.Get("x-webhook-id")) {
		t.Fatalf("/test answered %s", a.Body)
	}
	events = decode[[]triggerEvent](t, call(t, srv, "POST", gw+"/v1/test-trigger", map[string]any{"flowId": flowID}).expect(t, 200))
	if len(events) != 2 || !strings.Contains(string(events[0].Payload), `"fromTest":true`) || !strings.Contains(string(events[1].Payload), `"sample":1`) {
		t.Fatalf("test-trigger after a /test call: %+v", events)
	}
	runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs", nil).expect(t, 200))
	if len(runs.Data) != 1 {
		t.Fatalf("the /test call started a run: %d runs", len(runs.Data))
	}
	call(t, srv, "POST", gw+"/v1/webhooks/"+missingID+"/test", `{}`).expectWebhookAnswer(t, 410)

	bad := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"no flow", map[string]any{"testStrategy": "SIMULATION"}, 400, "FST_ERR_VALIDATION", "body/flowId is required: must be string"},
		{"bad strategy", map[string]any{"flowId": flowID, "testStrategy": "GUESS"}, 400, "FST_ERR_VALIDATION",
			"body/testStrategy must be equal to one of the allowed values: SIMULATION, TEST_FUNCTION"},
		{"missing flow", map[string]any{"flowId": missingID}, 404, "ENTITY_NOT_FOUND", ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "POST", gw+"/v1/test-trigger", tc.body).expectError(t, tc.status, tc.code, tc.msg)
		})
	}
}

func TestListRunsFilters(t *testing.T) {
	_, srv := testEngine(t, withRunner(func(ctx context.Context, env engine.ExecEnv, v *workflows.FlowVersion, in engine.TriggerInput) engine.RunResult {
		status := workflows.RunSucceeded
		if body, _ := in.Body.(map[string]any); body["fail"] == true {
			status = workflows.RunFailed
		}
		return fakeRun(status, nil)(ctx, env, v, in)
	}))
	echo := echoFlowID(t, srv)
	call(t, srv, "POST", gw+"/v1/webhooks/"+echo+"/sync", `{"fail":false}`).expect(t, 408)
	call(t, srv, "POST", gw+"/v1/webhooks/"+echo+"/sync", `{"fail":true}`).expect(t, 500)
	runs := decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs", nil).expect(t, 200))
	if len(runs.Data) != 2 || runs.Data[0].Status != workflows.RunFailed || runs.Data[1].Status != workflows.RunSucceeded {
		t.Fatalf("runs (newest first) %+v", runs.Data)
	}
	if runs.Data[0].Steps != nil || runs.Data[0].FailedStep == nil {
		t.Fatalf("listed run carries steps or lacks its failed step: %+v", runs.Data[0])
	}
	full := decode[workflows.FlowRun](t, call(t, srv, "GET", gw+"/v1/flow-runs/"+runs.Data[0].ID, nil).expect(t, 200))
	if _, ok := full.Steps["trigger"]; !ok {
		t.Fatalf("get run lacks steps: %+v", full)
	}
	count := func(query string) int {
		return len(decode[workflows.SeekPage[workflows.FlowRun]](t, call(t, srv, "GET", gw+"/v1/flow-runs?"+query, nil).expect(t, 200)).Data)
	}
	past, future := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	cases := []struct {
		query string
		want  int
	}{
		{"status=FAILED", 1},
		{"status=FAILED&status=SUCCEEDED", 2},
		{"flowId=" + echo, 2},
		{"flowId=" + missingID + "&flowId=" + echo, 2},
		{"flowId=" + missingID, 0},
		{"createdAfter=" + past, 2},
		{"createdAfter=" + future, 0},
		{"createdBefore=" + past, 0},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			if got := count(tc.query); got != tc.want {
				t.Fatalf("%d runs, want %d", got, tc.want)
			}
		})
	}
	call(t, srv, "GET", gw+"/v1/flow-runs?createdAfter=yesterday", nil).expectError(t, 400, "FST_ERR_VALIDATION", "")
	call(t, srv, "GET", gw+"/v1/flow-runs?status=DONE", nil).expectError(t, 400, "FST_ERR_VALIDATION", "")
}

func TestProjects(t *testing.T) {
	_, srv := testEngine(t)
	id := defaultProject(t, srv)
	p := decode[store.Project](t, call(t, srv, "GET", ap+"/v1/projects/"+id, nil).expect(t, 200))
	if p.DisplayName == "" || p.PlatformID != store.PlatformID {
		t.Fatalf("project %+v", p)
	}
}
