package store

import (
	"encoding/json"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Project is a sandbox project as GET /v1/projects lists it.
type Project struct {
	workflows.Base
	DisplayName string `json:"displayName"`
	OwnerID     string `json:"ownerId"`
	PlatformID  string `json:"platformId"`
	ExternalID  string `json:"externalId,omitempty"`
}

// PlatformID is the platform every sandbox project belongs to.
const PlatformID = "sandboxP1atform000001"

// ChannelAutomation is a stored iMBRACE channel automation: the wire object and
// the channel type it is filtered by.
type ChannelAutomation struct {
	ChannelType string          `json:"channelType"`
	Wire        json.RawMessage `json:"wire"`
}
