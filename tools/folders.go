package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func foldersToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("folders", "Folders that group flows").
		AddReadTools(ListFolders(c), GetFolder(c)).
		AddWriteTools(CreateFolder(c), UpdateFolder(c), DeleteFolder(c))
}

const findFolders = "list_folders lists folder ids"

// folderOut is a folder as every folder tool shows it.
type folderOut struct {
	ID            string `json:"id" jsonschema_description:"Folder id"`
	DisplayName   string `json:"displayName" jsonschema_description:"Folder name"`
	NumberOfFlows *int   `json:"numberOfFlows,omitempty" jsonschema_description:"Flows in it (lists only)"`
	ProjectID     string `json:"projectId,omitempty" jsonschema_description:"Project id"`
	Updated       string `json:"updated,omitempty" jsonschema_description:"Last change (ISO-8601)"`
	Created       string `json:"created,omitempty" jsonschema_description:"detail=full: creation time"`
	DisplayOrder  *int   `json:"displayOrder,omitempty" jsonschema_description:"detail=full: position in the UI"`
	ExternalID    string `json:"externalId,omitempty" jsonschema_description:"detail=full"`
}

func folderOf(f *workflows.Folder) folderOut {
	return folderOut{ID: f.ID, DisplayName: f.DisplayName, NumberOfFlows: f.NumberOfFlows, ProjectID: f.ProjectID, Updated: f.Updated}
}

func folderDetail(f *workflows.Folder) folderOut {
	out := folderOf(f)
	order := f.DisplayOrder
	out.Created, out.DisplayOrder, out.ExternalID = f.Created, &order, deref(f.ExternalID)
	return out
}

type listFoldersInput struct {
	projectArg
	pageArgs
}

type listFoldersOutput struct {
	Folders []folderOut `json:"folders"`
	pageInfo
}

// ListFolders lists a project's folders (SDK listFolders).
func ListFolders(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_folders", Title: "List folders", Hints: toolkit.ReadHints, Narrow: "use a smaller limit",
		Description: "List a project's folders with how many flows each holds."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listFoldersInput) (*listFoldersOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		page, err := c.ListFolders(ctx, projectID, in.page())
		if err != nil {
			return nil, err
		}
		out := &listFoldersOutput{Folders: []folderOut{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Folders = append(out.Folders, folderOf(&page.Data[i]))
		}
		return out, nil
	})
}

type folderIDInput struct {
	FolderID string `json:"folderId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Folder id"`
}

type getFolderInput struct {
	folderIDInput
	detailArg
}

// GetFolder returns a folder (SDK getFolder).
func GetFolder(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_folder", Title: "Get folder", Hints: toolkit.ReadHints, FindIDs: findFolders,
		Description: "Get a folder by id; detail=full adds creation time, display order and external id."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getFolderInput) (*folderOut, error) {
		f, err := c.GetFolder(ctx, in.FolderID)
		if err != nil {
			return nil, err
		}
		out := folderOf(f)
		if in.full() {
			out = folderDetail(f)
		}
		return &out, nil
	})
}

type createFolderInput struct {
	DisplayName string `json:"displayName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Folder name"`
	projectArg
}

// CreateFolder creates a folder, or returns the one with that name (SDK createFolder).
func CreateFolder(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "create_folder", Title: "Create folder", Hints: toolkit.UpsertHints,
		Description: "Create a folder; if one with the same name (any case) exists, it is returned instead."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *createFolderInput) (*folderOut, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		f, err := c.CreateFolder(ctx, client.CreateFolderRequest{DisplayName: in.DisplayName, ProjectID: projectID})
		if err != nil {
			return nil, err
		}
		out := folderOf(f)
		return &out, nil
	})
}

type updateFolderInput struct {
	FolderID    string `json:"folderId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Folder id"`
	DisplayName string `json:"displayName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"New name"`
}

// UpdateFolder renames a folder (SDK updateFolder).
func UpdateFolder(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "update_folder", Title: "Rename folder", Hints: toolkit.RenameHints, FindIDs: findFolders,
		Description: "Rename a folder; its flows stay in it."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *updateFolderInput) (*folderOut, error) {
		f, err := c.UpdateFolder(ctx, in.FolderID, in.DisplayName)
		if err != nil {
			return nil, err
		}
		out := folderOf(f)
		return &out, nil
	})
}

// DeleteFolder deletes a folder; its flows become unfiled (SDK deleteFolder).
func DeleteFolder(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_folder", Title: "Delete folder", Hints: toolkit.DeleteHints, FindIDs: findFolders,
		Description: "Delete a folder. Its flows are kept, unfiled."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *folderIDInput) (*deleted, error) {
		if err := c.DeleteFolder(ctx, in.FolderID); err != nil {
			return nil, err
		}
		return &deleted{Deleted: true, ID: in.FolderID}, nil
	})
}
