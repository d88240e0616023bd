package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func runsToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("runs", "Runs: trigger flows, follow and inspect their runs").
		AddReadTools(ListRuns(c), GetRun(c), WaitForRun(c)).
		AddWriteTools(TriggerFlow(c), TriggerFlowSync(c))
}

const findRuns = "list_runs lists run ids (trigger_flow returns one)"

type listRunsInput struct {
	projectArg
	FlowID        string `json:"flowId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Only runs of this flow"`
	Status        string `json:"status,omitempty" jsonschema:"enum=QUEUED,enum=RUNNING,enum=PAUSED,enum=SUCCEEDED,enum=FAILED,enum=QUOTA_EXCEEDED,enum=INTERNAL_ERROR,enum=MEMORY_LIMIT_EXCEEDED,enum=TIMEOUT,enum=CANCELED,enum=LOG_SIZE_EXCEEDED,enum=STOPPED" jsonschema_description:"Only with this status"`
	CreatedAfter  string `json:"createdAfter,omitempty" jsonschema_description:"ISO-8601 time"`
	CreatedBefore string `json:"createdBefore,omitempty" jsonschema_description:"ISO-8601 time"`
	pageArgs
}

// Check requires the time filters to be ISO-8601 times.
func (in *listRunsInput) Check() error {
	for _, f := range []struct{ name, value string }{{"createdAfter", in.CreatedAfter}, {"createdBefore", in.CreatedBefore}} {
		if f.value == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, f.value); err != nil {
			return toolkit.FieldErr(f.name, "an ISO-8601 time such as 2026-01-31T09:00:00Z", f.value)
		}
	}
	return nil
}

type listRunsOutput struct {
	Runs []runSummary `json:"runs" jsonschema_description:"Production runs, newest first"`
	pageInfo
}

// ListRuns lists production runs, newest first (SDK listRuns).
func ListRuns(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_runs", Title: "List runs", Hints: toolkit.ReadHints, Narrow: "use a smaller limit or filter by flowId or status",
		Description: "List production runs, newest first, with status and duration. Filter by flow, status or time; page with cursor."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listRunsInput) (*listRunsOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		p := client.ListRunsParams{ProjectID: projectID, CreatedAfter: in.CreatedAfter, CreatedBefore: in.CreatedBefore, Page: in.page()}
		if in.FlowID != "" {
			p.FlowID = []string{in.FlowID}
		}
		if in.Status != "" {
			p.Status = []workflows.RunStatus{workflows.RunStatus(in.Status)}
		}
		page, err := c.ListRuns(ctx, p)
		if err != nil {
			return nil, err
		}
		out := &listRunsOutput{Runs: []runSummary{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Runs = append(out.Runs, summarizeRun(&page.Data[i]))
		}
		return out, nil
	})
}

type getRunInput struct {
	RunID    string `json:"runId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Run id"`
	StepName string `json:"stepName,omitempty" jsonschema_description:"Show only this step, with its input and output"`
	detailArg
}

// GetRun shows a run and its steps (SDK getRun).
func GetRun(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_run", Title: "Get run", Hints: toolkit.ReadHints, FindIDs: findRuns, Narrow: "use detail=summary, or stepName for one step",
		Description: "Get a run: status, failed step, and each step's status and error; detail=full adds inputs and outputs (long ones cut), stepName shows one step."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getRunInput) (*runDetail, error) {
		r, err := c.GetRun(ctx, in.RunID)
		if err != nil {
			return nil, err
		}
		if _, ok := r.Steps[in.StepName]; in.StepName != "" && !ok {
			return nil, toolkit.FieldErr("stepName", "a step of this run: "+strings.Join(orderedStepNames(r.Steps), ", "), in.StepName)
		}
		d := detailRun(r, runView{full: in.full(), stepName: in.StepName})
		return &d, nil
	})
}

// pollInterval is how often wait_for_run asks for the run.
var pollInterval = time.Second

// Bounds of wait_for_run's timeout, in seconds.
const (
	defaultWaitSeconds = 60
	maxWaitSeconds     = 300
)

type waitForRunInput struct {
	RunID          string `json:"runId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Run id"`
	TimeoutSeconds int    `json:"timeoutSeconds,omitempty" jsonschema:"minimum=1,maximum=300" jsonschema_description:"Give up after this long (default 60)"`
	detailArg
}

type waitForRunOutput struct {
	runDetail
	TimedOut bool `json:"timedOut" jsonschema_description:"True when the run had not ended in time"`
}

// WaitForRun waits until a run ends or the timeout passes, reporting progress.
func WaitForRun(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "wait_for_run", Title: "Wait for run", Hints: toolkit.ReadHints, FindIDs: findRuns, Narrow: "use detail=summary",
		Description: "Wait until a run ends (or timeoutSeconds passes, default 60, max 300) and return it as get_run does. Sends progress while waiting."}
	return newTool(c, sp, func(ctx context.Context, req mcp.CallToolRequest, in *waitForRunInput) (*waitForRunOutput, error) {
		timeout := time.Duration(in.TimeoutSeconds) * time.Second
		if timeout == 0 {
			timeout = defaultWaitSeconds * time.Second
		}
		prog := toolkit.NewProgress(ctx, req, timeout.Seconds())
		defer prog.Finish()
		start := time.Now()
		deadline := start.Add(timeout)
		for {
			r, err := c.GetRun(ctx, in.RunID)
			if err != nil {
				return nil, err
			}
			if r.Status.Terminal() {
				prog.Send(fmt.Sprintf("run %s ended: %s", r.ID, r.Status))
				return &waitForRunOutput{runDetail: detailRun(r, runView{full: in.full()})}, nil
			}
			if !time.Now().Add(pollInterval).Before(deadline) {
				prog.Send(fmt.Sprintf("run %s still %s; stopped waiting", r.ID, r.Status))
				return &waitForRunOutput{runDetail: detailRun(r, runView{full: in.full()}), TimedOut: true}, nil
			}
			prog.Send(fmt.Sprintf("run %s is %s after %ds", r.ID, r.Status, int(time.Since(start).Seconds())))
			if !pause(ctx, pollInterval) {
				return nil, ctx.Err()
			}
		}
	})
}
