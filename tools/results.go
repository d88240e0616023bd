package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
)

// maxResultBytes caps the JSON of any result: past it the model gets a tool error
// that says how to ask for less, rather than a flood of tokens.
const maxResultBytes = 32 << 10

// maxStepDataBytes bounds one step input or output in a run's full detail.
const maxStepDataBytes = 2000

// compactJSON encodes v without indentation or HTML escaping.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// structured makes a success result: the value as structuredContent and the same
// compact JSON as text. A result over the cap becomes a tool error saying how to narrow it.
func structured(v any, narrow string) (*mcp.CallToolResult, error) {
	data, err := compactJSON(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	if len(data) > maxResultBytes {
		if narrow == "" {
			narrow = "ask for fewer items"
		}
		return mcp.NewToolResultError(fmt.Sprintf("the result is %d bytes, over the %d-byte limit: %s.", len(data), maxResultBytes, narrow)), nil
	}
	return mcp.NewToolResultStructured(json.RawMessage(data), string(data)), nil
}

// cutJSON returns raw as is when it is short, or else a string holding its first
// max bytes and a marker saying how much was cut and how to see it whole.
func cutJSON(raw json.RawMessage, max int, seeWhole string) any {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if len(raw) <= max {
		return raw
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return fmt.Sprintf("%s…[cut: %d of %d bytes shown; %s]", raw[:cut], cut, len(raw), seeWhole)
}

// pageInfo is the paging part of every list result.
type pageInfo struct {
	NextCursor string `json:"nextCursor,omitempty" jsonschema_description:"Pass as cursor to get the next page"`
	HasMore    bool   `json:"hasMore" jsonschema_description:"True when more items follow"`
}

func pageOf(next *string) pageInfo {
	if next == nil || *next == "" {
		return pageInfo{}
	}
	return pageInfo{NextCursor: *next, HasMore: true}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
