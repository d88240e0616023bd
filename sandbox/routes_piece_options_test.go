package sandbox

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
)

// optionsBody is a valid POST /v1/pieces/options body for the delay piece's unit
// dropdown, with changes applied (a nil value deletes the member).
func optionsBody(changes map[string]any) map[string]any {
	body := map[string]any{
		"projectId":           "any-project",
		"pieceName":           pieces.DelayName,
		"pieceVersion":        "0.3.26",
		"actionOrTriggerName": pieces.DelayFor,
		"propertyName":        "unit",
		"flowId":              missingID,
		"flowVersionId":       missingID,
		"input":               map[string]any{"delayFor": 5},
	}
	maps.Copy(body, changes)
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		}
	}
	return body
}

// choices renders an answer's options as "label=value" pairs, in order.
func choices(a pieceOptionsAnswer) string {
	parts := make([]string, len(a.Options.Options))
	for i, c := range a.Options.Options {
		parts[i] = c.Label + "=" + string(c.Value)
	}
	return strings.Join(parts, " ")
}

func TestPieceOptionsAnswersStaticDropdowns(t *testing.T) {
	_, srv := testEngine(t)
	units := `Seconds="seconds" Minutes="minutes" Hours="hours" Days="days"`
	tests := []struct {
		name     string
		base     string
		changes  map[string]any
		wantType string
		want     string
	}{
		{name: "action dropdown, gateway layout", base: gw, wantType: "STATIC_DROPDOWN", want: units},
		{name: "action dropdown, Activepieces layout", base: ap, wantType: "STATIC_DROPDOWN", want: units},
		{name: "caret version", base: gw, changes: map[string]any{"pieceVersion": "^0.3.24"}, wantType: "STATIC_DROPDOWN", want: units},
		{name: "tilde version", base: ap, changes: map[string]any{"pieceVersion": "~0.3.25"}, wantType: "STATIC_DROPDOWN", want: units},
		{name: "trigger dropdown", base: gw, changes: map[string]any{"pieceName": pieces.WebhookName, "pieceVersion": "0.1.24",
			"actionOrTriggerName": pieces.CatchWebhook, "propertyName": "authType"},
			wantType: "STATIC_DROPDOWN", want: `None="none" Basic Auth="basic" Header Auth="header"`},
		{name: "search narrows by label ignoring case", base: gw, changes: map[string]any{"searchValue": "HOUR"},
			wantType: "STATIC_DROPDOWN", want: `Hours="hours"`},
		{name: "search matching nothing", base: ap, changes: map[string]any{"searchValue": "weeks"}, wantType: "STATIC_DROPDOWN", want: ""},
		{name: "only the required members", base: gw, changes: map[string]any{"projectId": nil, "flowId": nil, "flowVersionId": nil, "input": nil},
			wantType: "STATIC_DROPDOWN", want: units},
		{name: "null input", base: gw, changes: map[string]any{"input": json.RawMessage("null")}, wantType: "STATIC_DROPDOWN", want: units},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, srv, "POST", tt.base+"/v1/pieces/options", optionsBody(tt.changes)).expect(t, 200)
			got := decode[pieceOptionsAnswer](t, a)
			if got.Type != tt.wantType || got.Options.Disabled || choices(got) != tt.want {
				t.Fatalf("answer %s, want type %s, enabled, options %s", a.Body, tt.wantType, tt.want)
			}
			// The shape is ExecutePropsResult: no placeholder when there is none, and an empty list, never null.
			var raw struct {
				Options map[string]json.RawMessage `json:"options"`
			}
			if err := json.Unmarshal(a.Body, &raw); err != nil {
				t.Fatal(err)
			}
			if _, has := raw.Options["placeholder"]; has || string(raw.Options["disabled"]) != "false" || raw.Options["options"][0] != '[' {
				t.Fatalf("options %s, want disabled false, a list and no placeholder", a.Body)
			}
		})
	}
}

func TestPieceOptionsErrors(t *testing.T) {
	_, srv := testEngine(t)
	const notDropdown = " not a dropdown: only STATIC_DROPDOWN and STATIC_MULTI_SELECT_DROPDOWN properties have options"
	tests := []struct {
		name    string
		body    any
		status  int
		code    string
		message string
	}{
		{name: "number property", body: optionsBody(map[string]any{"propertyName": "delayFor"}),
			status: 400, code: "VALIDATION",
			message: "property delayFor of action delayFor of @activepieces/piece-delay 0.3.26 is of type NUMBER," + notDropdown},
		{name: "dynamic property", body: optionsBody(map[string]any{"pieceName": pieces.WebhookName, "pieceVersion": "0.1.29",
			"actionOrTriggerName": pieces.ReturnResponse, "propertyName": "fields"}),
			status: 400, code: "VALIDATION",
			message: "property fields of action return_response of @activepieces/piece-webhook 0.1.29 is of type DYNAMIC," + notDropdown},
		{name: "markdown property of a trigger", body: optionsBody(map[string]any{"pieceName": pieces.WebhookName, "pieceVersion": "0.1.29",
			"actionOrTriggerName": pieces.CatchWebhook, "propertyName": "liveMarkdown"}),
			status: 400, code: "VALIDATION",
			message: "property liveMarkdown of trigger catch_webhook of @activepieces/piece-webhook 0.1.29 is of type MARKDOWN," + notDropdown},

		{name: "unknown piece", body: optionsBody(map[string]any{"pieceName": "@activepieces/piece-slack"}),
			status: 404, code: "ENTITY_NOT_FOUND", message: "piece @activepieces/piece-slack not found"},
		{name: "unknown version", body: optionsBody(map[string]any{"pieceVersion": "0.4.0"}),
			status: 404, code: "ENTITY_NOT_FOUND", message: "piece @activepieces/piece-delay@0.4.0 not found"},
		{name: "unknown action", body: optionsBody(map[string]any{"actionOrTriggerName": "send_message"}),
			status: 404, code: "ENTITY_NOT_FOUND",
			message: "@activepieces/piece-delay 0.3.26 has no action or trigger send_message; it has: delayFor, delay_until"},
		{name: "unknown property", body: optionsBody(map[string]any{"propertyName": "units"}),
			status: 404, code: "ENTITY_NOT_FOUND",
			message: "action delayFor of @activepieces/piece-delay 0.3.26 has no property units; its properties are: delayFor, markdown, unit"},

		{name: "missing pieceName", body: optionsBody(map[string]any{"pieceName": nil}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/pieceName is required: must be string"},
		{name: "missing pieceVersion", body: optionsBody(map[string]any{"pieceVersion": nil}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/pieceVersion is required: must be string"},
		{name: "missing actionOrTriggerName", body: optionsBody(map[string]any{"actionOrTriggerName": nil}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/actionOrTriggerName is required: must be string"},
		{name: "missing propertyName", body: optionsBody(map[string]any{"propertyName": nil}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/propertyName is required: must be string"},
		{name: "blank propertyName", body: optionsBody(map[string]any{"propertyName": "  "}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/propertyName must not be empty"},
		{name: "projectId not a string", body: optionsBody(map[string]any{"projectId": 7}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/projectId must be string"},
		{name: "flowId not a string", body: optionsBody(map[string]any{"flowId": true}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/flowId must be string"},
		{name: "flowVersionId not a string", body: optionsBody(map[string]any{"flowVersionId": []string{}}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/flowVersionId must be string"},
		{name: "searchValue not a string", body: optionsBody(map[string]any{"searchValue": 3}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/searchValue must be string"},
		{name: "input not an object", body: optionsBody(map[string]any{"input": "seconds"}),
			status: 400, code: "FST_ERR_VALIDATION", message: "body/input must be object"},
		{name: "version not semver", body: optionsBody(map[string]any{"pieceVersion": "latest"}),
			status: 400, code: "FST_ERR_VALIDATION",
			message: `body/pieceVersion must match pattern "^([~^])?[0-9]+\.[0-9]+\.[0-9]+$" (an exact, ~ or ^ version such as 0.3.26)`},
		{name: "body not an object", body: `["unit"]`, status: 400, code: "FST_ERR_VALIDATION", message: "body must be object"},
		{name: "no body", body: "", status: 400, code: "FST_ERR_VALIDATION", message: "body must be object"},
		{name: "body not JSON", body: `{"pieceName":`, status: 400, code: "FST_ERR_CTP_INVALID_JSON_BODY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, base := range []string{gw, ap} {
				call(t, srv, "POST", base+"/v1/pieces/options", tt.body).expectError(t, tt.status, tt.code, tt.message)
			}
		})
	}
}

func TestPieceOptionsNeedsTheAPIKey(t *testing.T) {
	_, srv := testEngine(t, WithAPIKeys("sandbox-key"))
	send(t, srv, "POST", ap+"/v1/pieces/options", optionsBody(nil)).expectError(t, 401, "AUTHENTICATION", "")
	a := call(t, srv, "POST", ap+"/v1/pieces/options", optionsBody(nil), "Authorization", "Bearer sandbox-key").expect(t, 200)
	if got := decode[pieceOptionsAnswer](t, a); len(got.Options.Options) != 4 {
		t.Fatalf("answer %s, want the four units", a.Body)
	}
}
