package sandbox

import (
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// webhookAccepts reports whether a webhook call passes the catch_webhook
// trigger's authentication (input authType none, basic or header, with the
// credentials in input authFields), as the webhook piece checks it. When it
// does not, Activepieces starts no run: the caller should not call execute.
// Triggers of other pieces, and a missing authType, accept every call.
func webhookAccepts(t *workflows.Trigger, headers map[string]string) bool {
	s := t.Settings
	if t.Type != workflows.TriggerPiece || s.PieceName != webhookPieceName || s.TriggerName != catchWebhookTrigger {
		return true
	}
	fields, _ := s.Input["authFields"].(map[string]any)
	text := func(key string) string { v, _ := fields[key].(string); return v }
	switch authType, _ := s.Input["authType"].(string); authType {
	case "basic":
		scheme, encoded, ok := strings.Cut(headerValue(headers, "authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "basic") {
			return false
		}
		decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
		if err != nil {
			return false
		}
		user, password, _ := strings.Cut(string(decoded), ":")
		return sameSecret(user, text("username")) && sameSecret(password, text("password"))
	case "header":
		name := text("headerName")
		return name != "" && sameSecret(headerValue(headers, name), text("headerValue"))
	default:
		return true
	}
}

// headerValue looks a header up without regard to case.
func headerValue(headers map[string]string, name string) string {
	if v, ok := headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// sameSecret compares in constant time, so a caller cannot guess a secret by timing.
func sameSecret(given, want string) bool {
	return subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}
