package toolkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
)

// MaxResultBytes caps the JSON of any result: past it the model gets a tool error
// that says how to ask for less, rather than a flood of tokens.
const MaxResultBytes = 32 << 10

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
	if len(data) > MaxResultBytes {
		if narrow == "" {
			narrow = "ask for fewer items"
		}
		return mcp.NewToolResultError(fmt.Sprintf("the result is %d bytes, over the %d-byte limit: %s.", len(data), MaxResultBytes, narrow)), nil
	}
	return mcp.NewToolResultStructured(json.RawMessage(data), string(data)), nil
}

// CutJSON returns raw as is when it is short, or else a string holding its first
// max bytes and a marker saying how much was cut and how to see it whole.
func CutJSON(raw json.RawMessage, max int, seeWhole string) any {
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
