package tools

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/invopop/jsonschema"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func connectionsToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("connections", "App connections: stored credentials for pieces (secrets are never shown)").
		AddReadTools(ListConnections(c), GetConnection(c)).
		AddWriteTools(UpsertConnection(c), DeleteConnection(c))
}

const findConnections = "list_connections lists connection ids"

// connectionOut is an app connection without its secret.
type connectionOut struct {
	ID           string         `json:"id" jsonschema_description:"Connection id"`
	ExternalID   string         `json:"externalId" jsonschema_description:"Key used by upsert_connection and in flows"`
	DisplayName  string         `json:"displayName"`
	PieceName    string         `json:"pieceName"`
	Type         string         `json:"type" jsonschema_description:"Credential kind, e.g. SECRET_TEXT"`
	Status       string         `json:"status" jsonschema_description:"ACTIVE, MISSING or ERROR"`
	Scope        string         `json:"scope,omitempty" jsonschema_description:"PROJECT or PLATFORM"`
	Updated      string         `json:"updated,omitempty"`
	PieceVersion string         `json:"pieceVersion,omitempty" jsonschema_description:"detail=full"`
	ProjectIDs   []string       `json:"projectIds,omitempty" jsonschema_description:"detail=full"`
	FlowIDs      []string       `json:"flowIds,omitempty" jsonschema_description:"detail=full: flows using it"`
	Metadata     map[string]any `json:"metadata,omitempty" jsonschema_description:"detail=full"`
}

func connectionOf(a *workflows.AppConnection, full bool) connectionOut {
	out := connectionOut{ID: a.ID, ExternalID: a.ExternalID, DisplayName: a.DisplayName, PieceName: a.PieceName, Type: string(a.Type),
		Status: string(a.Status), Scope: string(a.Scope), Updated: a.Updated}
	if full {
		out.PieceVersion, out.FlowIDs = a.PieceVersion, a.FlowIDs
		out.ProjectIDs = a.ProjectIDs
		if len(out.ProjectIDs) == 0 && a.ProjectID != "" {
			out.ProjectIDs = []string{a.ProjectID}
		}
		var meta map[string]any
		if json.Unmarshal(a.Metadata, &meta) == nil && len(meta) > 0 {
			out.Metadata = meta
		}
	}
	return out
}

type listConnectionsInput struct {
	projectArg
	PieceName   string `json:"pieceName,omitempty" jsonschema_description:"Only this piece's, e.g. @activepieces/piece-slack"`
	DisplayName string `json:"displayName,omitempty" jsonschema_description:"Only with this name"`
	Status      string `json:"status,omitempty" jsonschema:"enum=ACTIVE,enum=MISSING,enum=ERROR" jsonschema_description:"Only with this status"`
	Scope       string `json:"scope,omitempty" jsonschema:"enum=PROJECT,enum=PLATFORM" jsonschema_description:"Only of this scope"`
	pageArgs
}

type listConnectionsOutput struct {
	Connections []connectionOut `json:"connections" jsonschema_description:"Oldest first"`
	pageInfo
}

// ListConnections lists app connections (SDK listConnections).
func ListConnections(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_connections", Title: "List connections", Hints: toolkit.ReadHints, Narrow: "use a smaller limit or filter by pieceName",
		Description: "List app connections (credentials for pieces), oldest first, without secrets."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listConnectionsInput) (*listConnectionsOutput, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		p := client.ListConnectionsParams{ProjectID: projectID, PieceName: in.PieceName, DisplayName: in.DisplayName,
			Scope: workflows.ConnectionScope(in.Scope), Page: in.page()}
		if in.Status != "" {
			p.Status = []workflows.ConnectionStatus{workflows.ConnectionStatus(in.Status)}
		}
		page, err := c.ListConnections(ctx, p)
		if err != nil {
			return nil, err
		}
		out := &listConnectionsOutput{Connections: []connectionOut{}, pageInfo: pageOf(page.Next)}
		for i := range page.Data {
			out.Connections = append(out.Connections, connectionOf(&page.Data[i], false))
		}
		return out, nil
	})
}

type connectionIDInput struct {
	ConnectionID string `json:"connectionId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Connection id"`
}

type getConnectionInput struct {
	connectionIDInput
	detailArg
}

// GetConnection returns an app connection without its secret (SDK getConnection).
func GetConnection(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_connection", Title: "Get connection", Hints: toolkit.ReadHints, FindIDs: findConnections,
		Description: "Get an app connection (never its secret); detail=full adds flows using it and metadata."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getConnectionInput) (*connectionOut, error) {
		a, err := c.GetConnection(ctx, in.ConnectionID)
		if err != nil {
			return nil, err
		}
		out := connectionOf(a, in.full())
		return &out, nil
	})
}

type upsertConnectionInput struct {
	ExternalID  string `json:"externalId" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Your key for it; the same key replaces it"`
	DisplayName string `json:"displayName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Name shown"`
	PieceName   string `json:"pieceName" jsonschema:"minLength=1" jsonschema_description:"Full piece name, e.g. @activepieces/piece-slack"`
	projectArg
	Type         string      `json:"type" jsonschema:"enum=SECRET_TEXT,enum=BASIC_AUTH,enum=CUSTOM_AUTH,enum=NO_AUTH,enum=OAUTH2,enum=CLOUD_OAUTH2,enum=PLATFORM_OAUTH2" jsonschema_description:"Kind of credential"`
	Value        secretValue `json:"value,omitempty" jsonschema_description:"SECRET_TEXT {secret_text}; BASIC_AUTH {username,password}; CUSTOM_AUTH {props}; OAUTH2 {client_id,client_secret,code,redirect_url,scope}"`
	PieceVersion string      `json:"pieceVersion,omitempty" jsonschema_description:"Default: latest"`
}

// secretValue is a credential's secret part: marked writeOnly, so that argument
// errors never quote it.
type secretValue map[string]any

// JSONSchemaExtend marks the value as write-only.
func (secretValue) JSONSchemaExtend(s *jsonschema.Schema) { s.WriteOnly = true }

// connectionValueKeys lists the value members each credential type needs.
var connectionValueKeys = map[string][]string{
	"SECRET_TEXT":     {"secret_text"},
	"BASIC_AUTH":      {"username", "password"},
	"CUSTOM_AUTH":     {"props"},
	"NO_AUTH":         {},
	"OAUTH2":          {"client_id", "client_secret", "code", "redirect_url"},
	"CLOUD_OAUTH2":    {"client_id", "code"},
	"PLATFORM_OAUTH2": {"client_id", "code"},
}

// Check requires the value keys the connection type needs, and a value type
// that agrees with type.
func (in *upsertConnectionInput) Check() error {
	for _, key := range connectionValueKeys[in.Type] {
		if _, ok := in.Value[key]; !ok {
			return toolkit.MissingErr("value."+key, "the "+key+" of a "+in.Type+" connection")
		}
	}
	if t, ok := in.Value["type"]; ok && t != in.Type {
		// Values are secret: name the field, never echo its content.
		return toolkit.FieldErr("value.type", "the same type as type ("+in.Type+"), or nothing", nil)
	}
	_, err := connectionValue(in.Type, in.Value)
	return err
}

// UpsertConnection creates or replaces an app connection (SDK upsertConnection).
func UpsertConnection(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "upsert_connection", Title: "Create or replace connection", Hints: toolkit.CredentialHints,
		Description: "Store a credential for a piece under externalId (replacing one with the same key). The engine checks it with the piece's service; the secret is never returned."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *upsertConnectionInput) (*connectionOut, error) {
		projectID, err := c.ResolveProjectID(ctx, in.ProjectID)
		if err != nil {
			return nil, err
		}
		value, err := connectionValue(in.Type, in.Value)
		if err != nil {
			return nil, err
		}
		a, err := c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{ExternalID: in.ExternalID, DisplayName: in.DisplayName,
			PieceName: in.PieceName, ProjectID: projectID, Type: workflows.ConnectionType(in.Type), Value: value, PieceVersion: in.PieceVersion})
		if err != nil {
			return nil, err
		}
		out := connectionOf(a, false)
		return &out, nil
	})
}

// DeleteConnection deletes an app connection (SDK deleteConnection).
func DeleteConnection(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_connection", Title: "Delete connection", Hints: toolkit.DeleteHints, FindIDs: findConnections,
		Description: "Delete an app connection. Flows using it stop working until given another."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *connectionIDInput) (*deleted, error) {
		if err := c.DeleteConnection(ctx, in.ConnectionID); err != nil {
			return nil, err
		}
		return &deleted{Deleted: true, ID: in.ConnectionID}, nil
	})
}

// connectionValue builds the secret part of an upsert: the members the client
// types declare go in their fields (Extra may not repeat them), the rest in Extra.
func connectionValue(typ string, in map[string]any) (workflows.ConnectionValue, error) {
	v := workflows.ConnectionValue{Type: workflows.ConnectionType(typ)}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var ok bool
		switch k {
		case "type":
			ok = true
		case "secret_text":
			v.SecretText, ok = in[k].(string)
		case "username":
			v.Username, ok = in[k].(string)
		case "password":
			v.Password, ok = in[k].(string)
		case "props":
			v.Props, ok = in[k].(map[string]any)
		default:
			raw, err := json.Marshal(in[k])
			if err != nil {
				return v, toolkit.FieldErr("value."+k, "a JSON value", nil)
			}
			if v.Extra == nil {
				v.Extra = workflows.Extra{}
			}
			v.Extra[k], ok = raw, true
		}
		if !ok {
			expected := "a string"
			if k == "props" {
				expected = "an object"
			}
			// Values are secret: name the field, never echo its content.
			return v, toolkit.FieldErr("value."+k, expected, nil)
		}
	}
	return v, nil
}
