package sandbox

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestSeededStore(t *testing.T) {
	_, srv := testEngine(t)
	projectID := defaultProject(t, srv)
	if !store.ValidID(projectID) {
		t.Fatalf("project id %q is not a 21-character id", projectID)
	}

	folders := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=50", nil).expect(t, 200))
	var names []string
	for _, f := range folders.Data {
		names = append(names, f.DisplayName)
	}
	if got, want := strings.Join(names, ","), strings.Join(store.SystemFolders, ","); got != want {
		t.Fatalf("folders %s, want %s", got, want)
	}

	flows := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows", nil).expect(t, 200))
	if len(flows.Data) != 1 {
		t.Fatalf("%d flows, want the echo flow", len(flows.Data))
	}
	echo := flows.Data[0]
	switch {
	case echo.Version == nil || echo.Version.DisplayName != EchoFlowName:
		t.Fatalf("seeded flow %+v is not %q", echo.Version, EchoFlowName)
	case echo.Status != workflows.FlowEnabled || echo.PublishedVersionID == nil || *echo.PublishedVersionID != echo.Version.ID:
		t.Fatalf("echo flow is not published and enabled: %+v", echo)
	case echo.Version.State != workflows.VersionLocked:
		t.Fatalf("echo version state %s, want LOCKED", echo.Version.State)
	case echo.ProjectID != projectID:
		t.Fatalf("echo flow in project %s, want %s", echo.ProjectID, projectID)
	}
	trig := echo.Version.Trigger
	if trig.Settings.PieceName != workflows.WebhookPieceName || trig.Settings.TriggerName != "catch_webhook" || trig.Settings.PieceVersion != store.SeededWebhookVersion {
		t.Fatalf("echo trigger settings %+v", trig.Settings)
	}
	step := trig.NextAction
	if trig.Extra["lastUpdatedDate"] == nil || step == nil || step.Extra["lastUpdatedDate"] == nil {
		t.Fatalf("the echo flow's trigger or step lacks lastUpdatedDate: %+v", trig)
	}
	if step == nil || step.Settings.ActionName != "return_response" || step.Settings.Input["respond"] != "stop" {
		t.Fatalf("echo step %+v", step)
	}
	fields, _ := step.Settings.Input["fields"].(map[string]any)
	if fields["body"] != "{{trigger.body}}" || fields["status"] != float64(200) {
		t.Fatalf("echo response fields %v", fields)
	}

	channels := decode[struct{ Data []workflows.ChannelAutomation }](t, call(t, srv, "GET", "/channel-service/v1/workflows/channel_automation", nil).expect(t, 200))
	if len(channels.Data) != 3 {
		t.Fatalf("%d channel automations, want 3", len(channels.Data))
	}
	whatsapp := decode[struct{ Data []workflows.ChannelAutomation }](t, call(t, srv, "GET", "/channel-service/v1/workflows/channel_automation?channelType=whatsapp", nil).expect(t, 200))
	if len(whatsapp.Data) != 1 || whatsapp.Data[0].Name == nil || !strings.Contains(*whatsapp.Data[0].Name, "WhatsApp") {
		t.Fatalf("whatsapp automations %+v", whatsapp.Data)
	}
	none := call(t, srv, "GET", "/channel-service/v1/workflows/channel_automation?channelType=telegram", nil).expect(t, 200)
	if string(none.Body) != `{"data":[]}` {
		t.Fatalf("telegram automations %s, want an empty data list", none.Body)
	}
	// iMBRACE's TypeScript SDK 1.0.3 asks the backend's older path.
	legacy := call(t, srv, "GET", "/v2/backend/workflows/channel_automation?channelType=whatsapp", nil).expect(t, 200)
	if current := call(t, srv, "GET", "/channel-service/v1/workflows/channel_automation?channelType=whatsapp", nil); string(legacy.Body) != string(current.Body) {
		t.Fatalf("the SDK 1.0.3 path answers %s, the channel service %s", legacy.Body, current.Body)
	}
}

func TestAuthentication(t *testing.T) {
	const key = "sk-sandbox-test-key"
	_, srv := testEngine(t, WithAPIKeys(key))
	cases := []struct {
		name    string
		path    string
		headers []string
		status  int
		code    string
	}{
		{"no credentials", gw + "/v1/flows", nil, 401, "AUTHENTICATION"},
		{"wrong key", gw + "/v1/flows", []string{"x-api-key", "sk-wrong"}, 401, "INVALID_API_KEY"},
		{"bearer", ap + "/v1/flows", []string{"Authorization", "Bearer " + key}, 200, ""},
		{"bearer in lower case", ap + "/v1/flows", []string{"Authorization", "bearer " + key}, 200, ""},
		{"basic scheme", ap + "/v1/flows", []string{"Authorization", "Basic " + key}, 401, "AUTHENTICATION"},
		{"x-api-key", gw + "/v1/flows", []string{"x-api-key", key}, 200, ""},
		{"x-access-token", gw + "/v1/flows", []string{"x-access-token", key}, 200, ""},
		{"channel service needs a key", "/channel-service/v1/workflows/channel_automation", nil, 401, "AUTHENTICATION"},
		{"channel service with a key", "/channel-service/v1/workflows/channel_automation", []string{"x-api-key", key}, 200, ""},
		{"older channel path needs a key", "/v2/backend/workflows/channel_automation", nil, 401, "AUTHENTICATION"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := send(t, srv, "GET", tc.path, nil, tc.headers...)
			if tc.code != "" {
				a.expectError(t, tc.status, tc.code, "")
				if strings.Contains(string(a.Body), key) {
					t.Fatalf("the error repeats the key: %s", a.Body)
				}
				return
			}
			a.expect(t, tc.status)
		})
	}
	t.Run("webhooks need no key", func(t *testing.T) {
		call(t, srv, "POST", gw+"/v1/webhooks/"+missingID, `{}`).expectWebhookAnswer(t, 410)
	})
}

func TestUnknownRoutes(t *testing.T) {
	_, srv := testEngine(t)
	cases := []struct{ name, method, path, message string }{
		{"unknown engine route", "GET", gw + "/v1/nothing", "Route GET:/v1/nothing not found"},
		{"unknown method", "PUT", ap + "/v1/flows", "Route PUT:/v1/flows not found"},
		{"outside any layout", "GET", "/v2/flows", "Route GET:/v2/flows not found"},
		{"channel service other path", "GET", "/channel-service/v1/other", "Route GET:/channel-service/v1/other not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, srv, tc.method, tc.path, nil).expect(t, 404)
			body := decode[errorBody](t, a)
			if body.Message != tc.message || body.StatusCode != 404 || body.Error != "Not Found" {
				t.Fatalf("body %s, want fastify's not-found with %q", a.Body, tc.message)
			}
		})
	}
}

func TestMalformedPathIDs(t *testing.T) {
	_, srv := testEngine(t)
	cases := []struct{ method, path, field string }{
		{"GET", "/v1/flows/short", "id"},
		{"DELETE", "/v1/flows/has-dashes-in-it-aaaaaa", "id"},
		{"GET", "/v1/folders/x", "id"},
		{"GET", "/v1/flow-runs/x", "id"},
		{"GET", "/v1/app-connections/x", "id"},
		{"GET", "/v1/tables/x", "id"},
		{"GET", "/v1/records/x", "id"},
		{"GET", "/v1/fields/x", "id"},
		{"GET", "/v1/mcp-servers/x", "id"},
		{"DELETE", "/v1/user-invitations/x", "id"},
		{"POST", "/v1/webhooks/x", "flowId"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			call(t, srv, tc.method, gw+tc.path, nil).expectError(t, 400, "FST_ERR_VALIDATION",
				"params/"+tc.field+" must be a 21-character id of letters and digits")
		})
	}
}

func TestMissingEntities(t *testing.T) {
	_, srv := testEngine(t)
	for _, path := range []string{"/v1/flows/", "/v1/folders/", "/v1/flow-runs/", "/v1/app-connections/", "/v1/tables/",
		"/v1/records/", "/v1/fields/", "/v1/mcp-servers/", "/v1/projects/"} {
		t.Run(path, func(t *testing.T) {
			a := call(t, srv, "GET", ap+path+missingID, nil)
			a.expectError(t, 404, "ENTITY_NOT_FOUND", "")
			if e := decode[errorBody](t, a); e.Params["entityId"] != missingID {
				t.Fatalf("params %v do not name the id", e.Params)
			}
		})
	}
}

func TestInProcessClient(t *testing.T) {
	e, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	c, err := client.New(client.Config{GatewayURL: InProcessBaseURL, HTTPClient: e.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	flows, err := c.ListFlows(ctx, client.ListFlowsParams{})
	if err != nil || len(flows.Data) != 1 {
		t.Fatalf("ListFlows: %v, %+v", err, flows)
	}
	_, err = c.GetFlow(ctx, missingID, "")
	if !client.IsNotFound(err) {
		t.Fatalf("GetFlow of a missing flow: %v, want a not-found error", err)
	}

	// The raw transport also answers a request without a body, and closes one it is given.
	resp, err := e.HTTPClient().Post(InProcessBaseURL+"/api/v1/folders", "application/json", strings.NewReader(`{"displayName":"In process"}`))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var folder workflows.Folder
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &folder) != nil || folder.DisplayName != "In process" {
		t.Fatalf("in-process create folder: %d %s", resp.StatusCode, data)
	}
	if resp.Header.Get("Content-Length") == "" {
		t.Fatal("in-process answers lack Content-Length")
	}
}

func TestPanicsBecome500(t *testing.T) {
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	h := recoverPanics(log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/flows", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"INTERNAL_ERROR"`) {
		t.Fatalf("a panic answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logged.String(), "boom") {
		t.Fatalf("the panic was not logged: %s", logged.String())
	}
}
