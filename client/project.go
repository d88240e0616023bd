package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ErrNoProject says no project id was given, configured or discoverable.
var ErrNoProject = errors.New("no project id: pass projectId, or configure a default project (MCP_BRIDGE_PROJECT_ID); discovery found no flow or folder to read it from")

// ResolveProjectID returns explicit when set, else the configured default project,
// else a discovered one: on Activepieces the only project the API key can see,
// otherwise the project of the first flow, then of the first folder. A
// discovered id is remembered. When nothing works the error is ErrNoProject
// (errors.Is) joined with the failure that stopped discovery, if any; a 401 is
// returned as is.
func (c *Client) ResolveProjectID(ctx context.Context, explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	if c.cfg.Delegate != nil {
		// Each caller's client remembers its own project: a router sharing one
		// would hand one caller's project to the next.
		d, err := c.cfg.Delegate(ctx)
		if err != nil {
			return "", err
		}
		if d != c {
			return d.ResolveProjectID(ctx, explicit)
		}
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

// errSeveralProjects stops discovery when the key sees more than one project.
var errSeveralProjects = errors.New("the API key sees several projects, so one must be chosen")

func (c *Client) discoverProject(ctx context.Context) (string, error) {
	probes := []func(context.Context) (string, error){c.projectOfFirstFlow, c.projectOfFirstFolder}
	if c.Layout() == LayoutActivepieces {
		probes = append([]func(context.Context) (string, error){c.onlyProject}, probes...)
	}
	var failure error // the first failure other than a 4xx (which means "not this way")
	for _, probe := range probes {
		id, err := probe(ctx)
		if id != "" {
			return id, nil
		}
		status, _ := statusOf(err)
		switch {
		case errors.Is(err, errSeveralProjects):
			return "", fmt.Errorf("%w; %w", ErrNoProject, err)
		case status == http.StatusUnauthorized, ctx.Err() != nil:
			return "", err
		case err != nil && (status == 0 || status >= 500) && failure == nil:
			failure = err
		}
	}
	if failure != nil {
		return "", fmt.Errorf("%w; discovery failed: %w", ErrNoProject, failure)
	}
	return "", ErrNoProject
}

func (c *Client) projectOfFirstFlow(ctx context.Context) (string, error) {
	flows, err := c.ListFlows(ctx, ListFlowsParams{Page: Page{Limit: 1}})
	if err != nil || len(flows.Data) == 0 {
		return "", err
	}
	return flows.Data[0].ProjectID, nil
}

func (c *Client) projectOfFirstFolder(ctx context.Context) (string, error) {
	folders, err := c.ListFolders(ctx, "", Page{Limit: 1})
	if err != nil || len(folders.Data) == 0 {
		return "", err
	}
	return folders.Data[0].ProjectID, nil
}

// onlyProject asks Activepieces' platform API for the projects the key sees.
func (c *Client) onlyProject(ctx context.Context) (string, error) {
	projects, err := get[workflows.SeekPage[workflows.Base]](ctx, c, "/v1/projects", query{}.int("limit", 2).values())
	switch {
	case err != nil:
		return "", err
	case len(projects.Data) > 1:
		return "", errSeveralProjects
	case len(projects.Data) == 1:
		return projects.Data[0].ID, nil
	}
	return "", nil
}
