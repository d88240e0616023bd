package engine

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun"
)

// runScope is what templates can reference during a run: "trigger" and every
// step that has run so far, each mapped to its output as a generic JSON value
// (map[string]any, []any, string, float64, bool or nil).
type runScope map[string]any

// templater resolves the {{...}} templates of a run's step inputs, as
// Activepieces' props resolver does: the inside of the braces is a
// JavaScript expression over "trigger" and the outputs of the steps that
// have run, by step name. A string that is exactly one template becomes the
// expression's value itself (an object stays an object); templates embedded
// in longer text are stringified, objects and arrays as JSON. An expression
// whose value is undefined or null, or that throws (a reference to a step
// that has not run, a typo), resolves to null, or to "" inside text:
// Activepieces also leaves it empty rather than fail the step. Only broken
// limits fail the step.
//
// A plain reference such as trigger.body.items[0].name is looked up in Go
// (lookupReference), which is much cheaper than starting JavaScript; every
// other expression of a value goes to js in one batch.
type templater struct {
	ctx   context.Context
	js    JSRunner
	scope runScope
}

// resolve replaces the templates in every string inside v (maps and slices
// are walked).
func (t templater) resolve(v any) (any, error) {
	var exprs []string
	collectExpressions(v, t.scope, &exprs)
	values := map[string]any{}
	if len(exprs) > 0 {
		if t.js == nil {
			return nil, errors.New("the sandbox has no JavaScript runner for the expressions of {{...}} templates")
		}
		results, err := t.js.Eval(t.ctx, exprs, t.scope)
		if err != nil {
			return nil, err
		}
		for i, e := range exprs {
			values[e] = results[i]
		}
	}
	return substitute(v, t.scope, values), nil
}

// resolveString resolves the templates in one string.
func (t templater) resolveString(s string) (any, error) { return t.resolve(s) }

// collectExpressions lists, once each, the expressions in v's templates that
// lookupReference cannot resolve.
func collectExpressions(v any, scope runScope, exprs *[]string) {
	switch v := v.(type) {
	case string:
		forEachTemplate(v, func(expr string) {
			if _, ok := lookupReference(expr, scope); !ok && !slices.Contains(*exprs, expr) {
				*exprs = append(*exprs, expr)
			}
		})
	case map[string]any:
		for _, item := range v {
			collectExpressions(item, scope, exprs)
		}
	case []any:
		for _, item := range v {
			collectExpressions(item, scope, exprs)
		}
	}
}

// substitute replaces the templates in v, taking each expression's value
// from lookupReference or else from values.
func substitute(v any, scope runScope, values map[string]any) any {
	switch v := v.(type) {
	case string:
		return substituteString(v, scope, values)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = substitute(item, scope, values)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = substitute(item, scope, values)
		}
		return out
	default:
		return v
	}
}

func substituteString(s string, scope runScope, values map[string]any) any {
	value := func(expr string) any {
		if v, ok := lookupReference(expr, scope); ok {
			return v
		}
		return values[expr]
	}
	if expr, whole := wholeTemplate(s); whole {
		return value(expr)
	}
	if !strings.Contains(s, "{{") {
		return s
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
		b.WriteString(jsonvalue.Text(value(strings.TrimSpace(rest[start+2 : start+end]))))
		rest = rest[start+end+2:]
	}
	b.WriteString(rest)
	return b.String()
}

// wholeTemplate reports whether s is exactly one template, and its expression.
func wholeTemplate(s string) (string, bool) {
	if len(s) >= 4 && strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}") && strings.Count(s, "{{") == 1 {
		return strings.TrimSpace(s[2 : len(s)-2]), true
	}
	return "", false
}

// forEachTemplate calls fn with the (trimmed) expression of each template in s.
func forEachTemplate(s string, fn func(expr string)) {
	if expr, whole := wholeTemplate(s); whole {
		fn(expr)
		return
	}
	for rest := s; ; {
		start := strings.Index(rest, "{{")
		if start < 0 {
			return
		}
		end := strings.Index(rest[start:], "}}")
		if end < 0 {
			return
		}
		fn(strings.TrimSpace(rest[start+2 : start+end]))
		rest = rest[start+end+2:]
	}
}

// lookupReference resolves a plain reference such as trigger.body.items[0].name,
// step_1.output.id, step_1.id or step_1['output']["id"] without JavaScript,
// giving what JavaScript would give; ok is false when it cannot tell (the
// expression is not a plain reference, or reads what only JavaScript knows,
// such as an array's length or a global such as Math), and the expression
// must be evaluated. Two forms JavaScript reads otherwise keep the meaning
// the sandbox always gave them: a dashed key (trigger.headers.content-type)
// and a dotted index (items.0.name). Activepieces lets a reference name a
// step's output directly, so an "output" right after the step name is
// optional unless the output itself has an "output" member.
func lookupReference(expr string, scope runScope) (value any, ok bool) {
	path, ok := parseReference(expr)
	if !ok {
		return nil, false
	}
	value, found := scope[path[0]]
	if !found {
		return nil, !jsrun.IsGlobal(path[0]) // else a ReferenceError, which leaves the template empty
	}
	rest := path[1:]
	if len(rest) > 0 && rest[0] == "output" {
		if m, isMap := value.(map[string]any); !isMap || m["output"] == nil {
			rest = rest[1:]
		}
	}
	for _, key := range rest {
		switch v := value.(type) {
		case nil:
			return nil, true // reading a member of undefined throws: empty
		case map[string]any:
			member, has := v[key]
			if !has && inheritedMember(key) {
				return nil, false
			}
			value = member
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || key != strconv.Itoa(i) {
				return nil, false // length, or a method
			}
			if i >= len(v) {
				return nil, true
			}
			value = v[i]
		default:
			return nil, false // a string's length, a number's method...
		}
	}
	return value, true
}

// inheritedMember reports whether every JavaScript object has a member of
// that name, from Object.prototype.
func inheritedMember(key string) bool {
	switch key {
	case "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf":
		return true
	}
	return strings.HasPrefix(key, "__")
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
