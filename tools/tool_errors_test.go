package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

func TestWrongCredentialsNameTheSetting(t *testing.T) {
	h := newHarness(t, harnessConfig{engineOpts: []sandbox.Option{sandbox.WithAPIKeys("right-key")},
		cfg: client.Config{APIKey: "wrong-key", ProjectID: unknownID}})
	text := h.fails("list_folders", `{}`, "401", "IMBRACE_API_KEY")
	if strings.Contains(text, "wrong-key") || strings.Contains(text, "right-key") {
		t.Errorf("an error shows a credential: %s", text)
	}
	ap := newHarness(t, harnessConfig{engineOpts: []sandbox.Option{sandbox.WithAPIKeys("right-key")},
		cfg: client.Config{Layout: client.LayoutActivepieces, ActivepiecesAPIKey: "wrong-key"}})
	ap.fails("get_folder", `{"folderId":"`+unknownID+`"}`, "401", "ACTIVEPIECES_API_KEY")
}

func TestMissingProjectSaysHowToSetIt(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	// Empty the project so discovery has nothing to read a project id from.
	var flows listFlowsOutput
	h.ok("list_flows", `{}`, &flows)
	var folders listFoldersOutput
	h.ok("list_folders", `{}`, &folders)
	fresh, err := client.New(client.Config{GatewayURL: sandbox.InProcessBaseURL, HTTPClient: h.engine.HTTPClient()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range flows.Flows {
		if err := fresh.DeleteFlow(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range folders.Folders {
		if err := fresh.DeleteFolder(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
	}
	blank := newHarnessOn(t, h.engine, harnessConfig{})
	blank.fails("list_runs", `{}`, "no project id", "pass projectId", "MCP_BRIDGE_PROJECT_ID")
}
