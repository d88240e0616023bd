package tools

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/workflows-mcp/mcp-bridge/schema"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// stepNamePattern is the engine's rule for step names. It is checked in code,
// not in the schema, to keep the tools' definitions small.
var stepNamePattern = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// branchOperators are the router operators the engine knows: Activepieces'
// BranchOperator enum, which sandbox/engine/conditions.go implements. Note
// TEXT_START_WITH (not STARTS): that is how Activepieces spells it.
var branchOperators = []string{
	"TEXT_CONTAINS", "TEXT_DOES_NOT_CONTAIN", "TEXT_EXACTLY_MATCHES", "TEXT_DOES_NOT_EXACTLY_MATCH",
	"TEXT_START_WITH", "TEXT_DOES_NOT_START_WITH", "TEXT_ENDS_WITH", "TEXT_DOES_NOT_END_WITH",
	"NUMBER_IS_GREATER_THAN", "NUMBER_IS_LESS_THAN", "NUMBER_IS_EQUAL_TO",
	"BOOLEAN_IS_TRUE", "BOOLEAN_IS_FALSE",
	"DATE_IS_BEFORE", "DATE_IS_EQUAL", "DATE_IS_AFTER",
	"LIST_CONTAINS", "LIST_DOES_NOT_CONTAIN", "LIST_IS_EMPTY", "LIST_IS_NOT_EMPTY",
	"EXISTS", "DOES_NOT_EXIST",
}

// stepCore is what every step declares, shared by apply_flow_operation's action
// and build_flow's steps.
type stepCore struct {
	Name         string         `json:"name,omitempty" jsonschema_description:"Default step_N"`
	DisplayName  string         `json:"displayName,omitempty" jsonschema_description:"Label"`
	Type         string         `json:"type" jsonschema:"enum=PIECE,enum=CODE,enum=LOOP_ON_ITEMS,enum=ROUTER" jsonschema_description:"Step kind"`
	PieceName    string         `json:"pieceName,omitempty" jsonschema_description:"PIECE: e.g. @activepieces/piece-http"`
	PieceVersion string         `json:"pieceVersion,omitempty" jsonschema_description:"PIECE: default latest"`
	ActionName   string         `json:"actionName,omitempty" jsonschema_description:"PIECE: see get_piece"`
	Input        map[string]any `json:"input,omitempty" jsonschema_description:"Inputs; {{trigger.body.x}}, {{step_1.y}}"`
	Code         string         `json:"code,omitempty" jsonschema_description:"CODE: export const code = async (inputs) => {...}"`
	Items        string         `json:"items,omitempty" jsonschema_description:"LOOP_ON_ITEMS: e.g. {{trigger.body.items}}"`
}

// condition compares two values in a router branch.
type condition struct {
	FirstValue    string `json:"firstValue" jsonschema_description:"Value to test, e.g. {{trigger.body.n}}"`
	Operator      string `json:"operator" jsonschema_description:"e.g. TEXT_CONTAINS, NUMBER_IS_GREATER_THAN, EXISTS"`
	SecondValue   string `json:"secondValue,omitempty" jsonschema_description:"Value to compare with"`
	CaseSensitive bool   `json:"caseSensitive,omitempty" jsonschema_description:"Text operators: match case"`
}

// branchCore is a router branch; no conditions makes it the fallback (last) branch.
type branchCore struct {
	BranchName string        `json:"branchName" jsonschema:"minLength=1,maxLength=255" jsonschema_description:"Branch name"`
	Conditions [][]condition `json:"conditions,omitempty" jsonschema_description:"OR of AND groups; none: fallback"`
}

// specCheck gathers every problem of a spec, so that one answer lists them
// all: a model fixing them one call at a time would need as many calls.
type specCheck struct {
	problems []*schema.FieldError
}

// add records err's problems; an error that is not about arguments is kept as
// a problem of path.
func (c *specCheck) add(err error, path string) {
	var ve *schema.ValidationError
	var fe *schema.FieldError
	switch {
	case err == nil:
	case errors.As(err, &ve):
		c.problems = append(c.problems, ve.Fields...)
	case errors.As(err, &fe):
		c.problems = append(c.problems, fe)
	default:
		c.problems = append(c.problems, toolkit.FieldErr(path, "a valid value", err.Error()))
	}
}

func (c *specCheck) field(path, expected string, got any) {
	c.problems = append(c.problems, toolkit.FieldErr(path, expected, got))
}

func (c *specCheck) missing(path, expected string) {
	c.problems = append(c.problems, toolkit.MissingErr(path, expected))
}

// err returns every problem found, or nil.
func (c *specCheck) err() error { return problemsErr(c.problems) }

// check reports everything a step of its type lacks, or carries that belongs
// to another type. name is the step's name, for the messages.
func (s *stepCore) check(path string, chk *specCheck) {
	if s.Name != "" && (!stepNamePattern.MatchString(s.Name) || s.Name == "trigger") {
		chk.field(path+".name", "letters, digits and _ not starting with a digit, and not \"trigger\"", s.Name)
	}
	checkLength(chk, path+".name", s.Name, maxNameChars)
	checkLength(chk, path+".displayName", s.DisplayName, maxNameChars)
	checkLength(chk, path+".code", s.Code, maxCodeChars)
	switch s.Type {
	case "PIECE":
		if s.PieceName == "" {
			chk.missing(path+".pieceName", "the piece of a PIECE step, e.g. @activepieces/piece-http")
		}
		if s.ActionName == "" {
			chk.missing(path+".actionName", "the action of a PIECE step (get_piece lists them)")
		}
	case "CODE":
		if strings.TrimSpace(s.Code) == "" {
			chk.missing(path+".code", "the source of a CODE step: export const code = async (inputs) => { return … }")
		}
	case "LOOP_ON_ITEMS":
		if strings.TrimSpace(s.Items) == "" {
			chk.missing(path+".items", "what a LOOP_ON_ITEMS step iterates, e.g. {{trigger.body.items}}")
		}
	}
	if s.Type != "PIECE" && (s.PieceName != "" || s.ActionName != "" || s.PieceVersion != "") {
		chk.field(path+".type", "PIECE when pieceName, pieceVersion or actionName is set", s.Type)
	}
	if s.Type != "CODE" && s.Code != "" {
		chk.field(path+".type", "CODE when code is set", s.Type)
	}
	if s.Type != "LOOP_ON_ITEMS" && s.Items != "" {
		chk.field(path+".type", "LOOP_ON_ITEMS when items is set", s.Type)
	}
	if (s.Type == "LOOP_ON_ITEMS" || s.Type == "ROUTER") && len(s.Input) > 0 {
		chk.field(path+".input", "no input on a "+s.Type+" step", "an object")
	}
}

// checkBranches checks a router's branches: only the last may lack conditions
// (the fallback), and every operator must be one the engine knows.
func checkBranches(path, router string, branches []branchCore, chk *specCheck) {
	for i, b := range branches {
		if len(b.Conditions) == 0 && i != len(branches)-1 {
			chk.field(fmt.Sprintf("%s[%d].conditions", path, i), "conditions on every branch but the last (the fallback)", nil)
		}
		for j, group := range b.Conditions {
			if len(group) == 0 {
				chk.field(fmt.Sprintf("%s[%d].conditions[%d]", path, i, j), "at least one condition in each group", nil)
			}
			for k, cond := range group {
				if !slices.Contains(branchOperators, cond.Operator) {
					chk.field(fmt.Sprintf("%s[%d].conditions[%d][%d].operator", path, i, j, k),
						"one of "+strings.Join(branchOperators, ", ")+" (router "+router+")", cond.Operator)
				}
			}
		}
	}
}

// decodeBranches checks each raw branch against schemaOf() and decodes it into
// T, recording problems under path.
func decodeBranches[T any](raws []json.RawMessage, path string, schemaOf func() json.RawMessage, chk *specCheck) []T {
	var out []T
	for i, raw := range raws {
		at := fmt.Sprintf("%s[%d]", path, i)
		if err := schema.Validate(schemaOf(), raw); err != nil {
			chk.add(prefixed(err, at), at)
			continue
		}
		var b T
		if err := json.Unmarshal(raw, &b); err != nil {
			chk.field(at, "a branch object", err.Error())
			continue
		}
		out = append(out, b)
	}
	return out
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

// rawBranches holds a router's branches as raw JSON: declaring their full
// shape in the tool's definition would cost more than the field's description
// does, so the description names their members and the tool checks each
// branch against the branch schema.
type rawBranches []json.RawMessage

// JSONSchema describes rawBranches briefly; the field's tag describes the members.
func (rawBranches) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "object"}}
}

// rawObject is an object argument whose members the tool's definition leaves
// to the field's description (a full schema would cost several times more),
// checked by the tool against the full schema of its Go type.
type rawObject struct{ json.RawMessage }

// JSONSchema describes rawObject as an object; the field's tag describes it.
func (rawObject) JSONSchema() *jsonschema.Schema { return &jsonschema.Schema{Type: "object"} }

// given reports whether the argument was sent (null counts as absent).
func (r rawObject) given() bool {
	t := strings.TrimSpace(string(r.RawMessage))
	return t != "" && t != "null"
}

// decodeRaw checks raw against schemaOf() and decodes it into a T, recording
// problems under path; nil when it does not fit.
func decodeRaw[T any](raw json.RawMessage, path string, schemaOf func() json.RawMessage, chk *specCheck) *T {
	if err := schema.Validate(schemaOf(), raw); err != nil {
		chk.add(prefixed(err, path), path)
		return nil
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		chk.field(path, "an object", err.Error())
		return nil
	}
	return v
}
