package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListConnectionsParams filters ListConnections.
type ListConnectionsParams struct {
	ProjectID   string
	PieceName   string
	DisplayName string
	Status      []workflows.ConnectionStatus
	Scope       workflows.ConnectionScope
	Page
}

// ListConnections lists app connections, oldest first. Secret values are never returned.
func (c *Client) ListConnections(ctx context.Context, p ListConnectionsParams) (*workflows.SeekPage[workflows.AppConnection], error) {
	q := p.Page.query().set("projectId", p.ProjectID).set("pieceName", p.PieceName).set("displayName", p.DisplayName).
		list("status", strs(p.Status)...).set("scope", string(p.Scope))
	return get[workflows.SeekPage[workflows.AppConnection]](ctx, c, "/v1/app-connections", q.values())
}

// GetConnection returns an app connection. Servers without the route are served
// by listing the project's connections and picking the one with this id.
func (c *Client) GetConnection(ctx context.Context, connectionID string) (*workflows.AppConnection, error) {
	path, err := idPath("connectionId", connectionID, "v1", "app-connections")
	if err != nil {
		return nil, err
	}
	conn, err := get[workflows.AppConnection](ctx, c, path, nil)
	if err == nil || !routeMissing(err) {
		return conn, err
	}
	projectID, perr := c.ResolveProjectID(ctx, "")
	if perr != nil {
		return nil, perr
	}
	all, lerr := Collect(ctx, 1000, func(ctx context.Context, cursor string) (*workflows.SeekPage[workflows.AppConnection], error) {
		return c.ListConnections(ctx, ListConnectionsParams{ProjectID: projectID, Page: Page{Limit: 100, Cursor: cursor}})
	})
	if lerr != nil && !errors.Is(lerr, ErrTooManyPages) {
		return nil, lerr
	}
	for i := range all {
		if all[i].ID == connectionID {
			return &all[i], nil
		}
	}
	return nil, &APIError{Method: http.MethodGet, Path: path, Status: http.StatusNotFound, Code: "ENTITY_NOT_FOUND",
		Message: fmt.Sprintf("no app connection with id %s in project %s", connectionID, projectID)}
}

// routeMissing reports whether err is a 404 for the route itself rather than for an entity.
func routeMissing(err error) bool {
	status, code := statusOf(err)
	return (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) && code != "ENTITY_NOT_FOUND"
}

// UpsertConnection creates or replaces the connection with the request's externalId.
// The connection's secret values are removed from any error it returns.
func (c *Client) UpsertConnection(ctx context.Context, r workflows.UpsertConnectionRequest) (*workflows.AppConnection, error) {
	switch {
	case r.ExternalID == "":
		return nil, argumentError("externalId is required: the connection's stable key, used to upsert")
	case r.DisplayName == "":
		return nil, argumentError("displayName is required")
	case r.PieceName == "":
		return nil, argumentError("pieceName is required: the full piece name, e.g. @activepieces/piece-slack")
	case r.ProjectID == "":
		return nil, argumentError("projectId is required")
	case r.Type == "":
		return nil, argumentError("type is required: e.g. SECRET_TEXT, BASIC_AUTH, CUSTOM_AUTH, NO_AUTH, OAUTH2")
	}
	if r.Value.Type == "" {
		r.Value.Type = r.Type // the server wants value.type to repeat type
	}
	var out workflows.AppConnection
	req := request{method: http.MethodPost, path: "/v1/app-connections", body: r, secrets: secretsOf(r.Value)}
	if err := c.call(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// secretsOf lists every string inside a connection value except its type.
func secretsOf(v workflows.ConnectionValue) []string {
	v.Type = ""
	data, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var tree any
	if json.Unmarshal(data, &tree) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(tree)
	return out
}

// DeleteConnection deletes an app connection.
func (c *Client) DeleteConnection(ctx context.Context, connectionID string) error {
	path, err := idPath("connectionId", connectionID, "v1", "app-connections")
	if err != nil {
		return err
	}
	return c.del(ctx, path)
}
