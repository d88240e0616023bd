package tools

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
)

func channelsToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("channels", "iMBRACE channel automations (iMBRACE backend only)").
		AddReadTools(ListChannelAutomations(c))
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
func ListChannelAutomations(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_channel_automations", Title: "List channel automations", Hints: toolkit.ReadHints, Narrow: "filter by channelType",
		Description: "List iMBRACE channel automations (e.g. WhatsApp), optionally of one channel type; not on the Activepieces backend."}
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
