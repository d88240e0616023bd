package pieces

import (
	"encoding/base64"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestWebhookAccepts(t *testing.T) {
	webhook := func(input map[string]any) *workflows.Trigger {
		return &workflows.Trigger{Name: "trigger", Type: workflows.TriggerPiece, Settings: workflows.Settings{
			PieceName: WebhookName, PieceVersion: "0.1.29", TriggerName: CatchWebhook, Input: input}}
	}
	basic := webhook(map[string]any{"authType": "basic", "authFields": map[string]any{"username": "ada", "password": "s3cret"}})
	header := webhook(map[string]any{"authType": "header", "authFields": map[string]any{"headerName": "X-Token", "headerValue": "t0k"}})
	creds := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name    string
		trigger *workflows.Trigger
		headers map[string]string
		want    bool
	}{
		{"no auth", webhook(map[string]any{"authType": "none"}), nil, true},
		{"authType missing", webhook(map[string]any{}), nil, true},
		{"empty trigger", &workflows.Trigger{Type: workflows.TriggerEmpty}, nil, true},
		{"basic right", basic, map[string]string{"authorization": creds("ada:s3cret")}, true},
		{"basic scheme in any case", basic, map[string]string{"Authorization": "basic " + base64.StdEncoding.EncodeToString([]byte("ada:s3cret"))}, true},
		{"basic wrong password", basic, map[string]string{"authorization": creds("ada:nope")}, false},
		{"basic missing", basic, map[string]string{}, false},
		{"basic not base64", basic, map[string]string{"authorization": "Basic %%%"}, false},
		{"bearer instead of basic", basic, map[string]string{"authorization": "Bearer s3cret"}, false},
		{"header right, name in another case", header, map[string]string{"x-token": "t0k"}, true},
		{"header wrong", header, map[string]string{"x-token": "t0kk"}, false},
		{"header missing", header, map[string]string{"other": "t0k"}, false},
		{"header auth without a header name", webhook(map[string]any{"authType": "header", "authFields": map[string]any{}}), map[string]string{"": ""}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewCatalogue(All).Accepts(tc.trigger, tc.headers); got != tc.want {
				t.Fatalf("Accepts = %v, want %v", got, tc.want)
			}
		})
	}
}
