package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
)

// runScope is what templates can reference during a run: "trigger" and every
// step that has run so far, each mapped to its output as a generic JSON value
// (map[string]any, []any, string, float64, bool or nil).
type runScope map[string]any

// resolveTemplates replaces the {{...}} references in every string inside v
// (maps and slices are walked). A string that is exactly one reference becomes
// the referenced value itself (an object stays an object); references embedded
// in longer text are stringified, objects and arrays as JSON. A reference to
// something that does not exist resolves to null, or to "" inside text.
func resolveTemplates(v any, scope runScope) (any, error) {
	switch v := v.(type) {
	case string:
		return resolveTemplateString(v, scope)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			r, err := resolveTemplates(item, scope)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			r, err := resolveTemplates(item, scope)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	default:
		return v, nil
	}
}

func resolveTemplateString(s string, scope runScope) (any, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	if strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}") && strings.Count(s, "{{") == 1 {
		return lookupReference(s[2:len(s)-2], scope)
	}
	var b strings.Builder
	rest := s
	for {
		start := strings.Index(rest, "{{")
		if start < 0 {
			break
		}
		end := strings.Index(rest[start:], "}}")
		if end < 0 {
			break // an unclosed "{{" is plain text
		}
		b.WriteString(rest[:start])
		value, err := lookupReference(rest[start+2:start+end], scope)
		if err != nil {
			return nil, err
		}
		b.WriteString(jsonvalue.Text(value))
		rest = rest[start+end+2:]
	}
	b.WriteString(rest)
	return b.String(), nil
}

// lookupReference resolves one reference such as trigger.body.items[0].name,
// step_1.output.id, step_1.id or step_1['output']["id"]. Activepieces lets a
// reference name a step's output directly, so an "output" right after the
// step name is optional unless the output itself has an "output" member.
func lookupReference(expr string, scope runScope) (any, error) {
	path, ok := parseReference(strings.TrimSpace(expr))
	if !ok {
		return nil, fmt.Errorf("cannot evaluate {{%s}}: the sandbox resolves references such as {{trigger.body.x}}, "+
			"{{step_1.field}} or {{step_1.items[0].name}}, not JavaScript expressions", strings.TrimSpace(expr))
	}
	value, found := scope[path[0]]
	if !found {
		return nil, nil
	}
	rest := path[1:]
	if len(rest) > 0 && rest[0] == "output" {
		if m, isMap := value.(map[string]any); !isMap || m["output"] == nil {
			rest = rest[1:]
		}
	}
	for _, key := range rest {
		switch v := value.(type) {
		case map[string]any:
			value = v[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(v) {
				return nil, nil
			}
			value = v[i]
		default:
			return nil, nil
		}
	}
	return value, nil
}

// parseReference splits a reference into its root name and keys; array
// indexes and quoted bracket keys become plain keys.
func parseReference(expr string) ([]string, bool) {
	end := strings.IndexAny(expr, ".[")
	if end < 0 {
		end = len(expr)
	}
	root := expr[:end]
	if !isIdentifier(root) {
		return nil, false
	}
	path := []string{root}
	rest := expr[end:]
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			n := strings.IndexAny(rest, ".[")
			if n < 0 {
				n = len(rest)
			}
			key := rest[:n]
			if !isPathKey(key) {
				return nil, false
			}
			path, rest = append(path, key), rest[n:]
		case '[':
			closing := strings.IndexByte(rest, ']')
			if closing < 0 {
				return nil, false
			}
			key := strings.TrimSpace(rest[1:closing])
			if n := len(key); n >= 2 && (key[0] == '\'' || key[0] == '"') && key[n-1] == key[0] {
				key = key[1 : n-1]
			} else if _, err := strconv.Atoi(key); err != nil {
				return nil, false
			}
			path, rest = append(path, key), rest[closing+1:]
		default:
			return nil, false
		}
	}
	return path, true
}

// isPathKey reports whether key may follow a dot: letters, digits, "_" and "-"
// (header names such as content-type have dashes). Other keys need ['...'].
func isPathKey(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// isIdentifier reports whether s is a step name: ^[a-zA-Z_][a-zA-Z0-9_]*$.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
