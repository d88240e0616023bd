package client

import (
	"context"
	"errors"
)

// ErrNoProject says no project id was given, configured or discoverable.
var ErrNoProject = errors.New("no project id: pass projectId, or configure a default project (MCP_BRIDGE_PROJECT_ID); discovery found no flow or folder to read it from")

// ResolveProjectID returns explicit when set, else the configured default project,
// else one discovered from the first flow, then the first folder, then (on
// Activepieces) the only project the key can see. A discovered id is remembered.
func (c *Client) ResolveProjectID(ctx context.Context, explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	c.projectMu.Lock()
	defer c.projectMu.Unlock()
	if c.projectID != "" {
		return c.projectID, nil
	}
	id, err := c.discoverProject(ctx)
	if err != nil {
		return "", err
	}
	c.projectID = id
	return id, nil
}

func (c *Client) discoverProject(ctx context.Context) (string, error) {
	flows, err := c.ListFlows(ctx, ListFlowsParams{Page: Page{Limit: 1}})
	if err == nil && len(flows.Data) > 0 && flows.Data[0].ProjectID != "" {
		return flows.Data[0].ProjectID, nil
	}
	if IsAuth(err) {
		return "", err
	}
	folders, ferr := c.ListFolders(ctx, "", Page{Limit: 1})
	if ferr == nil && len(folders.Data) > 0 && folders.Data[0].ProjectID != "" {
		return folders.Data[0].ProjectID, nil
	}
	if c.Backend() == BackendActivepieces {
		projects, perr := get[SeekPage[Base]](ctx, c, "/v1/projects", nil)
		if perr == nil && len(projects.Data) == 1 {
			return projects.Data[0].ID, nil
		}
	}
	return "", ErrNoProject
}
