package engine

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestConditionOperators(t *testing.T) {
	scope := runScope{"trigger": map[string]any{"body": map[string]any{
		"name": "Hello World", "n": float64(5), "s": "5", "yes": true, "no": "false",
		"list": []any{"a", "B", float64(3)}, "empty": []any{}, "date": "2026-01-02T10:00:00Z", "blank": "",
	}}}
	yes := true
	tests := []struct {
		operator, first, second string
		caseSensitive           *bool
		want                    bool
	}{
		{"TEXT_CONTAINS", "{{trigger.body.name}}", "world", nil, true},
		{"TEXT_CONTAINS", "{{trigger.body.name}}", "world", &yes, false},
		{"TEXT_DOES_NOT_CONTAIN", "{{trigger.body.name}}", "moon", nil, true},
		{"TEXT_DOES_NOT_CONTAIN", "{{trigger.body.name}}", "WORLD", nil, false},
		{"TEXT_EXACTLY_MATCHES", "{{trigger.body.name}}", "hello world", nil, true},
		{"TEXT_EXACTLY_MATCHES", "{{trigger.body.name}}", "hello world", &yes, false},
		{"TEXT_DOES_NOT_EXACTLY_MATCH", "{{trigger.body.name}}", "Hello", nil, true},
		{"TEXT_START_WITH", "{{trigger.body.name}}", "hello", nil, true},
		{"TEXT_STARTS_WITH", "{{trigger.body.name}}", "world", nil, false},
		{"TEXT_DOES_NOT_START_WITH", "{{trigger.body.name}}", "world", nil, true},
		{"TEXT_ENDS_WITH", "{{trigger.body.name}}", "WORLD", nil, true},
		{"TEXT_DOES_NOT_END_WITH", "{{trigger.body.name}}", "world", nil, false},
		{"NUMBER_IS_GREATER_THAN", "{{trigger.body.n}}", "4", nil, true},
		{"NUMBER_IS_GREATER_THAN", "{{trigger.body.s}}", "5", nil, false},
		{"NUMBER_IS_LESS_THAN", "{{trigger.body.s}}", "10", nil, true},
		{"NUMBER_IS_LESS_THAN", "{{trigger.body.name}}", "10", nil, false},
		{"NUMBER_IS_EQUAL_TO", "{{trigger.body.n}}", "5.0", nil, true},
		{"NUMBER_IS_EQUAL_TO", "{{trigger.body.n}}", "6", nil, false},
		{"BOOLEAN_IS_TRUE", "{{trigger.body.yes}}", "", nil, true},
		{"BOOLEAN_IS_TRUE", "{{trigger.body.no}}", "", nil, false},
		{"BOOLEAN_IS_FALSE", "{{trigger.body.no}}", "", nil, true},
		{"DATE_IS_BEFORE", "{{trigger.body.date}}", "2026-02-01", nil, true},
		{"DATE_IS_AFTER", "{{trigger.body.date}}", "2026-02-01", nil, false},
		{"DATE_IS_EQUAL", "{{trigger.body.date}}", "2026-01-02T11:00:00+01:00", nil, true},
		{"DATE_IS_AFTER", "not a date", "2026-02-01", nil, false},
		{"LIST_CONTAINS", "{{trigger.body.list}}", "b", nil, true},
		{"LIST_CONTAINS", "{{trigger.body.list}}", "b", &yes, false},
		{"LIST_CONTAINS", "{{trigger.body.list}}", "3", nil, true},
		{"LIST_DOES_NOT_CONTAIN", "{{trigger.body.list}}", "z", nil, true},
		{"LIST_IS_EMPTY", "{{trigger.body.empty}}", "", nil, true},
		{"LIST_IS_EMPTY", "{{trigger.body.list}}", "", nil, false},
		{"LIST_IS_NOT_EMPTY", "{{trigger.body.list}}", "", nil, true},
		{"LIST_IS_NOT_EMPTY", "{{trigger.body.name}}", "", nil, false},
		{"EXISTS", "{{trigger.body.name}}", "", nil, true},
		{"EXISTS", "{{trigger.body.missing}}", "", nil, false},
		{"EXISTS", "{{trigger.body.blank}}", "", nil, false},
		{"DOES_NOT_EXIST", "{{trigger.body.missing}}", "", nil, true},
		{"DOES_NOT_EXIST", "{{trigger.body.n}}", "", nil, false},
	}
	for _, tc := range tests {
		name := fmt.Sprintf("%s %s %s", tc.first, tc.operator, tc.second)
		if tc.caseSensitive != nil {
			name += " case-sensitive"
		}
		t.Run(name, func(t *testing.T) {
			got, err := conditionHolds(workflows.Condition{FirstValue: tc.first, SecondValue: tc.second,
				Operator: tc.operator, CaseSensitive: tc.caseSensitive}, testTemplates(scope))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := conditionHolds(workflows.Condition{FirstValue: "a", Operator: "IS_PRIME"}, testTemplates(scope)); err == nil ||
		err.Error() != `unknown condition operator "IS_PRIME"` {
		t.Errorf("unknown operator error = %v", err)
	}
}

// routerStep is a router with branches is_alpha (kind == alpha), has_a (kind
// contains a, or count > 10) and a fallback, each running one delay step.
func routerStep(executionType, next string) string {
	settings := fmt.Sprintf(`{"executionType": %q, "branches": [
	  {"branchType": "CONDITION", "branchName": "is_alpha", "conditions": [[{"firstValue": "{{trigger.body.kind}}", "operator": "TEXT_EXACTLY_MATCHES", "secondValue": "alpha"}]]},
	  {"branchType": "CONDITION", "branchName": "has_a", "conditions": [
	    [{"firstValue": "{{trigger.body.kind}}", "operator": "TEXT_CONTAINS", "secondValue": "a"}, {"firstValue": "{{trigger.body.kind}}", "operator": "EXISTS"}],
	    [{"firstValue": "{{trigger.body.count}}", "operator": "NUMBER_IS_GREATER_THAN", "secondValue": "10"}]]},
	  {"branchType": "FALLBACK", "branchName": "otherwise"}]}`, executionType)
	children := `"children": [` + delayFor("in_alpha", "0", "seconds", "") + ", " +
		delayFor("in_has_a", "0", "seconds", "") + ", " + delayFor("in_fallback", "0", "seconds", "") + "]"
	return step("router_1", "ROUTER", settings, next, children)
}

func TestExecuteRouter(t *testing.T) {
	tests := []struct {
		name          string
		executionType string
		body          map[string]any
		ran           []string
		evaluations   []bool
	}{
		{"first match runs only the first", "EXECUTE_FIRST_MATCH", map[string]any{"kind": "alpha"},
			[]string{"in_alpha"}, []bool{true, false, false}},
		{"all match runs every match", "EXECUTE_ALL_MATCH", map[string]any{"kind": "alpha"},
			[]string{"in_alpha", "in_has_a"}, []bool{true, true, false}},
		{"second group of an OR", "EXECUTE_FIRST_MATCH", map[string]any{"kind": "zzz", "count": 11},
			[]string{"in_has_a"}, []bool{false, true, false}},
		{"fallback when nothing matches", "EXECUTE_FIRST_MATCH", map[string]any{"kind": "zzz", "count": 1},
			[]string{"in_fallback"}, []bool{false, false, true}},
		{"fallback in all match", "EXECUTE_ALL_MATCH", map[string]any{"count": 1},
			[]string{"in_fallback"}, []bool{false, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &execFixture{}
			in := sampleInput
			in.Body = tc.body
			res := f.run(t, context.Background(), routerStep(tc.executionType, returnResponse("after", `{"fields": {"body": "{}"}}`, "")), in)
			if res.Status != workflows.RunSucceeded {
				t.Fatalf("status %s %+v", res.Status, res.FailedStep)
			}
			var ran []string
			for name := range res.Steps {
				if name != "trigger" && name != "router_1" && name != "after" {
					ran = append(ran, name)
				}
			}
			sort.Strings(ran)
			if !reflect.DeepEqual(ran, tc.ran) {
				t.Fatalf("ran %v, want %v", ran, tc.ran)
			}
			if res.Steps["after"].Status != "SUCCEEDED" {
				t.Error("the step after the router did not run")
			}
			out := decodeRaw(t, res.Steps["router_1"].Output).(map[string]any)
			branches := out["branches"].([]any)
			var got []bool
			for i, b := range branches {
				m := b.(map[string]any)
				got = append(got, m["evaluation"].(bool))
				if m["branchIndex"] != float64(i) {
					t.Errorf("branch %d index = %v", i, m["branchIndex"])
				}
			}
			if !reflect.DeepEqual(got, tc.evaluations) {
				t.Fatalf("evaluations %v, want %v", got, tc.evaluations)
			}
		})
	}
	t.Run("unknown operator fails the router", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), step("router_1", "ROUTER", `{"executionType": "EXECUTE_FIRST_MATCH", "branches": [
		  {"branchType": "CONDITION", "branchName": "odd", "conditions": [[{"firstValue": "1", "operator": "IS_PRIME"}]]}]}`, ""), sampleInput)
		wantFailed(t, res, "router_1", `branch "odd": unknown condition operator "IS_PRIME"`)
	})
	t.Run("resolved conditions are the router's input", func(t *testing.T) {
		f := &execFixture{}
		res := f.run(t, context.Background(), routerStep("EXECUTE_FIRST_MATCH", ""), sampleInput)
		in := decodeRaw(t, res.Steps["router_1"].Input).(map[string]any)
		first := in["branches"].([]any)[0].(map[string]any)["conditions"].([]any)[0].([]any)[0].(map[string]any)
		if first["firstValue"] != "alpha" || first["operator"] != "TEXT_EXACTLY_MATCHES" {
			t.Fatalf("router input condition = %v", first)
		}
	})
}
