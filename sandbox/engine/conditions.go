package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
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
	"LIST_IS_EMPTY":               func(first, _ any, _ bool) bool { l, ok := jsonvalue.List(first); return ok && len(l) == 0 },
	"LIST_IS_NOT_EMPTY":           func(first, _ any, _ bool) bool { l, ok := jsonvalue.List(first); return ok && len(l) > 0 },
	"EXISTS":                      func(first, _ any, _ bool) bool { return first != nil && first != "" },
	"DOES_NOT_EXIST":              func(first, _ any, _ bool) bool { return first == nil || first == "" },
}

func negate(t conditionTest) conditionTest {
	return func(first, second any, cs bool) bool { return !t(first, second, cs) }
}

func textTest(match func(a, b string) bool) conditionTest {
	return func(first, second any, caseSensitive bool) bool {
		a, b := jsonvalue.Text(first), jsonvalue.Text(second)
		if !caseSensitive {
			a, b = strings.ToLower(a), strings.ToLower(b)
		}
		return match(a, b)
	}
}

// numberTest is false when either value is not a number.
func numberTest(compare func(a, b float64) bool) conditionTest {
	return func(first, second any, _ bool) bool {
		a, okA := jsonvalue.Number(first)
		b, okB := jsonvalue.Number(second)
		return okA && okB && compare(a, b)
	}
}

func truthValue(v any) string {
	return strings.ToLower(strings.TrimSpace(jsonvalue.Text(v)))
}

// dateTest is false when either value is not an ISO-8601 date or date-time.
func dateTest(compare func(a, b time.Time) bool) conditionTest {
	return func(first, second any, _ bool) bool {
		a, okA := jsonvalue.Date(first)
		b, okB := jsonvalue.Date(second)
		return okA && okB && compare(a, b)
	}
}

func branchListContains(first, second any, caseSensitive bool) bool {
	list, ok := jsonvalue.List(first)
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
func evaluateBranches(s workflows.Settings, tpl templater) ([]branchEvaluation, error) {
	out := make([]branchEvaluation, len(s.Branches))
	matched := false
	for i, b := range s.Branches {
		out[i] = branchEvaluation{BranchName: b.BranchName, BranchIndex: i}
		if b.BranchType == workflows.BranchFallback || (matched && s.ExecutionType != workflows.RouterAllMatch) {
			continue
		}
		ok, err := branchMatches(b, tpl)
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

func branchMatches(b workflows.RouterBranch, tpl templater) (bool, error) {
	for _, group := range b.Conditions {
		all := len(group) > 0
		for _, c := range group {
			ok, err := conditionHolds(c, tpl)
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

func conditionHolds(c workflows.Condition, tpl templater) (bool, error) {
	test, known := branchOperators[c.Operator]
	if !known {
		return false, fmt.Errorf("unknown condition operator %q", c.Operator)
	}
	first, err := tpl.resolveString(c.FirstValue)
	if err != nil {
		return false, err
	}
	second, err := tpl.resolveString(c.SecondValue)
	if err != nil {
		return false, err
	}
	return test(first, second, c.CaseSensitive != nil && *c.CaseSensitive), nil
}
