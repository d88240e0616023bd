package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func flowsToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("flows", "Flows: list, inspect, create, edit, build and delete").
		AddReadTools(ListFlows(c), GetFlow(c)).
		AddWriteTools(CreateFlow(c), DeleteFlow(c), ApplyFlowOperation(c), BuildFlow(c))
}

const findFlows = "list_flows lists flow ids"

type listFlowsInput struct {
	projectArg
	FolderID string `json:"folderId,omitempty" jsonschema:"pattern=^([0-9A-Za-z]{21}|NULL)$" jsonschema_description:"Only flows in this folder; NULL for unfiled"`
	Status   string `json:"status,omitempty" jsonschema:"enum=ENABLED,enum=DISABLED" jsonschema_description:"Only flows with this status"`
	Name     string `json:"name,omitempty" jsonschema_description:"Only flows whose name contains this"`
	pageArgs
}

type listFlowsOutput struct {
	Flows []flowSummary `json:"flows" jsonschema_description:"Flows, newest first"`
	pageInfo
}

// ListFlows lists a project's flows, newest first (SDK listFlows).
func ListFlows(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_flows", Title: "List flows", Hints: toolkit.ReadHints, Narrow: "use a smaller limit, or filter by folderId, status or name",
		Description: "List flows (newest first) with status, folder and whether published. Page with cursor."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listFlowsInput) (*listFlowsOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		p := client.ListFlowsParams{ProjectID: projectID, FolderID: in.FolderID, Name: in.Name, Page: in.page()}
		if in.Status != "" {
			p.Status = []workflows.FlowStatus{workflows.FlowStatus(in.Status)}
		}
		page, err := c.ListFlowSummaries(ctx, p)
		if err != nil {
			return nil, err
		}
		out := &listFlowsOutput{Flows: []flowSummary{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Flows = append(out.Flows, summarizeFlow(&page.Data[i]))
		}
		return out, nil
	})
}

type getFlowInput struct {
	FlowID    string `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id"`
	VersionID string `json:"versionId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"A version id (default: the latest)"`
	detailArg
}

// GetFlow shows a flow's trigger and steps (SDK getFlow).
func GetFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_flow", Title: "Get flow", Hints: toolkit.ReadHints, FindIDs: findFlows, Narrow: "use detail=summary",
		Description: "Get a flow: status, version, trigger and step outline; detail=full adds every step's settings."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getFlowInput) (*flowDetail, error) {
		f, err := c.GetFlow(ctx, in.FlowID, in.VersionID)
		if err != nil {
			return nil, err
		}
		d := detailFlow(f, in.full())
		return &d, nil
	})
}

type createFlowInput struct {
	DisplayName string `json:"displayName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Flow name"`
	projectArg
	FolderID   string `json:"folderId,omitempty" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Folder to put it in"`
	FolderName string `json:"folderName,omitempty" jsonschema_description:"Folder by name (created if missing)"`
}

// Check refuses a folder given both by id and by name.
func (in *createFlowInput) Check() error {
	if in.FolderID != "" && in.FolderName != "" {
		return toolkit.FieldErr("folderName", "either folderId or folderName, not both", in.FolderName)
	}
	return nil
}

// CreateFlow creates an empty, disabled flow (SDK createFlow).
func CreateFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "create_flow", Title: "Create flow", Hints: toolkit.CreateHints, FindIDs: "list_folders lists folder ids",
		Description: "Create an empty disabled flow (draft with an empty trigger). Use build_flow to create a complete flow at once."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *createFlowInput) (*flowDetail, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		f, err := c.CreateFlow(ctx, client.CreateFlowRequest{DisplayName: in.DisplayName, ProjectID: projectID, FolderID: in.FolderID, FolderName: in.FolderName})
		if err != nil {
			return nil, err
		}
		d := detailFlow(f, false)
		return &d, nil
	})
}

type flowIDInput struct {
	FlowID string `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id"`
}

// DeleteFlow deletes a flow (SDK deleteFlow).
func DeleteFlow(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_flow", Title: "Delete flow", Hints: toolkit.DeleteHints, FindIDs: findFlows,
		Description: "Delete a flow and all its versions. Cannot be undone."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *flowIDInput) (*deleted, error) {
		if err := c.DeleteFlow(ctx, in.FlowID); err != nil {
			return nil, err
		}
		return &deleted{Deleted: true, ID: in.FlowID}, nil
	})
}
