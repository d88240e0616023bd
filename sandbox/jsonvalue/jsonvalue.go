package jsonvalue

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Text is how a value reads inside a longer string: text as it is, numbers
// and booleans as JavaScript prints them, objects and arrays as JSON, null as
// nothing.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(data)
	}
}

// Number reads a number, or a string holding one (a template that resolved
// to text).
func Number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

// Date reads an ISO-8601 date or date-time.
func Date(v any) (time.Time, bool) {
	s := strings.TrimSpace(Text(v))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// List accepts an array, or a string holding a JSON array.
func List(v any) ([]any, bool) {
	switch v := v.(type) {
	case []any:
		return v, true
	case string:
		var l []any
		if json.Unmarshal([]byte(v), &l) == nil {
			return l, true
		}
	}
	return nil, false
}

// Kind names a generic JSON value's type for messages.
func Kind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the text %q", Truncate(v, 80))
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

// Truncate shortens s to n bytes and an ellipsis, so a message quoting a
// caller's value stays readable.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
