package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func channelsToolset(c *client.Client) *toolset {
	return newToolset("channels", "iMBRACE channel automations (iMBRACE backend only)").
		addReadTools(ListChannelAutomations(c))
}

type listChannelAutomationsInput struct {
	ChannelType string `json:"channelType,omitempty" jsonschema_description:"Only this channel, e.g. whatsapp"`
}

type channelAutomationOut struct {
	ID     string   `json:"id"`
	Name   string   `json:"name,omitempty"`
	Active *bool    `json:"active,omitempty"`
	Tags   []string `json:"tags,omitempty" jsonschema_description:"Tag names"`
}

type listChannelAutomationsOutput struct {
	Automations []channelAutomationOut `json:"automations"`
}

// ListChannelAutomations lists iMBRACE channel automations (SDK listChannelAutomation).
func ListChannelAutomations(c *client.Client) server.ServerTool {
	sp := spec{name: "list_channel_automations", title: "List channel automations", hints: readHints, narrow: "filter by channelType",
		description: "List iMBRACE channel automations (e.g. WhatsApp), optionally of one channel type. Not available on the Activepieces backend."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listChannelAutomationsInput) (*listChannelAutomationsOutput, error) {
		list, err := c.ListChannelAutomation(ctx, in.ChannelType)
		if err != nil {
			return nil, err
		}
		out := &listChannelAutomationsOutput{Automations: []channelAutomationOut{}}
		for _, a := range list {
			ao := channelAutomationOut{ID: a.ID, Name: deref(a.Name), Active: a.Active}
			for _, t := range a.Tags {
				ao.Tags = append(ao.Tags, t.Name)
			}
			out.Automations = append(out.Automations, ao)
		}
		return out, nil
	})
}
