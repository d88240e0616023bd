package client

import (
	"context"
	"errors"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestBadArgumentsFailBeforeAnyRequest(t *testing.T) {
	e := newEngine(t, answer(200, "{}"))
	c := mustNew(t, imbraceConfig(e))
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"GetFlow without id", func() error { _, err := c.GetFlow(ctx, "", ""); return err }, "flowId is required: pass the id of an existing entity"},
		{"GetFlow with a blank id", func() error { _, err := c.GetFlow(ctx, "  ", ""); return err }, "flowId is required: pass the id of an existing entity"},
		{"DeleteFlow with a dot id", func() error { return c.DeleteFlow(ctx, ".") }, `flowId "." is not an id: pass the id of an existing entity`},
		{"ApplyFlowOperation without id", func() error { _, err := c.ApplyFlowOperation(ctx, "", workflows.ChangeName("x")); return err }, "flowId is required: pass the id of an existing entity"},
		{"ApplyFlowOperation without type", func() error { _, err := c.ApplyFlowOperation(ctx, "f1", workflows.FlowOperation{}); return err }, "operation type is required: e.g. UPDATE_TRIGGER, ADD_ACTION, LOCK_AND_PUBLISH"},
		{"CreateFlow without name", func() error { _, err := c.CreateFlow(ctx, CreateFlowRequest{ProjectID: "p"}); return err }, "displayName is required: the new flow's name"},
		{"GetRun without id", func() error { _, err := c.GetRun(ctx, ""); return err }, "runId is required: pass the id of an existing entity"},
		{"GetFolder without id", func() error { _, err := c.GetFolder(ctx, ""); return err }, "folderId is required: pass the id of an existing entity"},
		{"CreateFolder without name", func() error { _, err := c.CreateFolder(ctx, CreateFolderRequest{ProjectID: "p"}); return err }, "displayName is required: the folder's name"},
		{"UpdateFolder without name", func() error { _, err := c.UpdateFolder(ctx, "fo1", ""); return err }, "displayName is required: the folder's new name"},
		{"DeleteFolder with a dot-dot id", func() error { return c.DeleteFolder(ctx, "..") }, `folderId ".." is not an id: pass the id of an existing entity`},
		{"GetConnection without id", func() error { _, err := c.GetConnection(ctx, ""); return err }, "connectionId is required: pass the id of an existing entity"},
		{"DeleteConnection without id", func() error { return c.DeleteConnection(ctx, "") }, "connectionId is required: pass the id of an existing entity"},
		{"UpsertConnection without externalId", func() error {
			_, err := c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{DisplayName: "x"})
			return err
		}, "externalId is required: the connection's stable key, used to upsert"},
		{"UpsertConnection without pieceName", func() error {
			_, err := c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{ExternalID: "x", DisplayName: "x"})
			return err
		}, "pieceName is required: the full piece name, e.g. @activepieces/piece-slack"},
		{"UpsertConnection without type", func() error {
			_, err := c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{ExternalID: "x", DisplayName: "x", PieceName: "p", ProjectID: "p"})
			return err
		}, "type is required: e.g. SECRET_TEXT, BASIC_AUTH, CUSTOM_AUTH, NO_AUTH, OAUTH2"},
		{"GetPiece without name", func() error { _, err := c.GetPiece(ctx, "", ""); return err }, "pieceName is required: pass the id of an existing entity"},
		{"GetPiece with only a scope", func() error { _, err := c.GetPiece(ctx, "@activepieces/", ""); return err }, "pieceName is required: pass the id of an existing entity"},
		{"TestTrigger without version", func() error { _, err := c.TestTrigger(ctx, TestTriggerRequest{FlowID: "f1"}); return err }, "flowId and flowVersionId are required to test a trigger"},
		{"GetTable without id", func() error { _, err := c.GetTable(ctx, ""); return err }, "tableId is required: pass the id of an existing entity"},
		{"ListRecords without table", func() error { _, err := c.ListRecords(ctx, "", Page{}); return err }, "tableId is required to list records"},
		{"ListMcpServers without project", func() error { _, err := c.ListMcpServers(ctx, "", Page{}); return err }, "projectId is required to list MCP servers"},
		{"CreateMcpServer without project", func() error { _, err := c.CreateMcpServer(ctx, CreateMcpServerRequest{}); return err }, "projectId is required to create an MCP server"},
		{"GetMcpServer without id", func() error { _, err := c.GetMcpServer(ctx, ""); return err }, "mcpServerId is required: pass the id of an existing entity"},
		{"DeleteMcpServer without id", func() error { return c.DeleteMcpServer(ctx, "") }, "mcpServerId is required: pass the id of an existing entity"},
		{"RotateMcpToken without id", func() error { _, err := c.RotateMcpToken(ctx, ""); return err }, "mcpServerId is required: pass the id of an existing entity"},
		{"ListInvitations without type", func() error { _, err := c.ListInvitations(ctx, ListInvitationsParams{}); return err }, `type "" is not an invitation type: expected PLATFORM or PROJECT`},
		{"ListInvitations with a bad type", func() error {
			_, err := c.ListInvitations(ctx, ListInvitationsParams{Type: "TEAM"})
			return err
		}, `type "TEAM" is not an invitation type: expected PLATFORM or PROJECT`},
		{"DeleteInvitation without id", func() error { return c.DeleteInvitation(ctx, "") }, "invitationId is required: pass the id of an existing entity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var argErr *ArgumentError
			if !errors.As(err, &argErr) || err.Error() != tc.want {
				t.Errorf("err = %v, want an ArgumentError %q", err, tc.want)
			}
		})
	}
	if e.count() != 0 {
		t.Errorf("engine got %d requests for bad arguments, want 0", e.count())
	}
}

func TestUpsertConnectionFillsValueType(t *testing.T) {
	e := newEngine(t, answer(201, connectionJSON))
	_, err := mustNew(t, imbraceConfig(e)).UpsertConnection(context.Background(), workflows.UpsertConnectionRequest{
		ExternalID: "x", DisplayName: "X", PieceName: "@activepieces/piece-x", ProjectID: "p1", Type: workflows.ConnCustomAuth,
		Value: workflows.ConnectionValue{Props: map[string]any{"host": "db.local", "port": 5432}, Extra: workflows.Extra{"region": []byte(`"eu"`)}}})
	if err != nil {
		t.Fatal(err)
	}
	jsontest.Same(t, "value", []byte(`{"type": "CUSTOM_AUTH", "props": {"host": "db.local", "port": 5432}, "region": "eu"}`), jsontest.Member(t, e.only().Body, "value"))
}

func TestPathsAreEscaped(t *testing.T) {
	e := newEngine(t, answer(200, `{"id":"e1"}`)) // a write must be answered with an entity
	c := mustNew(t, imbraceConfig(e))
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"scoped piece with odd characters", func() error { _, err := c.GetPiece(ctx, "@my scope/piece x", ""); return err }, "/activepieces/v1/pieces/@my%20scope/piece%20x"},
		{"piece name with more slashes", func() error { _, err := c.GetPiece(ctx, "@s/a/b", ""); return err }, "/activepieces/v1/pieces/@s/a%2Fb"},
		{"unscoped piece", func() error { _, err := c.GetPiece(ctx, "piece-webhook", ""); return err }, "/activepieces/v1/pieces/piece-webhook"},
		{"query and fragment characters", func() error { _, err := c.GetRun(ctx, "a?b#c"); return err }, "/activepieces/v1/flow-runs/a%3Fb%23c"},
		{"an already escaped id is escaped again", func() error { return c.DeleteFlow(ctx, "a%2Fb") }, "/activepieces/v1/flows/a%252Fb"},
		{"rotate under an escaped id", func() error { _, err := c.RotateMcpToken(ctx, "m/1"); return err }, "/activepieces/v1/mcp-servers/m%2F1/rotate"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			if got := e.requests()[i].Path; got != tc.want {
				t.Errorf("path %s, want %s", got, tc.want)
			}
		})
	}
}
