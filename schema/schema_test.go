package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
)

type sampleInner struct {
	Name  string `json:"name" jsonschema_description:"Step name"`
	Count int    `json:"count,omitempty" jsonschema:"minimum=1,maximum=5"`
}

type sampleSecret map[string]any

func (sampleSecret) JSONSchemaExtend(s *jsonschema.Schema) { s.WriteOnly = true }

type sampleInput struct {
	FlowID string         `json:"flowId" jsonschema:"pattern=^[0-9A-Za-z]{21}$" jsonschema_description:"Flow id, from list_flows"`
	Detail string         `json:"detail,omitempty" jsonschema:"enum=summary,enum=full"`
	Limit  int            `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100"`
	Inner  *sampleInner   `json:"inner,omitempty"`
	Items  []sampleInner  `json:"items,omitempty"`
	Input  map[string]any `json:"input,omitempty"`
	Data   any            `json:"data,omitempty"`
	Flag   bool           `json:"flag,omitempty"`
	Secret sampleSecret   `json:"secret,omitempty"`
}

func TestGenerateIsPortableAndInlined(t *testing.T) {
	raw, err := Generate(sampleInput{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"properties":{"flowId":{"type":"string","pattern":"^[0-9A-Za-z]{21}$","description":"Flow id, from list_flows"},` +
		`"detail":{"type":"string","enum":["summary","full"]},"limit":{"type":"integer","maximum":100,"minimum":1},` +
		`"inner":{"properties":{"name":{"type":"string","description":"Step name"},"count":{"type":"integer","maximum":5,"minimum":1}},"type":"object","required":["name"]},` +
		`"items":{"items":{"properties":{"name":{"type":"string","description":"Step name"},"count":{"type":"integer","maximum":5,"minimum":1}},"type":"object","required":["name"]},"type":"array"},` +
		`"input":{"type":"object"},"data":{"anyOf":[{"type":"object"},{"type":"array"},{"type":"string"},{"type":"number"},{"type":"boolean"},{"type":"null"}]},"flag":{"type":"boolean"},"secret":{"type":"object","writeOnly":true}},"type":"object","required":["flowId"]}`
	if string(raw) != want {
		t.Errorf("schema:\n got %s\nwant %s", raw, want)
	}
	if err := CheckPortable(raw); err != nil {
		t.Errorf("CheckPortable: %v", err)
	}
}

func TestGenerateRejectsNonStruct(t *testing.T) {
	if _, err := Generate(42); err == nil || !strings.Contains(err.Error(), "is not a struct") {
		t.Errorf("Generate(42) error = %v, want 'is not a struct'", err)
	}
}

func TestCheckPortable(t *testing.T) {
	cases := []struct {
		name, schema, wantErr string
	}{
		{"object", `{"type":"object","properties":{"a":{"type":"string"}}}`, ""},
		{"property named $ref is fine", `{"type":"object","properties":{"$ref":{"type":"string"}}}`, ""},
		{"no type", `{"properties":{}}`, `top-level "type" is <nil>, want "object"`},
		{"array at top", `{"type":"array"}`, `top-level "type" is array, want "object"`},
		{"nested ref", `{"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}`, `$ref at "/properties/a"`},
		{"defs", `{"type":"object","$defs":{"A":{}}}`, `$defs at ""`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPortable(json.RawMessage(tc.schema))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	raw := For[sampleInput]()
	const id = "abcdefghij0123456789Z"
	cases := []struct {
		name, args, want string
	}{
		{"valid", `{"flowId":"` + id + `","detail":"full","limit":5,"inner":{"name":"x"},"input":{"k":1},"data":[1]}`, ""},
		{"null optional is absent", `{"flowId":"` + id + `","limit":null}`, ""},
		{"empty arguments", ``, "missing required argument flowId: expected an id of 21 letters and digits (Flow id, from list_flows)"},
		{"missing", `{}`, "missing required argument flowId: expected an id of 21 letters and digits (Flow id, from list_flows)"},
		{"bad id", `{"flowId":"short"}`, `invalid argument flowId: expected an id of 21 letters and digits (Flow id, from list_flows), got "short"`},
		{"unknown", `{"flowId":"` + id + `","flowid":"x"}`, "unknown argument flowid: expected one of flowId, detail, limit, inner, items, input, data, flag, secret"},
		{"number for an id", `{"flowId":7}`, "invalid argument flowId: expected an id of 21 letters and digits (Flow id, from list_flows), got 7"},
		{"number for an enum", `{"flowId":"` + id + `","detail":1}`, "invalid argument detail: expected one of summary, full, got 1"},
		{"wrong type", `{"flowId":"` + id + `","limit":"5"}`, `invalid argument limit: expected an integer from 1 to 100, got "5"`},
		{"fraction", `{"flowId":"` + id + `","limit":2.5}`, `invalid argument limit: expected an integer from 1 to 100, got 2.5`},
		{"range", `{"flowId":"` + id + `","limit":500}`, `invalid argument limit: expected an integer from 1 to 100, got 500`},
		{"enum", `{"flowId":"` + id + `","detail":"all"}`, `invalid argument detail: expected one of summary, full, got "all"`},
		{"secret not echoed", `{"flowId":"` + id + `","secret":"hunter2"}`, "invalid argument secret: expected an object"},
		{"bool", `{"flowId":"` + id + `","flag":"yes"}`, `invalid argument flag: expected true or false, got "yes"`},
		{"nested", `{"flowId":"` + id + `","items":[{"name":"a"},{"count":9}]}`,
			"missing required argument items[1].name: expected a string (Step name); invalid argument items[1].count: expected an integer from 1 to 5, got 9"},
		{"nested unknown", `{"flowId":"` + id + `","inner":{"name":"a","x":1}}`, "unknown argument inner.x: expected one of name, count"},
		{"object expected", `{"flowId":"` + id + `","input":[1]}`, "invalid argument input: expected an object, got an array"},
		{"not an object", `[1]`, "invalid arguments: expected an object, got an array"},
		{"malformed", `{`, "invalid arguments: expected a JSON object of arguments, got malformed JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(raw, json.RawMessage(tc.args))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Validate(%s)\n got %q\nwant %q", tc.args, got, tc.want)
			}
		})
	}
}
