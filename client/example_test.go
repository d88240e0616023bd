package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// A stand-in gateway whose only flow answers its sync webhook with JSON.
func exampleGateway() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/activepieces/v1/webhooks/9ZsVnO0o3fKq8dJxYtR2a/sync":
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"echo": %s}`, body)
		case "/activepieces/v1/flows/9ZsVnO0o3fKq8dJxYtR2a":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id": "9ZsVnO0o3fKq8dJxYtR2a", "projectId": "p1", "status": "ENABLED", "folderId": null,
				"version": {"displayName": "Echo", "trigger": {"name": "trigger", "type": "PIECE_TRIGGER", "settings": {},
				"nextAction": {"name": "step_1", "type": "LOOP_ON_ITEMS", "settings": {"items": "{{trigger.body.items}}"},
				"firstLoopAction": {"name": "step_2", "type": "CODE", "settings": {}},
				"nextAction": {"name": "step_3", "type": "PIECE", "settings": {}}}}}}`)
		default:
			http.NotFound(w, r)
		}
	}))
}

func Example() {
	gw := exampleGateway()
	defer gw.Close()

	c, err := client.New(client.Config{GatewayURL: gw.URL, APIKey: "api_example", Version: "1.0.0"})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	flow, err := c.GetFlow(ctx, "9ZsVnO0o3fKq8dJxYtR2a", "")
	if err != nil {
		panic(err)
	}
	fmt.Println(flow.Version.DisplayName, flow.Status)
	for _, s := range workflows.WalkSteps(&flow.Version.Trigger) {
		fmt.Printf("%*s%s (%s, %s %s)\n", 2*s.Depth, "", s.Action.Name, s.Action.Type, s.Location, s.Parent)
	}

	res, err := c.TriggerFlowSync(ctx, flow.ID, json.RawMessage(`{"items": [1, 2]}`))
	switch {
	case err != nil:
		fmt.Println("the engine refused:", err)
	case res.Outcome == client.SyncNoAnswer:
		fmt.Println("no answer in time; the run may still be going")
	case res.Outcome == client.SyncFailed:
		fmt.Println("the flow failed:", string(res.JSON))
	default:
		fmt.Println(res.Status, string(res.JSON))
	}

	_, err = c.GetFolder(ctx, "nope")
	fmt.Println(client.IsNotFound(err), err)
	// Output:
	// Echo ENABLED
	// step_1 (LOOP_ON_ITEMS, AFTER trigger)
	//   step_2 (CODE, INSIDE_LOOP step_1)
	// step_3 (PIECE, AFTER step_1)
	// 200 {"echo": {"items": [1, 2]}}
	// true GET /v1/folders/nope: 404 Not Found: 404 page not found
}
