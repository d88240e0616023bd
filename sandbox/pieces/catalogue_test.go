package pieces

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
)

func TestCataloguePieceVersionResolution(t *testing.T) {
	cat := NewCatalogue(All)
	tests := []struct {
		name, piece, version string
		want                 string // resolved version; "" means 404
		wantMessage          string
	}{
		{name: "empty is latest", piece: WebhookName, version: "", want: "0.1.29"},
		{name: "exact docs version", piece: WebhookName, version: "0.1.24", want: "0.1.24"},
		{name: "exact current version", piece: WebhookName, version: "0.1.29", want: "0.1.29"},
		{name: "caret on 0.x stays on the minor", piece: WebhookName, version: "^0.1.24", want: "0.1.29"},
		{name: "tilde stays on the minor", piece: WebhookName, version: "~0.1.24", want: "0.1.29"},
		{name: "caret above every version", piece: WebhookName, version: "^0.1.30",
			wantMessage: "piece @activepieces/piece-webhook@^0.1.30 not found"},
		{name: "caret on another minor", piece: WebhookName, version: "^0.2.0",
			wantMessage: "piece @activepieces/piece-webhook@^0.2.0 not found"},
		{name: "caret on 0.0.x is exact", piece: WebhookName, version: "^0.0.1",
			wantMessage: "piece @activepieces/piece-webhook@^0.0.1 not found"},
		{name: "unknown exact version", piece: WebhookName, version: "0.1.23",
			wantMessage: "piece @activepieces/piece-webhook@0.1.23 not found"},
		{name: "malformed version", piece: WebhookName, version: "latest",
			wantMessage: "piece @activepieces/piece-webhook@latest not found"},
		{name: "delay latest", piece: DelayName, version: "", want: "0.3.26"},
		{name: "delay caret", piece: DelayName, version: "^0.3.0", want: "0.3.26"},
		{name: "unknown piece", piece: "@activepieces/piece-slack", version: "0.1.0",
			wantMessage: "piece @activepieces/piece-slack not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := cat.Metadata(tc.piece, tc.version)
			if tc.want != "" {
				if err != nil {
					t.Fatalf("piece: %v", err)
				}
				if p.Version != tc.want || p.Name != tc.piece {
					t.Fatalf("got %s@%s, want %s@%s", p.Name, p.Version, tc.piece, tc.want)
				}
				return
			}
			assertAPIError(t, err, 404, "ENTITY_NOT_FOUND", tc.wantMessage)
		})
	}
}

func TestSemverCaretRules(t *testing.T) {
	tests := []struct {
		version, spec string
		want          bool
	}{
		{"1.4.0", "^1.2.3", true},
		{"2.0.0", "^1.2.3", false},
		{"1.2.2", "^1.2.3", false},
		{"0.1.29", "^0.1.24", true},
		{"0.2.0", "^0.1.24", false},
		{"0.0.3", "^0.0.3", true},
		{"0.0.4", "^0.0.3", false},
		{"1.2.9", "~1.2.3", true},
		{"1.3.0", "~1.2.3", false},
		{"1.2.3", "1.2.3", true},
		{"1.2.4", "1.2.3", false},
		{"1.2.4", "", true},
		{"1.2.4", "^01.2.3", false},
	}
	for _, tc := range tests {
		v, ok := parseSemver(tc.version)
		if !ok {
			t.Fatalf("parse %s failed", tc.version)
		}
		if got := v.satisfies(tc.spec); got != tc.want {
			t.Errorf("%s satisfies %q = %v, want %v", tc.version, tc.spec, got, tc.want)
		}
	}
}

func TestCatalogueMetadata(t *testing.T) {
	cat := NewCatalogue(All)
	webhook, err := cat.Metadata(WebhookName, "0.1.24")
	if err != nil {
		t.Fatal(err)
	}
	trigger, ok := webhook.Triggers["catch_webhook"]
	if !ok || trigger.DisplayName != "Catch Webhook" {
		t.Fatalf("catch_webhook trigger missing or misnamed: %+v", trigger)
	}
	auth := trigger.Props["authType"]
	if !auth.Required || auth.Type != "STATIC_DROPDOWN" || string(auth.DefaultValue) != `"none"` {
		t.Errorf("authType prop = %+v", auth)
	}
	var opts struct {
		Options []struct{ Label, Value string } `json:"options"`
	}
	if err := json.Unmarshal(auth.Options, &opts); err != nil || len(opts.Options) != 3 || opts.Options[2].Value != "header" {
		t.Errorf("authType options = %s (%v)", auth.Options, err)
	}
	if string(trigger.Extra["testStrategy"]) != `"SIMULATION"` || string(webhook.Extra["projectUsage"]) != "0" {
		t.Errorf("schema-required metadata missing: trigger %v, piece %v", trigger.Extra, webhook.Extra)
	}
	rr, ok := webhook.Actions["return_response"]
	if !ok || rr.DisplayName != "Return Response" {
		t.Fatalf("return_response missing: %+v", rr)
	}
	for prop, want := range map[string]struct {
		typ      string
		required bool
		display  string
	}{
		"responseType": {"STATIC_DROPDOWN", false, "Response Type"},
		"fields":       {"DYNAMIC", true, "Response"},
		"respond":      {"STATIC_DROPDOWN", false, "Flow Execution"},
	} {
		got := rr.Props[prop]
		if got.Type != want.typ || got.Required != want.required || got.DisplayName != want.display {
			t.Errorf("return_response prop %s = %+v, want %+v", prop, got, want)
		}
	}
	delay, err := cat.Metadata(DelayName, "")
	if err != nil {
		t.Fatal(err)
	}
	delayFor := delay.Actions["delayFor"]
	if string(delayFor.Extra["requireAuth"]) != "true" {
		t.Errorf("delayFor requireAuth = %s", delayFor.Extra["requireAuth"])
	}
	if delayFor.Props["delayFor"].Type != "NUMBER" || !delayFor.Props["unit"].Required {
		t.Errorf("delayFor props = %+v", delayFor.Props)
	}
	// piece returns a fresh copy: changing it does not change the catalogue.
	delete(webhook.Actions, "return_response")
	again, _ := cat.Metadata(WebhookName, "0.1.24")
	if _, ok := again.Actions["return_response"]; !ok {
		t.Error("a caller's change to piece metadata leaked into the catalogue")
	}
}

func TestCatalogueSummaries(t *testing.T) {
	got := NewCatalogue(All).Summaries()
	want := []struct {
		name, version     string
		actions, triggers int
	}{
		{DataMapperName, "0.3.15", 1, 0},
		{DelayName, "0.3.26", 2, 0},
		{HTTPName, "0.8.5", 1, 0},
		{ScheduleName, "0.1.5", 0, 6},
		{StoreName, "0.6.20", 6, 0},
		{TablesName, "0.2.16", 6, 0},
		{WebhookName, "0.1.29", 1, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d summaries, want %d", len(got), len(want))
	}
	for i, w := range want {
		s := got[i]
		if s.Name != w.name || s.Version != w.version || s.Actions != w.actions || s.Triggers != w.triggers {
			t.Errorf("summary %d = %+v, want %+v", i, s, w)
		}
		if s.DisplayName == "" || s.LogoURL == "" || s.PieceType != "OFFICIAL" || s.PackageType != "REGISTRY" {
			t.Errorf("summary %d lacks metadata: %+v", i, s)
		}
	}
}

// assertAPIError checks an error's status, code and human message (params.message,
// or the fastify message).
func assertAPIError(t *testing.T, err error, status int, code, message string) {
	t.Helper()
	var apiErr *apierr.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v (%T), want *apierr.Error %d %s", err, err, status, code)
	}
	got := apiErr.Message
	if !apiErr.Fastify {
		got, _ = apiErr.Params["message"].(string)
	}
	if apiErr.Status != status || apiErr.Code != code || got != message {
		t.Fatalf("error = %d %s %q\n      want %d %s %q", apiErr.Status, apiErr.Code, got, status, code, message)
	}
}
