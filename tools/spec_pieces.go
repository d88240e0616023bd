package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// pieceCache looks each piece up once per call: a spec often uses one piece
// in many steps, and each lookup is a request.
type pieceCache struct {
	c   *client.Client
	got map[[2]string]pieceAnswer
}

type pieceAnswer struct {
	p   *workflows.Piece
	err error
}

func newPieceCache(c *client.Client) *pieceCache {
	return &pieceCache{c: c, got: map[[2]string]pieceAnswer{}}
}

func (pc *pieceCache) piece(ctx context.Context, name, version string) (*workflows.Piece, error) {
	key := [2]string{name, version}
	if a, ok := pc.got[key]; ok {
		return a.p, a.err
	}
	p, err := pc.c.GetPiece(ctx, name, version)
	pc.got[key] = pieceAnswer{p, err}
	return p, err
}

// componentRef is a PIECE step or a piece trigger to check against the catalogue.
type componentRef struct {
	path      string // "steps[0]", "action" or "trigger"
	step      string // the step's name, for the messages
	trigger   bool   // a trigger (triggerName) rather than an action (actionName)
	pieceName string
	version   string
	name      string          // the action or trigger name
	input     *map[string]any // required inputs left out are filled in from their defaults
}

func (r componentRef) kind() string {
	if r.trigger {
		return "trigger"
	}
	return "action"
}

// check resolves r's piece, version and component, checks its inputs, and
// returns the version to pin. Problems of the spec go to chk; the error is
// only for an engine that could not be asked, which stops the check.
func (pc *pieceCache) check(ctx context.Context, r componentRef, chk *specCheck) (string, error) {
	p, err := pc.piece(ctx, r.pieceName, r.version)
	if client.IsNotFound(err) {
		return "", pc.noSuchPiece(ctx, r, chk)
	}
	if err != nil {
		return "", err
	}
	components, field := p.Actions, r.path+".actionName"
	if r.trigger {
		components, field = p.Triggers, r.path+".triggerName"
	}
	comp, ok := components[r.name]
	if !ok {
		chk.field(field, fmt.Sprintf("%s of %s: %s (step %s)", article(r.kind()), p.Name, strings.Join(sortedKeys(components), ", "), r.step), r.name)
		return "", nil
	}
	checkInputs(r, p, comp, chk)
	checkCron(r, chk)
	if r.version != "" {
		return r.version, nil
	}
	return p.Version, nil
}

func article(kind string) string {
	if kind == "action" {
		return "an action"
	}
	return "a trigger"
}

// noSuchPiece says whether the piece is missing or only the version asked for.
func (pc *pieceCache) noSuchPiece(ctx context.Context, r componentRef, chk *specCheck) error {
	if r.version != "" {
		latest, err := pc.piece(ctx, r.pieceName, "")
		if err == nil {
			chk.field(r.path+".pieceVersion", fmt.Sprintf("a version of %s the engine has, e.g. %s (leave it out for the latest; step %s)", r.pieceName, latest.Version, r.step), r.version)
			return nil
		}
		if !client.IsNotFound(err) {
			return err
		}
	}
	chk.field(r.path+".pieceName", "a piece the engine has: list_pieces with a searchQuery finds pieces by name, action or trigger (step "+r.step+")", r.pieceName)
	return nil
}

// The schedule piece's trigger that takes a cron expression, and that input.
const (
	schedulePiece   = "@activepieces/piece-schedule"
	cronTrigger     = "cron_expression"
	cronInput       = "cronExpression"
	cronExpectation = "a cron expression the engine accepts: five fields of numbers, ranges (1-5), lists (1,15) and steps (*/5): " +
		"minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-6 (0 is Sunday); no names, ? or seconds"
)

// checkCron refuses a cron expression that enabling the trigger would refuse
// ("Invalid cron expression"), so the flow is not created to fail at publish.
// An expression built from a template is the engine's to judge.
func checkCron(r componentRef, chk *specCheck) {
	if !r.trigger || r.pieceName != schedulePiece || r.name != cronTrigger {
		return
	}
	expr, ok := (*r.input)[cronInput].(string)
	if ok && !strings.Contains(expr, "{{") && !workflows.ValidCron(expr) {
		chk.field(r.path+".input."+cronInput, cronExpectation, expr)
	}
}

// authInput is the input that holds a step's connection; pieces declare it
// once for the piece, not among an action's props.
const authInput = "auth"

// checkInputs wants every required input of the component, filling in those
// with a default (as the engine's editor does, so the step is valid), the
// connection of a piece that needs one, and no input the component does not
// declare (the engine would drop it silently).
func checkInputs(r componentRef, p *workflows.Piece, comp workflows.PieceComponent, chk *specCheck) {
	if *r.input == nil {
		*r.input = map[string]any{}
	}
	input := *r.input
	owner := fmt.Sprintf("%s %s of %s (step %s)", r.kind(), r.name, p.Name, r.step)
	if needsAuth(p, comp) {
		if v, ok := input[authInput]; !ok || v == nil || v == "" {
			chk.missing(r.path+".input.auth", "a connection, as {{connections['<externalId>']}}, which "+owner+
				" needs (list_connections lists them; upsert_connection stores one)")
		}
	}
	for _, key := range sortedKeys(comp.Props) {
		prop := comp.Props[key]
		if !prop.Required || prop.Type == "MARKDOWN" {
			continue
		}
		if v, ok := input[key]; ok && v != nil && v != "" {
			continue
		}
		if def := defaultOf(prop); def != nil {
			input[key] = def
			continue
		}
		chk.missing(r.path+".input."+key, propSummary(key, prop)+", required by "+owner)
	}
	if len(comp.Props) == 0 {
		return
	}
	for _, key := range sortedKeys(input) {
		if _, declared := comp.Props[key]; !declared && key != authInput {
			chk.field(r.path+".input."+key, "an input of "+owner+": "+strings.Join(sortedKeys(comp.Props), ", "), nil)
		}
	}
}

// defaultOf is a prop's default value, or nil when it has none worth using.
func defaultOf(p workflows.PieceProperty) any {
	var v any
	if len(p.DefaultValue) == 0 || json.Unmarshal(p.DefaultValue, &v) != nil || v == "" {
		return nil
	}
	return v
}

// maxShownOptions bounds the dropdown choices a summary lists.
const maxShownOptions = 8

// propSummary describes one input in a few words: its label, type and, for a
// static dropdown, its choices: "unit (Unit, STATIC_DROPDOWN: seconds|minutes)".
func propSummary(key string, p workflows.PieceProperty) string {
	what := p.Type
	if values := optionValues(p.Options); len(values) > 0 {
		if len(values) > maxShownOptions {
			values = append(values[:maxShownOptions], "…")
		}
		what += ": " + strings.Join(values, "|")
	}
	if p.DisplayName != "" && p.DisplayName != key {
		what = p.DisplayName + ", " + what
	}
	return key + " (" + what + ")"
}

// optionValues reads a static dropdown's choices ({options: [{value}]}).
func optionValues(raw json.RawMessage) []string {
	var o struct {
		Options []struct {
			Value any `json:"value"`
		} `json:"options"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &o) != nil {
		return nil
	}
	var out []string
	for _, opt := range o.Options {
		out = append(out, fmt.Sprint(opt.Value))
	}
	return out
}

// needsAuth reports whether a step of comp must name a connection: the piece
// declares an auth property and the action does not opt out (requireAuth,
// true when absent, as in Activepieces). Triggers take their connection the
// same way.
func needsAuth(p *workflows.Piece, comp workflows.PieceComponent) bool {
	if raw := strings.TrimSpace(string(p.Extra["auth"])); raw == "" || raw == "null" {
		return false
	}
	raw, ok := comp.Extra["requireAuth"]
	if !ok {
		return true
	}
	var require bool
	return json.Unmarshal(raw, &require) != nil || require
}
