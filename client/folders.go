package client

import (
	"context"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListFolders lists a project's folders with their numberOfFlows.
func (c *Client) ListFolders(ctx context.Context, projectID string, p Page) (*workflows.SeekPage[workflows.Folder], error) {
	return get[workflows.SeekPage[workflows.Folder]](ctx, c, "/v1/folders", p.query().set("projectId", projectID).values())
}

// GetFolder returns a folder.
func (c *Client) GetFolder(ctx context.Context, folderID string) (*workflows.Folder, error) {
	path, err := idPath("folderId", folderID, "v1", "folders")
	if err != nil {
		return nil, err
	}
	return get[workflows.Folder](ctx, c, path, nil)
}

// CreateFolderRequest is the body of CreateFolder.
type CreateFolderRequest struct {
	DisplayName string `json:"displayName"`
	ProjectID   string `json:"projectId"`
}

// CreateFolder creates a folder, or returns the one with the same name (case-insensitive).
func (c *Client) CreateFolder(ctx context.Context, r CreateFolderRequest) (*workflows.Folder, error) {
	if r.DisplayName == "" {
		return nil, argumentError("displayName is required: the folder's name")
	}
	return post[workflows.Folder](ctx, c, "/v1/folders", r)
}

// UpdateFolder renames a folder (Activepieces takes a POST for this).
func (c *Client) UpdateFolder(ctx context.Context, folderID, displayName string) (*workflows.Folder, error) {
	path, err := idPath("folderId", folderID, "v1", "folders")
	if err != nil {
		return nil, err
	}
	if displayName == "" {
		return nil, argumentError("displayName is required: the folder's new name")
	}
	return post[workflows.Folder](ctx, c, path, map[string]string{"displayName": displayName})
}

// DeleteFolder deletes a folder; its flows become unfiled.
func (c *Client) DeleteFolder(ctx context.Context, folderID string) error {
	path, err := idPath("folderId", folderID, "v1", "folders")
	if err != nil {
		return err
	}
	return c.del(ctx, path)
}
