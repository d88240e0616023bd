package mcpextra

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/tools"
)

// TestReferenceOperatorsAreTheEngines: the operators the build_flow reference
// lists are the router operators the sandbox engine implements (read from its
// source, whose table mirrors Activepieces' BranchOperator), less the sandbox's
// own alias TEXT_STARTS_WITH.
func TestReferenceOperatorsAreTheEngines(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "sandbox", "engine", "conditions.go"))
	if err != nil {
		t.Fatal(err)
	}
	table := regexp.MustCompile(`(?s)var branchOperators = map\[string\]conditionTest\{(.*?)\n\}`).FindSubmatch(src)
	if table == nil {
		t.Fatal("branchOperators not found in sandbox/engine/conditions.go")
	}
	var engine []string
	for _, m := range regexp.MustCompile(`(?m)^\s*"([A-Z_]+)":`).FindAllSubmatch(table[1], -1) {
		if op := string(m[1]); op != "TEXT_STARTS_WITH" {
			engine = append(engine, op)
		}
	}
	var documented []string
	for _, m := range regexp.MustCompile("`([A-Z]+(?:_[A-Z]+)*)`").FindAllStringSubmatch(operatorsSection(t), -1) {
		documented = append(documented, m[1])
	}
	slices.Sort(engine)
	slices.Sort(documented)
	if !slices.Equal(engine, documented) {
		t.Errorf("the reference lists the operators\n%v\nthe engine has\n%v", documented, engine)
	}
}

// operatorsSection is the reference's operator table.
func operatorsSection(t *testing.T) string {
	m := regexp.MustCompile(`(?s)### Operators\n(.*?)\n## `).FindStringSubmatch(buildFlowReference)
	if m == nil {
		t.Fatal("no Operators section in the build_flow reference")
	}
	return m[1]
}

// TestReferenceStepTypes: the reference explains every step type build_flow
// takes, and every member of a step.
func TestReferenceStepTypes(t *testing.T) {
	var s struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(tools.BuildStepSchema(), &s); err != nil {
		t.Fatal(err)
	}
	members := s.Properties
	if len(members["type"].Enum) == 0 {
		t.Fatal("build_flow's steps have no type enum")
	}
	for name := range members {
		if !regexp.MustCompile("`" + name + "`").MatchString(buildFlowReference) {
			t.Errorf("the reference does not explain the step member %s", name)
		}
	}
	for _, typ := range members["type"].Enum {
		if !regexp.MustCompile("`" + typ + "`").MatchString(buildFlowReference) {
			t.Errorf("the reference does not explain the step type %s", typ)
		}
	}
}
