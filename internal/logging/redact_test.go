package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
)

func TestRedaction(t *testing.T) {
	const apiKey = "imb-key-0123456789"
	tests := []struct {
		name    string
		log     func(l *slog.Logger)
		leaks   []string // must not appear
		present []string // must appear
	}{
		{name: "known secret in the message", log: func(l *slog.Logger) { l.Info("calling with " + apiKey) },
			leaks: []string{apiKey}, present: []string{"calling with [REDACTED]"}},
		{name: "sensitive attribute keys", log: func(l *slog.Logger) {
			l.Info("x", "apiKey", "k1", "IMBRACE_ACCESS_TOKEN", "k2", "Authorization", "k3", "mcp_token", "k4", "password", "k5")
		}, leaks: []string{"k1", "k2", "k3", "k4", "k5"}},
		{name: "known secret inside an ordinary attribute", log: func(l *slog.Logger) { l.Info("x", "url", "https://h/?key="+apiKey) },
			leaks: []string{apiKey}, present: []string{"https://h/?key=[REDACTED]"}},
		{name: "bearer header value", log: func(l *slog.Logger) { l.Info("x", "header", "Bearer eyJhbGciOi.payload.sig") },
			leaks: []string{"eyJhbGciOi"}, present: []string{"Bearer [REDACTED]"}},
		{name: "connection value in a map", log: func(l *slog.Logger) {
			l.Info("x", "request", map[string]any{"displayName": "Slack", "value": map[string]any{"type": "CUSTOM_AUTH", "props": map[string]any{"pat": "xoxb-1"}}, "connectionValue": "raw"})
		}, leaks: []string{"xoxb-1", "raw", "CUSTOM_AUTH"}, present: []string{"Slack"}},
		{name: "groups", log: func(l *slog.Logger) {
			l.Info("x", slog.Group("auth", slog.String("token", "t0k"), slog.String("user", "ann")))
		},
			leaks: []string{"t0k"}, present: []string{"ann"}},
		{name: "secret in an error", log: func(l *slog.Logger) { l.Error("failed", "err", errors.New("401 for key "+apiKey)) },
			leaks: []string{apiKey}},
		{name: "logger With attributes", log: func(l *slog.Logger) { l.With("secret", "w1", "note", apiKey).Info("x") },
			leaks: []string{"w1", apiKey}},
	}
	for _, tt := range tests {
		for _, format := range []string{"text", "json"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				tt.log(New(&buf, Options{Level: slog.LevelDebug, JSON: format == "json", Secrets: []string{apiKey, ""}}))
				out := buf.String()
				for _, leak := range tt.leaks {
					if strings.Contains(out, leak) {
						t.Errorf("log leaks %q:\n%s", leak, out)
					}
				}
				for _, p := range tt.present {
					if !strings.Contains(out, p) {
						t.Errorf("log lacks %q:\n%s", p, out)
					}
				}
			})
		}
	}
}

func TestFormats(t *testing.T) {
	var buf bytes.Buffer
	New(&buf, Options{Level: slog.LevelWarn, JSON: true}).Info("hidden")
	if buf.Len() != 0 {
		t.Fatalf("info logged at warn level: %s", buf.String())
	}
	New(&buf, Options{Level: slog.LevelInfo, JSON: true}).Warn("shown", "n", 1)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not a JSON line: %q", buf.String())
	}
	if line["msg"] != "shown" || line["level"] != "WARN" || line["n"] != float64(1) {
		t.Errorf("line = %v", line)
	}
	buf.Reset()
	New(&buf, Options{Level: slog.LevelInfo}).Info("plain")
	if strings.Contains(buf.String(), "\x1b[") {
		t.Errorf("colour codes without Color: %q", buf.String())
	}
	buf.Reset()
	New(&buf, Options{Level: slog.LevelInfo, Color: true}).Info("tinted")
	if !strings.Contains(buf.String(), "\x1b[") {
		t.Errorf("no colour codes with Color: %q", buf.String())
	}
}

func TestBearerWordIsNotMangled(t *testing.T) {
	r := NewRedactor(slog.DiscardHandler, nil)
	if got := r.String("bearer token auth is on"); got != "bearer token auth is on" {
		t.Errorf("got %q", got)
	}
}

func TestURLUserinfoIsRedacted(t *testing.T) {
	r := NewRedactor(slog.DiscardHandler, nil)
	tests := []struct{ in, want string }{
		{"https://user:pa55word@gw.example/api", "https://[REDACTED]@gw.example/api"},
		{"backend: the iMBRACE gateway https://svc:p@ss@gw.example:8443", "backend: the iMBRACE gateway https://[REDACTED]@gw.example:8443"},
		{`Get "http://ap:s3cr3t@10.0.0.1/api/v1/flows": dial tcp`, `Get "http://[REDACTED]@10.0.0.1/api/v1/flows": dial tcp`},
		{"https://gw.example/api?x=a@b", "https://gw.example/api?x=a@b"},
		{"mail ann@example.com", "mail ann@example.com"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	// Through a real logger, as the start-up line logs the engine's URL.
	var buf bytes.Buffer
	New(&buf, Options{Level: slog.LevelInfo, JSON: true}).Info("backend: imbrace", "engine", "https://user:pa55word@gw.example")
	if strings.Contains(buf.String(), "pa55word") {
		t.Errorf("log leaks the URL's password: %s", buf.String())
	}
}

func TestSecretsAreMatchedAsWholeTokens(t *testing.T) {
	const long = "abcdefgh12345678"
	r := NewRedactor(slog.DiscardHandler, []string{"a", "tok", long})
	tests := []struct{ in, want string }{
		// Secrets shorter than MinSecretLength would garble ordinary text and, by
		// what they replace, reveal themselves: they are left alone.
		{"changing a token", "changing a token"},
		{"key=" + long + "&x=1", "key=[REDACTED]&x=1"},
		{`{"k":"` + long + `"}`, `{"k":"[REDACTED]"}`},
		{long, "[REDACTED]"},
		{"x" + long + "y", "x" + long + "y"},
		{long + " and " + long, "[REDACTED] and [REDACTED]"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestContextAddsRequestIDAndCallerSecrets checks that a line logged with a
// call's context carries its request id and masks the caller's own
// credentials, which the configuration never held.
func TestContextAddsRequestIDAndCallerSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := New(&buf, Options{Level: slog.LevelDebug, JSON: true})
	ctx := WithRequestID(context.Background(), "req-123")
	ctx = caller.NewContext(ctx, &caller.Caller{Credentials: caller.Credentials{APIKey: "caller-secret-key-1"}})
	logger.InfoContext(ctx, "upstream said caller-secret-key-1 is bad", "detail", "key caller-secret-key-1")
	out := buf.String()
	if strings.Contains(out, "caller-secret-key-1") || !strings.Contains(out, `"request_id":"req-123"`) {
		t.Errorf("log line: %s", out)
	}
	if id := NewRequestID(); len(id) != 16 || id == NewRequestID() {
		t.Errorf("NewRequestID = %q", id)
	}
}
