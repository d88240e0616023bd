package tools

import (
	"context"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

func triggersToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("triggers", "Trigger health and trigger tests").
		AddReadTools(GetTriggerRunStatus(c)).
		AddWriteTools(TestTrigger(c))
}

type triggerStatusInput struct {
	detailArg
}

type dayStatOut struct {
	Date    string `json:"date" jsonschema_description:"YYYY-MM-DD"`
	Success int    `json:"success"`
	Failure int    `json:"failure"`
}

type pieceTriggerOut struct {
	PieceName string       `json:"pieceName"`
	TotalRuns int          `json:"totalRuns"`
	Success   int          `json:"success" jsonschema_description:"Successful trigger runs over the days shown"`
	Failure   int          `json:"failure" jsonschema_description:"Failed trigger runs over the days shown"`
	Days      []dayStatOut `json:"days,omitempty" jsonschema_description:"detail=full: per day"`
}

type triggerStatusOutput struct {
	Pieces []pieceTriggerOut `json:"pieces"`
}

// GetTriggerRunStatus reports trigger runs per piece (SDK getTriggerRunStatus).
func GetTriggerRunStatus(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_trigger_run_status", Title: "Trigger run counts per piece", Hints: toolkit.ReadHints,
		Description: "Count successful and failed trigger runs per trigger piece, not per flow (list_runs does that); detail=full adds daily counts."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *triggerStatusInput) (*triggerStatusOutput, error) {
		st, err := c.GetTriggerRunStatus(ctx)
		if err != nil {
			return nil, err
		}
		out := &triggerStatusOutput{Pieces: []pieceTriggerOut{}}
		for _, name := range sortedKeys(st.Pieces) {
			ps := st.Pieces[name]
			po := pieceTriggerOut{PieceName: name}
			for _, day := range sortedKeys(ps.DailyStats) {
				d := ps.DailyStats[day]
				po.Success += d.Success
				po.Failure += d.Failure
				if in.full() {
					po.Days = append(po.Days, dayStatOut{Date: day, Success: d.Success, Failure: d.Failure})
				}
			}
			po.TotalRuns = po.Success + po.Failure
			if ps.TotalRuns != nil {
				po.TotalRuns = *ps.TotalRuns
			}
			out.Pieces = append(out.Pieces, po)
		}
		return out, nil
	})
}

type testTriggerInput struct {
	FlowID        string `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id"`
	FlowVersionID string `json:"flowVersionId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Version (default: latest)"`
	TestStrategy  string `json:"testStrategy,omitempty" jsonschema:"enum=SIMULATION,enum=TEST_FUNCTION" jsonschema_description:"SIMULATION (default): wait for an event; TEST_FUNCTION: fetch sample data"`
}

type testTriggerOutput struct {
	FlowVersionID string `json:"flowVersionId" jsonschema_description:"Version tested"`
	Result        any    `json:"result,omitempty" jsonschema_description:"The engine's answer"`
}

// TestTrigger asks the engine to test a flow's trigger (SDK testTrigger).
func TestTrigger(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "test_trigger", Title: "Test trigger (sample data)", Hints: toolkit.TestHints, FindIDs: findFlows, Narrow: "the sample data is too large to show",
		Description: "Test only a flow's trigger, to capture sample data for later steps' templates. It does not run the flow: trigger_flow_sync does."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *testTriggerInput) (*testTriggerOutput, error) {
		f, err := c.GetFlow(ctx, in.FlowID, in.FlowVersionID)
		if err != nil {
			return nil, err
		}
		versionID := in.FlowVersionID
		if versionID == "" && f.Version != nil {
			versionID = f.Version.ID
		}
		strategy := client.TestSimulation
		if in.TestStrategy != "" {
			strategy = client.TestStrategy(in.TestStrategy)
		}
		res, err := c.TestTrigger(ctx, client.TestTriggerRequest{ProjectID: f.ProjectID, FlowID: in.FlowID, FlowVersionID: versionID, TestStrategy: strategy})
		if err != nil {
			return nil, err
		}
		out := &testTriggerOutput{FlowVersionID: versionID}
		if len(res) > 0 && json.Valid(res) {
			out.Result = res
		}
		return out, nil
	})
}
