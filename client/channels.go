package client

import (
	"context"
	"errors"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ErrNotOnBackend is returned by operations the configured backend does not offer.
var ErrNotOnBackend = errors.New("not available on the activepieces backend: channel automations live in iMBRACE's channel service; use the imbrace backend")

// ListChannelAutomation lists iMBRACE channel automations, optionally of one channel type (e.g. whatsapp).
func (c *Client) ListChannelAutomation(ctx context.Context, channelType string) ([]workflows.ChannelAutomation, error) {
	if c.channelURL == "" {
		return nil, ErrNotOnBackend
	}
	var out struct {
		Data []workflows.ChannelAutomation `json:"data"`
	}
	r := request{method: "GET", base: c.channelURL, path: "/v1/workflows/channel_automation", query: query{}.set("channelType", channelType).values()}
	if err := c.call(ctx, r, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}
