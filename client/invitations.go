package client

import (
	"context"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListInvitationsParams filters ListInvitations; Type is required by the server.
type ListInvitationsParams struct {
	Type      workflows.InvitationType
	ProjectID string
	Status    workflows.InvitationStatus
	Page
}

// ListInvitations lists user invitations.
func (c *Client) ListInvitations(ctx context.Context, p ListInvitationsParams) (*workflows.SeekPage[workflows.UserInvitation], error) {
	if p.Type != workflows.InvitePlatform && p.Type != workflows.InviteProject {
		return nil, argumentError("type %q is not an invitation type: expected PLATFORM or PROJECT", p.Type)
	}
	q := p.Page.query().set("type", string(p.Type)).set("projectId", p.ProjectID).set("status", string(p.Status))
	return get[workflows.SeekPage[workflows.UserInvitation]](ctx, c, "/v1/user-invitations", q.values())
}

// DeleteInvitation deletes an invitation (servers answer 204 or 200).
func (c *Client) DeleteInvitation(ctx context.Context, invitationID string) error {
	path, err := idPath("invitationId", invitationID, "v1", "user-invitations")
	if err != nil {
		return err
	}
	return c.del(ctx, path)
}
