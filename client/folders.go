package client

import "context"

// ListFolders lists a project's folders with their numberOfFlows.
func (c *Client) ListFolders(ctx context.Context, projectID string, p Page) (*SeekPage[Folder], error) {
	return get[SeekPage[Folder]](ctx, c, "/v1/folders", p.query().set("projectId", projectID).values())
}

// GetFolder returns a folder.
func (c *Client) GetFolder(ctx context.Context, folderID string) (*Folder, error) {
	return get[Folder](ctx, c, pathOf("v1", "folders", folderID), nil)
}

// CreateFolderRequest is the body of CreateFolder.
type CreateFolderRequest struct {
	DisplayName string `json:"displayName"`
	ProjectID   string `json:"projectId"`
}

// CreateFolder creates a folder, or returns the one with the same name (case-insensitive).
func (c *Client) CreateFolder(ctx context.Context, r CreateFolderRequest) (*Folder, error) {
	return post[Folder](ctx, c, "/v1/folders", r)
}

// UpdateFolder renames a folder.
func (c *Client) UpdateFolder(ctx context.Context, folderID, displayName string) (*Folder, error) {
	return post[Folder](ctx, c, pathOf("v1", "folders", folderID), map[string]string{"displayName": displayName})
}

// DeleteFolder deletes a folder; its flows become unfiled.
func (c *Client) DeleteFolder(ctx context.Context, folderID string) error {
	return c.del(ctx, pathOf("v1", "folders", folderID))
}
