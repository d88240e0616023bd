package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// TestAgentJourney walks what an agent does through the Go client: build a
// webhook flow that answers with a templated body, publish it, call it sync and
// async, read its runs, disable it and delete it. It runs under both URL
// layouts over real HTTP, and in-process.
func TestAgentJourney(t *testing.T) {
	setups := []struct {
		name   string
		config func(e *sandbox.Engine, srv *httptest.Server) client.Config
	}{
		{"gateway layout over HTTP", func(_ *sandbox.Engine, srv *httptest.Server) client.Config {
			return client.Config{GatewayURL: srv.URL, APIKey: "api_journey"}
		}},
		{"activepieces layout over HTTP", func(_ *sandbox.Engine, srv *httptest.Server) client.Config {
			return client.Config{Layout: client.LayoutActivepieces, ActivepiecesURL: srv.URL + "/api", ActivepiecesAPIKey: "api_journey"}
		}},
		{"in-process", func(e *sandbox.Engine, _ *httptest.Server) client.Config {
			return client.Config{GatewayURL: sandbox.InProcessBaseURL, APIKey: "api_journey", HTTPClient: e.HTTPClient()}
		}},
	}
	for _, setup := range setups {
		t.Run(setup.name, func(t *testing.T) {
			e, err := sandbox.Open(":memory:", sandbox.WithAPIKeys("api_journey"), sandbox.WithSyncWait(10*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(e.Handler())
			t.Cleanup(func() { srv.Close(); e.Close() })
			cfg := setup.config(e, srv)
			cfg.MaxRetries = -1
			c, err := client.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			journey(t, c)
		})
	}
}

func journey(t *testing.T, c *client.Client) {
	ctx := t.Context()
	projectID, err := c.ResolveProjectID(ctx, "")
	if err != nil {
		t.Fatalf("ResolveProjectID: %v", err)
	}

	folder, err := c.CreateFolder(ctx, client.CreateFolderRequest{DisplayName: "Journeys", ProjectID: projectID})
	if err != nil {
		t.Fatalf("CreateFolder: %v", err)
	}
	flow, err := c.CreateFlow(ctx, client.CreateFlowRequest{DisplayName: "Greeter", ProjectID: projectID, FolderID: folder.ID})
	if err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	if flow.FolderID == nil || *flow.FolderID != folder.ID || flow.Status != workflows.FlowDisabled {
		t.Fatalf("created flow %+v", flow)
	}

	if _, err := c.ApplyFlowOperation(ctx, flow.ID, workflows.UpdateTrigger(workflows.WebhookTrigger("0.1.29"))); err != nil {
		t.Fatalf("UPDATE_TRIGGER: %v", err)
	}
	respond := workflows.NewAction{
		Name: "step_1", DisplayName: "Return Response", Type: workflows.ActionPiece, Valid: true,
		Settings: workflows.Settings{
			PieceName: workflows.WebhookPieceName, PieceVersion: "0.1.29", ActionName: "return_response",
			Input: map[string]any{
				"responseType": "json",
				"respond":      "stop",
				"fields": map[string]any{
					"status":  200,
					"headers": map[string]any{"x-greeter": "yes"},
					"body":    map[string]any{"greeting": "Hello {{trigger.body.name}}", "echo": "{{trigger.body}}"},
				},
			},
			PropertySettings: map[string]workflows.PropertySetting{
				"responseType": {Type: workflows.PropertyManual}, "respond": {Type: workflows.PropertyManual}, "fields": {Type: workflows.PropertyManual},
			},
		},
	}
	built, err := c.ApplyFlowOperation(ctx, flow.ID, workflows.AddAction(workflows.AddActionRequest{ParentStep: "trigger", Action: respond}))
	if err != nil {
		t.Fatalf("ADD_ACTION: %v", err)
	}
	if step := workflows.FindStep(&built.Version.Trigger, "step_1"); step == nil || !step.Valid || !built.Version.Valid {
		t.Fatalf("after ADD_ACTION the version is not valid: %+v", built.Version)
	}
	published, err := c.ApplyFlowOperation(ctx, flow.ID, workflows.LockAndPublish())
	if err != nil {
		t.Fatalf("LOCK_AND_PUBLISH: %v", err)
	}
	if published.Status != workflows.FlowEnabled || published.PublishedVersionID == nil {
		t.Fatalf("published flow %+v", published)
	}

	sync, err := c.TriggerFlowSync(ctx, flow.ID, json.RawMessage(`{"name":"Ada"}`))
	if err != nil {
		t.Fatalf("TriggerFlowSync: %v", err)
	}
	if sync.Outcome != client.SyncResponded || sync.Status != 200 || sync.Headers.Get("x-greeter") != "yes" {
		t.Fatalf("sync answer %+v (%s)", sync, sync.JSON)
	}
	var answer struct {
		Greeting string         `json:"greeting"`
		Echo     map[string]any `json:"echo"`
	}
	if err := json.Unmarshal(sync.JSON, &answer); err != nil || answer.Greeting != "Hello Ada" || answer.Echo["name"] != "Ada" {
		t.Fatalf("sync body %s: %v", sync.JSON, err)
	}

	async, err := c.TriggerFlow(ctx, flow.ID, json.RawMessage(`{"name":"Bob"}`))
	if err != nil || async.WebhookID == "" {
		t.Fatalf("TriggerFlow: %+v, %v", async, err)
	}
	runs := waitForRuns(t, c, flow.ID, 2)
	if runs[0].Created < runs[1].Created {
		t.Fatalf("runs are not newest first: %s before %s", runs[0].Created, runs[1].Created)
	}
	for _, r := range runs {
		if r.Steps != nil {
			t.Fatalf("listed run %s carries its steps", r.ID)
		}
	}
	latest, err := c.GetRun(ctx, runs[0].ID)
	if err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	var triggerOut struct {
		Body map[string]any `json:"body"`
	}
	json.Unmarshal(latest.Steps["trigger"].Output, &triggerOut)
	var stepOut struct {
		Body map[string]any `json:"body"`
	}
	json.Unmarshal(latest.Steps["step_1"].Output, &stepOut)
	if latest.Status != workflows.RunSucceeded || triggerOut.Body["name"] != "Bob" || stepOut.Body["greeting"] != "Hello Bob" {
		t.Fatalf("the newest run is not the async one with its outputs: %s, trigger %s, step_1 %s",
			latest.Status, latest.Steps["trigger"].Output, latest.Steps["step_1"].Output)
	}

	if _, err := c.ApplyFlowOperation(ctx, flow.ID, workflows.ChangeStatus(workflows.FlowDisabled)); err != nil {
		t.Fatalf("CHANGE_STATUS DISABLED: %v", err)
	}
	if _, err := c.TriggerFlow(ctx, flow.ID, nil); statusOf(err) != 404 {
		t.Fatalf("triggering a disabled flow: %v, want 404", err)
	}
	if err := c.DeleteFlow(ctx, flow.ID); err != nil {
		t.Fatalf("DeleteFlow: %v", err)
	}
	if _, err := c.TriggerFlow(ctx, flow.ID, nil); statusOf(err) != 410 {
		t.Fatalf("triggering a deleted flow: %v, want 410", err)
	}
	if _, err := c.GetFlow(ctx, flow.ID, ""); !client.IsNotFound(err) {
		t.Fatalf("GetFlow after delete: %v", err)
	}
}

// waitForRuns polls the flow's runs until n of them have ended.
func waitForRuns(t *testing.T, c *client.Client, flowID string, n int) []workflows.FlowRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		page, err := c.ListRuns(ctx, client.ListRunsParams{FlowID: []string{flowID}})
		if err != nil {
			t.Fatalf("ListRuns: %v", err)
		}
		ended := 0
		for _, r := range page.Data {
			if r.Status.Terminal() {
				ended++
			}
		}
		if ended >= n {
			return page.Data
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d of %d runs ended in time", ended, n)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func statusOf(err error) int {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// TestSeededEchoFlow calls the flow every sandbox starts with.
func TestSeededEchoFlow(t *testing.T) {
	e, err := sandbox.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	c, err := client.New(client.Config{GatewayURL: sandbox.InProcessBaseURL, HTTPClient: e.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	flows, err := c.ListFlows(t.Context(), client.ListFlowsParams{Name: sandbox.EchoFlowName})
	if err != nil || len(flows.Data) != 1 {
		t.Fatalf("ListFlows: %v, %+v", err, flows)
	}
	got, err := c.TriggerFlowSync(t.Context(), flows.Data[0].ID, json.RawMessage(`{"ping":[1,"two",{"three":3}]}`))
	if err != nil {
		t.Fatalf("TriggerFlowSync: %v", err)
	}
	if got.Status != 200 || string(got.JSON) != `{"ping":[1,"two",{"three":3}]}` {
		t.Fatalf("the echo flow answered %d %s%s", got.Status, got.JSON, got.Text)
	}
}
