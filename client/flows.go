package client

import (
	"context"
	"encoding/json"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListFlowsParams filters ListFlows. FolderID "NULL" selects unfiled flows.
type ListFlowsParams struct {
	ProjectID string
	FolderID  string
	Status    []workflows.FlowStatus
	Name      string
	Page
}

// ListFlows lists flows, newest first.
func (c *Client) ListFlows(ctx context.Context, p ListFlowsParams) (*workflows.SeekPage[workflows.Flow], error) {
	q := p.Page.query().set("projectId", p.ProjectID).set("folderId", p.FolderID).set("name", p.Name).list("status", strs(p.Status)...)
	return get[workflows.SeekPage[workflows.Flow]](ctx, c, "/v1/flows", q.values())
}

// ListFlowSummaries sends the request of ListFlows and keeps of each flow what
// a listing shows (FlowSummary), which is much cheaper to decode.
func (c *Client) ListFlowSummaries(ctx context.Context, p ListFlowsParams) (*workflows.SeekPage[workflows.FlowSummary], error) {
	q := p.Page.query().set("projectId", p.ProjectID).set("folderId", p.FolderID).set("name", p.Name).list("status", strs(p.Status)...)
	return get[workflows.SeekPage[workflows.FlowSummary]](ctx, c, "/v1/flows", q.values())
}

// GetFlow returns a flow with its latest version, or the version named by versionID.
func (c *Client) GetFlow(ctx context.Context, flowID, versionID string) (*workflows.Flow, error) {
	path, err := idPath("flowId", flowID, "v1", "flows")
	if err != nil {
		return nil, err
	}
	return get[workflows.Flow](ctx, c, path, query{}.set("versionId", versionID).values())
}

// CreateFlowRequest is the body of CreateFlow.
type CreateFlowRequest struct {
	DisplayName string          `json:"displayName"`
	ProjectID   string          `json:"projectId"`
	FolderID    string          `json:"folderId,omitempty"`
	FolderName  string          `json:"folderName,omitempty"`
	Metadata    json.RawMessage `json:"metadata,omitempty"`
}

// CreateFlow creates a disabled flow with one draft version and an empty trigger.
func (c *Client) CreateFlow(ctx context.Context, r CreateFlowRequest) (*workflows.Flow, error) {
	if r.DisplayName == "" {
		return nil, argumentError("displayName is required: the new flow's name")
	}
	return post[workflows.Flow](ctx, c, "/v1/flows", r)
}

// DeleteFlow deletes a flow.
func (c *Client) DeleteFlow(ctx context.Context, flowID string) error {
	path, err := idPath("flowId", flowID, "v1", "flows")
	if err != nil {
		return err
	}
	return c.del(ctx, path)
}

// ApplyFlowOperation applies one operation to a flow and returns the flow after it.
func (c *Client) ApplyFlowOperation(ctx context.Context, flowID string, op workflows.FlowOperation) (*workflows.Flow, error) {
	path, err := idPath("flowId", flowID, "v1", "flows")
	if err != nil {
		return nil, err
	}
	if op.Type == "" {
		return nil, argumentError("operation type is required: e.g. UPDATE_TRIGGER, ADD_ACTION, LOCK_AND_PUBLISH")
	}
	return post[workflows.Flow](ctx, c, path, op)
}

// ListRunsParams filters ListRuns.
type ListRunsParams struct {
	ProjectID     string
	FlowID        []string
	Status        []workflows.RunStatus
	Tags          []string
	CreatedAfter  string
	CreatedBefore string
	Page
}

// ListRuns lists production runs, newest first, without their steps.
func (c *Client) ListRuns(ctx context.Context, p ListRunsParams) (*workflows.SeekPage[workflows.FlowRun], error) {
	q := p.Page.query().set("projectId", p.ProjectID).list("flowId", p.FlowID...).list("status", strs(p.Status)...).
		list("tags", p.Tags...).set("createdAfter", p.CreatedAfter).set("createdBefore", p.CreatedBefore)
	return get[workflows.SeekPage[workflows.FlowRun]](ctx, c, "/v1/flow-runs", q.values())
}

// GetRun returns a run with its steps.
func (c *Client) GetRun(ctx context.Context, runID string) (*workflows.FlowRun, error) {
	path, err := idPath("runId", runID, "v1", "flow-runs")
	if err != nil {
		return nil, err
	}
	return get[workflows.FlowRun](ctx, c, path, nil)
}
