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
// compact JSON as text. A result over the cap first has its long strings cut
// (see cutLongStrings), so that one huge name does not make a list fail at any
// page size; a result still over the cap becomes a tool error saying how to
// narrow it, and, for a tool that changed something, which item it made.
func structured(v any, sp Spec) (*mcp.CallToolResult, error) {
	data, err := compactJSON(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	whole := data
	for _, limit := range cutSteps {
		if len(data) <= MaxResultBytes {
			break
		}
		// Cut from the whole result each time, so that a marker gives the
		// string's real length.
		if cut, err := cutLongStrings(whole, limit); err == nil {
			data = cut
		}
	}
	if len(data) > MaxResultBytes {
		narrow := narrowHint(sp, resultID(data))
		if narrow == "" {
			narrow = "ask for fewer items"
		}
		return mcp.NewToolResultError(fmt.Sprintf("the result is %d bytes, over the %d-byte limit: %s.", len(data), MaxResultBytes, narrow)), nil
	}
	return mcp.NewToolResultStructured(json.RawMessage(data), string(data)), nil
}

// cutSteps are the lengths long strings are cut to, in turn, until a result fits.
var cutSteps = []int{1000, 200, 40}

// cutLongStrings re-encodes a JSON document with every string longer than
// limit bytes cut to its first limit bytes and a marker giving its length.
func cutLongStrings(data []byte, limit int) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers stay exactly as they were
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return compactJSON(cutValue(v, limit))
}

func cutValue(v any, limit int) any {
	switch v := v.(type) {
	case string:
		if len(v) <= limit {
			return v
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		return fmt.Sprintf("%s…[cut, %d bytes]", v[:cut], len(v))
	case map[string]any:
		for k, x := range v {
			v[k] = cutValue(x, limit)
		}
	case []any:
		for i, x := range v {
			v[i] = cutValue(x, limit)
		}
	}
	return v
}

// resultID is the top-level id of a result object, or "".
func resultID(data []byte) string {
	var head struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(data, &head) != nil {
		return ""
	}
	return head.ID
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
