package tools

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// templatePattern finds the {{…}} expressions of an input value.
var templatePattern = regexp.MustCompile(`\{\{(.*?)\}\}`)

// templateGlobals are the names an expression may use that are not steps:
// JavaScript's literals and built-ins, and the engine's connections.
var templateGlobals = map[string]bool{
	"true": true, "false": true, "null": true, "undefined": true, "NaN": true, "Infinity": true,
	"typeof": true, "new": true, "in": true, "of": true, "instanceof": true, "void": true,
	"Math": true, "JSON": true, "Date": true, "Number": true, "String": true, "Boolean": true, "Object": true, "Array": true,
	"parseInt": true, "parseFloat": true, "isNaN": true, "encodeURIComponent": true, "decodeURIComponent": true,
	"connections": true,
}

// templateRoots returns the names the {{…}} expressions of s start from
// ("step_1" in {{step_1.body.x}}): identifiers that are not a property
// (after a dot), not inside a string literal and not a global.
func templateRoots(s string) []string {
	var roots []string
	for _, m := range templatePattern.FindAllStringSubmatch(s, -1) {
		found := expressionRoots(m[1])
		if strings.Contains(m[1], "=>") && len(found) > 1 {
			// An arrow function binds names of its own: only the first name
			// is surely a step.
			found = found[:1]
		}
		roots = append(roots, found...)
	}
	return roots
}

func expressionRoots(expr string) []string {
	var roots []string
	prev := byte(0) // the last non-space character outside identifiers
	for i := 0; i < len(expr); {
		ch := expr[i]
		switch {
		case ch == '\'' || ch == '"' || ch == '`':
			end := strings.IndexByte(expr[i+1:], ch)
			if end < 0 {
				return roots
			}
			i += end + 2
			prev = ch
		case isIdentStart(ch):
			j := i + 1
			for j < len(expr) && (isIdentStart(expr[j]) || (expr[j] >= '0' && expr[j] <= '9')) {
				j++
			}
			if name := expr[i:j]; prev != '.' && !templateGlobals[name] {
				roots = append(roots, name)
			}
			i, prev = j, 'a'
		case ch == ' ' || ch == '\t' || ch == '\n':
			i++
		default:
			if ch >= '0' && ch <= '9' {
				// a number (1.5 must not make "5" look like a property)
				for i < len(expr) && (expr[i] == '.' || (expr[i] >= '0' && expr[i] <= '9')) {
					i++
				}
				prev = '0'
				continue
			}
			i, prev = i+1, ch
		}
	}
	return roots
}

func isIdentStart(ch byte) bool {
	return ch == '_' || ch == '$' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}

// refCheck checks that templates name the trigger or a step that runs before.
type refCheck struct {
	visible []string // names a template may start from, "trigger" first
	step    string   // the step whose values are checked, for the messages
	chk     *specCheck
}

// value checks every string in v (walking objects and arrays); path names v.
func (r refCheck) value(path string, v any) {
	switch v := v.(type) {
	case string:
		r.text(path, v)
	case map[string]any:
		for _, k := range sortedKeys(v) {
			r.value(path+"."+k, v[k])
		}
	case []any:
		for i, x := range v {
			r.value(fmt.Sprintf("%s[%d]", path, i), x)
		}
	}
}

func (r refCheck) text(path, s string) {
	for _, root := range templateRoots(s) {
		if slices.Contains(r.visible, root) {
			continue
		}
		expected := fmt.Sprintf("{{…}} to start from the trigger or a step that runs before %s: %s", r.step, strings.Join(r.visible, ", "))
		if near := nearest(root, r.visible); near != "" {
			expected += " (did you mean " + near + "?)"
		}
		r.chk.field(path, expected, root)
	}
}

// nearest returns the name in names closest to s when it is a likely typo
// (at most two edits), else "".
func nearest(s string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(s, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
