package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// conditionTest decides one router condition from its resolved values.
type conditionTest func(first, second any, caseSensitive bool) bool

// branchOperators are Activepieces' BranchOperator values (note that
// TEXT_STARTS_WITH is sent as "TEXT_START_WITH"; the spelled-out name is
// accepted too). Text comparisons ignore case unless caseSensitive is true.
var branchOperators = map[string]conditionTest{
	"TEXT_CONTAINS":               textTest(strings.Contains),
	"TEXT_DOES_NOT_CONTAIN":       negate(textTest(strings.Contains)),
	"TEXT_EXACTLY_MATCHES":        textTest(func(a, b string) bool { return a == b }),
	"TEXT_DOES_NOT_EXACTLY_MATCH": negate(textTest(func(a, b string) bool { return a == b })),
	"TEXT_START_WITH":             textTest(strings.HasPrefix),
	"TEXT_STARTS_WITH":            textTest(strings.HasPrefix),
	"TEXT_DOES_NOT_START_WITH":    negate(textTest(strings.HasPrefix)),
	"TEXT_ENDS_WITH":              textTest(strings.HasSuffix),
	"TEXT_DOES_NOT_END_WITH":      negate(textTest(strings.HasSuffix)),
	"NUMBER_IS_GREATER_THAN":      numberTest(func(a, b float64) bool { return a > b }),
	"NUMBER_IS_LESS_THAN":         numberTest(func(a, b float64) bool { return a < b }),
	"NUMBER_IS_EQUAL_TO":          numberTest(func(a, b float64) bool { return a == b }),
	"BOOLEAN_IS_TRUE":             func(first, _ any, _ bool) bool { return truthValue(first) == "true" },
	"BOOLEAN_IS_FALSE":            func(first, _ any, _ bool) bool { return truthValue(first) == "false" },
	"DATE_IS_BEFORE":              dateTest(func(a, b time.Time) bool { return a.Before(b) }),
	"DATE_IS_EQUAL":               dateTest(func(a, b time.Time) bool { return a.Equal(b) }),
	"DATE_IS_AFTER":               dateTest(func(a, b time.Time) bool { return a.After(b) }),
	"LIST_CONTAINS":               branchListContains,
	"LIST_DOES_NOT_CONTAIN":       negate(branchListContains),
	"LIST_IS_EMPTY":               func(first, _ any, _ bool) bool { l, ok := asList(first); return ok && len(l) == 0 },
	"LIST_IS_NOT_EMPTY":           func(first, _ any, _ bool) bool { l, ok := asList(first); return ok && len(l) > 0 },
	"EXISTS":                      func(first, _ any, _ bool) bool { return first != nil && first != "" },
	"DOES_NOT_EXIST":              func(first, _ any, _ bool) bool { return first == nil || first == "" },
}

func negate(t conditionTest) conditionTest {
	return func(first, second any, cs bool) bool { return !t(first, second, cs) }
}

func textTest(match func(a, b string) bool) conditionTest {
	return func(first, second any, caseSensitive bool) bool {
		a, b := templateText(first), templateText(second)
		if !caseSensitive {
			a, b = strings.ToLower(a), strings.ToLower(b)
		}
		return match(a, b)
	}
}

// numberTest is false when either value is not a number.
func numberTest(compare func(a, b float64) bool) conditionTest {
	return func(first, second any, _ bool) bool {
		a, okA := asNumber(first)
		b, okB := asNumber(second)
		return okA && okB && compare(a, b)
	}
}

func asNumber(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func truthValue(v any) string {
	return strings.ToLower(strings.TrimSpace(templateText(v)))
}

// dateTest is false when either value is not an ISO-8601 date or date-time.
func dateTest(compare func(a, b time.Time) bool) conditionTest {
	return func(first, second any, _ bool) bool {
		a, okA := asDate(first)
		b, okB := asDate(second)
		return okA && okB && compare(a, b)
	}
}

func asDate(v any) (time.Time, bool) {
	s := strings.TrimSpace(templateText(v))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// asList accepts an array, or a string holding a JSON array.
func asList(v any) ([]any, bool) {
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

func branchListContains(first, second any, caseSensitive bool) bool {
	list, ok := asList(first)
	if !ok {
		return false
	}
	equal := textTest(func(a, b string) bool { return a == b })
	for _, item := range list {
		if equal(item, second, caseSensitive) {
			return true
		}
	}
	return false
}

// branchEvaluation is one branch's entry in a router step's output.
type branchEvaluation struct {
	BranchName  string `json:"branchName"`
	BranchIndex int    `json:"branchIndex"` // 0-based, as branchIndex in ADD_ACTION
	Evaluation  bool   `json:"evaluation"`
}

// evaluateBranches decides which branches of a router run: the first (or
// every, for EXECUTE_ALL_MATCH) condition branch that matches, else the
// fallback branch. A condition branch matches when any of its condition
// groups has all its conditions true.
func evaluateBranches(s workflows.Settings, scope runScope) ([]branchEvaluation, error) {
	out := make([]branchEvaluation, len(s.Branches))
	matched := false
	for i, b := range s.Branches {
		out[i] = branchEvaluation{BranchName: b.BranchName, BranchIndex: i}
		if b.BranchType == workflows.BranchFallback || (matched && s.ExecutionType != workflows.RouterAllMatch) {
			continue
		}
		ok, err := branchMatches(b, scope)
		if err != nil {
			return nil, fmt.Errorf("branch %q: %w", b.BranchName, err)
		}
		out[i].Evaluation = ok
		matched = matched || ok
	}
	if !matched {
		for i, b := range s.Branches {
			if b.BranchType == workflows.BranchFallback {
				out[i].Evaluation = true
				break
			}
		}
	}
	return out, nil
}

func branchMatches(b workflows.RouterBranch, scope runScope) (bool, error) {
	for _, group := range b.Conditions {
		all := len(group) > 0
		for _, c := range group {
			ok, err := conditionHolds(c, scope)
			if err != nil {
				return false, err
			}
			all = all && ok
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

func conditionHolds(c workflows.Condition, scope runScope) (bool, error) {
	test, known := branchOperators[c.Operator]
	if !known {
		return false, fmt.Errorf("unknown condition operator %q", c.Operator)
	}
	first, err := resolveTemplateString(c.FirstValue, scope)
	if err != nil {
		return false, err
	}
	second, err := resolveTemplateString(c.SecondValue, scope)
	if err != nil {
		return false, err
	}
	return test(first, second, c.CaseSensitive != nil && *c.CaseSensitive), nil
}
