package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func invitationsToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("invitations", "Invitations of users to the platform or a project").
		AddReadTools(ListInvitations(c)).
		AddWriteTools(DeleteInvitation(c))
}

type listInvitationsInput struct {
	Type      string `json:"type" jsonschema:"enum=PLATFORM,enum=PROJECT" jsonschema_description:"Platform or project invitations"`
	ProjectID string `json:"projectId,omitempty" jsonschema_description:"PROJECT: default the configured or found one"`
	Status    string `json:"status,omitempty" jsonschema:"enum=PENDING,enum=ACCEPTED" jsonschema_description:"Only with this status"`
	pageArgs
}

type invitationOut struct {
	ID           string `json:"id" jsonschema_description:"Invitation id"`
	Email        string `json:"email"`
	Status       string `json:"status" jsonschema_description:"PENDING or ACCEPTED"`
	Type         string `json:"type" jsonschema_description:"PLATFORM or PROJECT"`
	ProjectID    string `json:"projectId,omitempty"`
	PlatformRole string `json:"platformRole,omitempty"`
	Created      string `json:"created,omitempty"`
}

type listInvitationsOutput struct {
	Invitations []invitationOut `json:"invitations"`
	pageInfo
}

// ListInvitations lists user invitations (SDK listInvitations).
func ListInvitations(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_invitations", Title: "List invitations", Hints: toolkit.ReadHints, Narrow: "use a smaller limit or filter by status",
		Description: "List platform or project invitations with their email and status."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listInvitationsInput) (*listInvitationsOutput, error) {
		projectID := in.ProjectID
		if in.Type == "PROJECT" {
			var err error
			if projectID, err = c.ResolveProjectID(ctx, in.ProjectID); err != nil {
				return nil, err
			}
		}
		page, err := c.ListInvitations(ctx, client.ListInvitationsParams{Type: workflows.InvitationType(in.Type), ProjectID: projectID,
			Status: workflows.InvitationStatus(in.Status), Page: in.page()})
		if err != nil {
			return nil, err
		}
		out := &listInvitationsOutput{Invitations: []invitationOut{}, pageInfo: pageOf(page.Next)}
		for _, inv := range page.Data {
			out.Invitations = append(out.Invitations, invitationOut{ID: inv.ID, Email: inv.Email, Status: string(inv.Status), Type: string(inv.Type),
				ProjectID: deref(inv.ProjectID), PlatformRole: deref(inv.PlatformRole), Created: inv.Created})
		}
		return out, nil
	})
}

type invitationIDInput struct {
	InvitationID string `json:"invitationId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Invitation id"`
}

// DeleteInvitation deletes an invitation (SDK deleteInvitation).
func DeleteInvitation(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "delete_invitation", Title: "Delete invitation", Hints: toolkit.DeleteHints, FindIDs: "list_invitations lists invitation ids",
		Description: "Delete (revoke) an invitation."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *invitationIDInput) (*deleted, error) {
		if err := c.DeleteInvitation(ctx, in.InvitationID); err != nil {
			return nil, err
		}
		return &deleted{Deleted: true, ID: in.InvitationID}, nil
	})
}
