package tools

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/invopop/jsonschema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// stepNamePattern is the engine's rule for step names.
var stepNamePattern = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// stepCore is what every step declares, shared by apply_flow_operation's action
// and build_flow's steps.
type stepCore struct {
	Name         string         `json:"name,omitempty" jsonschema:"pattern=^[a-zA-Z_][a-zA-Z0-9_]*$" jsonschema_description:"Step name"`
	DisplayName  string         `json:"displayName,omitempty"`
	Type         string         `json:"type" jsonschema:"enum=PIECE,enum=CODE,enum=LOOP_ON_ITEMS,enum=ROUTER"`
	PieceName    string         `json:"pieceName,omitempty" jsonschema_description:"PIECE: e.g. @activepieces/piece-http"`
	PieceVersion string         `json:"pieceVersion,omitempty" jsonschema_description:"default: latest"`
	ActionName   string         `json:"actionName,omitempty" jsonschema_description:"see get_piece"`
	Input        map[string]any `json:"input,omitempty" jsonschema_description:"May use {{trigger.body.x}}, {{step_1.output}}"`
	Code         string         `json:"code,omitempty" jsonschema_description:"CODE: JS exporting async code(inputs)"`
	Items        string         `json:"items,omitempty" jsonschema_description:"LOOP_ON_ITEMS: e.g. {{trigger.body.items}}"`
}

// condition compares two values in a router branch.
type condition struct {
	FirstValue    string `json:"firstValue"`
	Operator      string `json:"operator" jsonschema_description:"e.g. TEXT_CONTAINS, NUMBER_IS_GREATER_THAN, EXISTS"`
	SecondValue   string `json:"secondValue,omitempty"`
	CaseSensitive bool   `json:"caseSensitive,omitempty"`
}

// branchCore is a router branch; no conditions makes it the fallback (last) branch.
type branchCore struct {
	BranchName string        `json:"branchName" jsonschema:"minLength=1"`
	Conditions [][]condition `json:"conditions,omitempty" jsonschema_description:"OR of AND groups; none: fallback"`
}

// check reports what a step of its type lacks, or carries that belongs to another type.
func (s *stepCore) check(path string) error {
	if s.Name != "" && (!stepNamePattern.MatchString(s.Name) || s.Name == "trigger") {
		return toolkit.FieldErr(path+".name", "letters, digits and _ not starting with a digit, and not \"trigger\"", s.Name)
	}
	switch s.Type {
	case "PIECE":
		if s.PieceName == "" {
			return toolkit.MissingErr(path+".pieceName", "the piece of a PIECE step, e.g. @activepieces/piece-http")
		}
		if s.ActionName == "" {
			return toolkit.MissingErr(path+".actionName", "the action of a PIECE step (get_piece lists them)")
		}
	case "CODE":
		if s.Code == "" {
			return toolkit.MissingErr(path+".code", "the source of a CODE step")
		}
	case "LOOP_ON_ITEMS":
		if s.Items == "" {
			return toolkit.MissingErr(path+".items", "what a LOOP_ON_ITEMS step iterates, e.g. {{trigger.body.items}}")
		}
	}
	if s.Type != "PIECE" && (s.PieceName != "" || s.ActionName != "" || s.PieceVersion != "") {
		return toolkit.FieldErr(path+".type", "PIECE when pieceName, pieceVersion or actionName is set", s.Type)
	}
	if s.Type != "CODE" && s.Code != "" {
		return toolkit.FieldErr(path+".type", "CODE when code is set", s.Type)
	}
	if s.Type != "LOOP_ON_ITEMS" && s.Items != "" {
		return toolkit.FieldErr(path+".type", "LOOP_ON_ITEMS when items is set", s.Type)
	}
	if (s.Type == "LOOP_ON_ITEMS" || s.Type == "ROUTER") && len(s.Input) > 0 {
		return toolkit.FieldErr(path+".input", "no input on a "+s.Type+" step", "an object")
	}
	return nil
}

func checkBranches(path string, branches []branchCore) error {
	for i, b := range branches {
		if len(b.Conditions) == 0 && i != len(branches)-1 {
			return toolkit.FieldErr(fmt.Sprintf("%s[%d].conditions", path, i), "conditions on every branch but the last (the fallback)", nil)
		}
		for j, group := range b.Conditions {
			if len(group) == 0 {
				return toolkit.FieldErr(fmt.Sprintf("%s[%d].conditions[%d]", path, i, j), "at least one condition in each group", nil)
			}
		}
	}
	return nil
}

// action turns a checked step into the engine's action (without children).
// pieceVersion is the version to use for a PIECE step.
func (s *stepCore) action(name, pieceVersion string, branches []branchCore) workflows.NewAction {
	display := s.DisplayName
	if display == "" {
		display = name
	}
	a := workflows.NewAction{Name: name, DisplayName: display, Type: workflows.ActionType(s.Type), Valid: true}
	switch s.Type {
	case "PIECE":
		a.Settings = workflows.Settings{PieceName: s.PieceName, PieceVersion: pieceVersion, ActionName: s.ActionName,
			Input: orEmpty(s.Input), PropertySettings: manualSettings(s.Input)}
	case "CODE":
		a.Settings = workflows.Settings{SourceCode: &workflows.SourceCode{Code: s.Code, PackageJSON: "{}"}, Input: orEmpty(s.Input)}
	case "LOOP_ON_ITEMS":
		items := s.Items
		a.Settings = workflows.Settings{Items: &items}
	case "ROUTER":
		a.Settings = workflows.Settings{ExecutionType: workflows.RouterFirstMatch, Branches: routerBranches(branches)}
	}
	return a
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// manualSettings marks every input key as given by hand, as the SDK's buildFlow does.
func manualSettings(input map[string]any) map[string]workflows.PropertySetting {
	out := map[string]workflows.PropertySetting{}
	for k := range input {
		out[k] = workflows.PropertySetting{Type: workflows.PropertyManual}
	}
	return out
}

func routerBranches(branches []branchCore) []workflows.RouterBranch {
	out := []workflows.RouterBranch{}
	for _, b := range branches {
		rb := workflows.RouterBranch{BranchType: workflows.BranchCondition, BranchName: b.BranchName}
		if len(b.Conditions) == 0 {
			rb.BranchType = workflows.BranchFallback
		}
		for _, group := range b.Conditions {
			var and []workflows.Condition
			for _, cond := range group {
				cs := cond.CaseSensitive
				and = append(and, workflows.Condition{FirstValue: cond.FirstValue, Operator: cond.Operator, SecondValue: cond.SecondValue, CaseSensitive: &cs})
			}
			rb.Conditions = append(rb.Conditions, and)
		}
		out = append(out, rb)
	}
	return out
}

// nestedSteps holds the steps inside a loop or branch as raw JSON. Its schema is
// declared by hand because the step type is recursive and schemas may not use
// $ref; build_flow checks each nested step against the step schema itself.
type nestedSteps []json.RawMessage

// JSONSchema describes nestedSteps as an array of step objects.
func (nestedSteps) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "object"},
		Description: "Steps inside (same shape as steps)"}
}
