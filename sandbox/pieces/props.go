package pieces

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The helpers below build metadata the way Activepieces' own pieces declare it
// (prop types, defaults and options), and read the props an action receives.

// pieceExtra is metadata Activepieces' piece schema requires beyond the model's fields.
func pieceExtra(minimumSupportedRelease string) workflows.Extra {
	return workflows.Extra{"projectUsage": metadataJSON(0), "minimumSupportedRelease": metadataJSON(minimumSupportedRelease)}
}

// actionExtra is metadata Activepieces' action schema requires beyond the model's fields.
func actionExtra() workflows.Extra {
	return workflows.Extra{"requireAuth": metadataJSON(true)}
}

// dropdownOption is one choice of a static dropdown.
type dropdownOption struct{ label, value string }

func dropdownProp(displayName, description string, required bool, defaultValue string, options ...dropdownOption) workflows.PieceProperty {
	type jsonOption struct {
		Label string `json:"label"`
		Value string `json:"value"`
	}
	list := make([]jsonOption, len(options))
	for i, o := range options {
		list[i] = jsonOption{o.label, o.value}
	}
	return workflows.PieceProperty{
		DisplayName:  displayName,
		Description:  description,
		Type:         "STATIC_DROPDOWN",
		Required:     required,
		DefaultValue: metadataJSON(defaultValue),
		Options:      metadataJSON(map[string]any{"disabled": false, "options": list}),
	}
}

func dynamicProp(displayName, description string, required bool, refreshers ...string) workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: displayName, Description: description, Type: "DYNAMIC",
		Required: required, Extra: workflows.Extra{"refreshers": metadataJSON(refreshers)}}
}

// arrayProp is a list of plain values. It declares no item properties, as
// the published pieces do, but carries the empty map that the current
// framework's schema requires of an ARRAY.
func arrayProp(displayName, description string, required bool) workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: displayName, Description: description, Type: "ARRAY", Required: required,
		Extra: workflows.Extra{"properties": metadataJSON(map[string]any{})}}
}

func markdownProp(value string) workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: "Markdown", Type: "MARKDOWN",
		Extra: workflows.Extra{"value": metadataJSON(value)}}
}

// metadataJSON encodes a value built by the metadata of a piece; it cannot fail.
func metadataJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

// textOr is a prop's value as text, or def when it is empty.
func textOr(v any, def string) string {
	if s := jsonvalue.Text(v); s != "" {
		return s
	}
	return def
}

// upstreamError is an error with the message the upstream piece fails with,
// capitalised as it writes it, since agents compare it with what a real
// server says.
func upstreamError(format string, args ...any) error {
	message := fmt.Sprintf(format, args...)
	return errors.New(message)
}
