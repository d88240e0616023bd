package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// FieldError says which argument is wrong and what was expected instead.
type FieldError struct {
	Path     string // e.g. "limit", "steps[0].pieceName"; empty for the arguments as a whole
	Problem  string // "missing", "unknown" or "invalid"
	Expected string // what a valid value looks like
	Got      string // a short rendering of what was sent, when relevant
}

func (e *FieldError) Error() string {
	var b strings.Builder
	switch e.Problem {
	case "missing":
		fmt.Fprintf(&b, "missing required argument %s: expected %s", e.Path, e.Expected)
	case "unknown":
		fmt.Fprintf(&b, "unknown argument %s: expected one of %s", e.Path, e.Expected)
	default:
		if e.Path == "" {
			fmt.Fprintf(&b, "invalid arguments: expected %s", e.Expected)
		} else {
			fmt.Fprintf(&b, "invalid argument %s: expected %s", e.Path, e.Expected)
		}
		if e.Got != "" {
			fmt.Fprintf(&b, ", got %s", e.Got)
		}
	}
	return b.String()
}

// ValidationError lists every problem found in a set of arguments, in a stable order.
type ValidationError struct {
	Fields []*FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "; ")
}

// node is the subset of JSON Schema the generator emits and Validate understands.
type node struct {
	Type                 string           `json:"type"`
	Description          string           `json:"description"`
	Properties           map[string]*node `json:"properties"`
	Required             []string         `json:"required"`
	AdditionalProperties json.RawMessage  `json:"additionalProperties"`
	Items                *node            `json:"items"`
	Enum                 []any            `json:"enum"`
	Pattern              string           `json:"pattern"`
	MinLength            *int             `json:"minLength"`
	MaxLength            *int             `json:"maxLength"`
	Minimum              *float64         `json:"minimum"`
	Maximum              *float64         `json:"maximum"`
	MinItems             *int             `json:"minItems"`
	MaxItems             *int             `json:"maxItems"`
	WriteOnly            bool             `json:"writeOnly"` // a secret: never echoed in an error

	order   []string // property names in schema order
	pattern *regexp.Regexp
	extra   *node // additionalProperties as a schema, when it is one
	closed  bool  // additionalProperties false
}

var compiled sync.Map // string(schema) → *node

func compile(raw json.RawMessage) (*node, error) {
	if n, ok := compiled.Load(string(raw)); ok {
		return n.(*node), nil
	}
	var n node
	if err := json.Unmarshal(raw, &n); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	compiled.Store(string(raw), &n)
	return &n, nil
}

// UnmarshalJSON reads a schema node: the boolean schema true (anything goes), or an
// object whose property order is kept and whose pattern is compiled.
func (n *node) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("true")) {
		return nil
	}
	type plain node
	if err := json.Unmarshal(data, (*plain)(n)); err != nil {
		return err
	}
	if n.Pattern != "" {
		re, err := regexp.Compile(n.Pattern)
		if err != nil {
			return fmt.Errorf("pattern %q: %w", n.Pattern, err)
		}
		n.pattern = re
	}
	if len(n.Properties) > 0 {
		var shape struct {
			Properties json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(data, &shape); err != nil {
			return err
		}
		order, err := objectKeys(shape.Properties)
		if err != nil {
			return err
		}
		n.order = order
	}
	switch ap := bytes.TrimSpace(n.AdditionalProperties); {
	case bytes.Equal(ap, []byte("false")), len(ap) == 0 && len(n.Properties) > 0:
		// An object that lists its properties is a struct's: closed, whether
		// or not its schema says so (Generate leaves the marker out).
		n.closed = true
	case len(ap) > 0 && ap[0] == '{':
		var extra node
		if err := json.Unmarshal(ap, &extra); err != nil {
			return err
		}
		n.extra = &extra
	}
	return nil
}

// objectKeys returns the member names of a JSON object in document order.
func objectKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// maxReported bounds how many problems one ValidationError lists.
const maxReported = 5

// Validate checks the JSON value args against the schema raw (one made by Generate)
// and returns a *ValidationError naming every wrong field, or nil. A null member
// counts as absent. The value of a writeOnly (secret) field is never quoted.
func Validate(raw json.RawMessage, args json.RawMessage) error {
	n, err := compile(raw)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(args)) == 0 {
		args = json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return &ValidationError{Fields: []*FieldError{{Problem: "invalid", Expected: "a JSON object of arguments", Got: "malformed JSON"}}}
	}
	var errs []*FieldError
	n.check(v, "", &errs)
	if len(errs) == 0 {
		return nil
	}
	if len(errs) > maxReported {
		errs = errs[:maxReported]
	}
	return &ValidationError{Fields: errs}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (n *node) check(v any, path string, errs *[]*FieldError) {
	bad := func(expected string) {
		got := render(v)
		if n.WriteOnly {
			got = ""
		}
		*errs = append(*errs, &FieldError{Path: path, Problem: "invalid", Expected: expected, Got: got})
	}
	switch n.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("an object" + n.about())
			return
		}
		n.checkObject(obj, path, errs)
	case "array":
		arr, ok := v.([]any)
		if !ok {
			bad("an array" + n.about())
			return
		}
		if n.MinItems != nil && len(arr) < *n.MinItems {
			bad(fmt.Sprintf("at least %d item(s)", *n.MinItems))
		}
		if n.MaxItems != nil && len(arr) > *n.MaxItems {
			bad(fmt.Sprintf("at most %d items", *n.MaxItems))
		}
		if n.Items != nil {
			for i, item := range arr {
				n.Items.check(item, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	case "string":
		s, ok := v.(string)
		switch {
		case !ok && len(n.Enum) > 0:
			bad("one of " + enumText(n.Enum))
			return
		case !ok:
			bad(n.summary())
			return
		}
		switch {
		case len(n.Enum) > 0 && !inEnum(n.Enum, s):
			bad("one of " + enumText(n.Enum))
		case n.pattern != nil && !n.pattern.MatchString(s):
			bad(n.patternText() + n.about())
		case n.MinLength != nil && len([]rune(s)) < *n.MinLength:
			bad(fmt.Sprintf("a string of at least %d character(s)", *n.MinLength))
		case n.MaxLength != nil && len([]rune(s)) > *n.MaxLength:
			bad(fmt.Sprintf("a string of at most %d characters", *n.MaxLength))
		}
	case "integer", "number":
		num, ok := v.(json.Number)
		f, err := num.Float64()
		if !ok || err != nil {
			bad(n.numberText())
			return
		}
		if n.Type == "integer" && f != math.Trunc(f) {
			bad(n.numberText())
			return
		}
		if (n.Minimum != nil && f < *n.Minimum) || (n.Maximum != nil && f > *n.Maximum) {
			bad(n.numberText())
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("true or false")
		}
	}
}

func (n *node) checkObject(obj map[string]any, path string, errs *[]*FieldError) {
	for _, name := range n.Required {
		if val, ok := obj[name]; !ok || val == nil {
			expected := "a value"
			if p := n.Properties[name]; p != nil {
				expected = p.summary()
			}
			*errs = append(*errs, &FieldError{Path: join(path, name), Problem: "missing", Expected: expected})
		}
	}
	var unknown []string
	for name := range obj {
		if _, declared := n.Properties[name]; !declared {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		switch {
		case n.closed:
			*errs = append(*errs, &FieldError{Path: join(path, name), Problem: "unknown", Expected: strings.Join(n.order, ", ")})
		case n.extra != nil && obj[name] != nil:
			n.extra.check(obj[name], join(path, name), errs)
		}
	}
	for _, name := range n.order {
		val, ok := obj[name]
		if !ok || val == nil {
			continue
		}
		n.Properties[name].check(val, join(path, name), errs)
	}
}

// summary describes a valid value for a "missing" message.
func (n *node) summary() string {
	var what string
	switch n.Type {
	case "string":
		switch {
		case len(n.Enum) > 0:
			what = "one of " + enumText(n.Enum)
		case n.pattern != nil:
			what = n.patternText()
		default:
			what = "a string"
		}
	case "integer", "number":
		what = n.numberText()
	case "boolean":
		what = "true or false"
	case "array":
		what = "an array"
	case "object":
		what = "an object"
	default:
		what = "a value"
	}
	return what + n.about()
}

func (n *node) about() string {
	if n.Description == "" {
		return ""
	}
	return " (" + n.Description + ")"
}

func (n *node) patternText() string {
	if n.Pattern == "^[0-9A-Za-z]{21}$" {
		return "an id of 21 letters and digits"
	}
	return fmt.Sprintf("a string matching %s", n.Pattern)
}

func (n *node) numberText() string {
	kind := "a number"
	if n.Type == "integer" {
		kind = "an integer"
	}
	switch {
	case n.Minimum != nil && n.Maximum != nil:
		return fmt.Sprintf("%s from %g to %g", kind, *n.Minimum, *n.Maximum)
	case n.Minimum != nil:
		return fmt.Sprintf("%s of at least %g", kind, *n.Minimum)
	case n.Maximum != nil:
		return fmt.Sprintf("%s of at most %g", kind, *n.Maximum)
	}
	return kind
}

func inEnum(enum []any, s string) bool {
	for _, e := range enum {
		if e == s {
			return true
		}
	}
	return false
}

func enumText(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		parts[i] = fmt.Sprint(e)
	}
	return strings.Join(parts, ", ")
}

// render shows a rejected value briefly: its type for containers, a cut copy otherwise.
func render(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		if r := []rune(v); len(r) > 40 {
			v = string(r[:40]) + "…"
		}
		return fmt.Sprintf("%q", v)
	case nil:
		return "null"
	default:
		return fmt.Sprint(v)
	}
}
