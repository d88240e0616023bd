package logging

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redacted replaces a secret in a log.
const Redacted = "[REDACTED]"

// Redactor is a slog.Handler that masks secrets before its inner handler sees a
// record: attributes whose key names a credential, any known secret value inside a
// message or string, and bearer or basic credentials in header-like strings.
type Redactor struct {
	inner   slog.Handler
	secrets []string
}

// MinSecretLength is the shortest secret value the redactor masks by value. A
// shorter one would match inside ordinary words: the log would be garbled and the
// pattern of what was masked would reveal the secret. Such values are still
// masked under keys that name a secret; the auth token is refused at start-up
// when it is shorter than config's minimum.
const MinSecretLength = 8

// NewRedactor wraps inner. Secrets shorter than MinSecretLength are ignored; the
// longest are matched first, so one secret inside another is masked whole.
func NewRedactor(inner slog.Handler, secrets []string) *Redactor {
	var keep []string
	for _, s := range secrets {
		if utf8.RuneCountInString(s) >= MinSecretLength {
			keep = append(keep, s)
		}
	}
	sort.SliceStable(keep, func(i, j int) bool { return len(keep[i]) > len(keep[j]) })
	return &Redactor{inner: inner, secrets: keep}
}

// Enabled implements slog.Handler.
func (r *Redactor) Enabled(ctx context.Context, level slog.Level) bool {
	return r.inner.Enabled(ctx, level)
}

// Handle implements slog.Handler.
func (r *Redactor) Handle(ctx context.Context, rec slog.Record) error {
	rr := r.forContext(ctx)
	out := slog.NewRecord(rec.Time, rec.Level, rr.String(rec.Message), rec.PC)
	hasID := false
	rec.Attrs(func(a slog.Attr) bool {
		hasID = hasID || a.Key == RequestIDKey
		out.AddAttrs(rr.Attr(a))
		return true
	})
	if id, ok := requestIDAttr(ctx); ok && !hasID {
		out.AddAttrs(id)
	}
	return r.inner.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (r *Redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = r.Attr(a)
	}
	return &Redactor{inner: r.inner.WithAttrs(clean), secrets: r.secrets}
}

// WithGroup implements slog.Handler.
func (r *Redactor) WithGroup(name string) slog.Handler {
	return &Redactor{inner: r.inner.WithGroup(name), secrets: r.secrets}
}

// sensitiveKeyParts are pieces of attribute keys whose values are credentials or
// user data (a connection's value holds its OAuth tokens or API key).
var sensitiveKeyParts = []string{"token", "apikey", "password", "passwd", "secret", "authorization", "cookie", "credential", "connectionvalue", "privatekey"}

// IsSensitiveKey reports whether a log attribute or map key names a secret.
func IsSensitiveKey(key string) bool {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(key))
	for _, p := range sensitiveKeyParts {
		if strings.Contains(k, p) {
			return true
		}
	}
	return false
}

// Attr returns a with secrets masked, descending into groups, maps and slices.
func (r *Redactor) Attr(a slog.Attr) slog.Attr {
	if IsSensitiveKey(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, r.String(v.String()))
	case slog.KindGroup:
		group := v.Group()
		clean := make([]any, len(group))
		for i, g := range group {
			clean[i] = r.Attr(g)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		return slog.Any(a.Key, r.value(v.Any()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// value masks secrets inside the JSON-like values tools and clients log.
func (r *Redactor) value(x any) any {
	switch t := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, v := range t {
			_, object := v.(map[string]any)
			// An app connection carries its credentials as an object under "value".
			if IsSensitiveKey(k) || (object && (k == "value" || k == "props")) {
				out[k] = Redacted
			} else {
				out[k] = r.value(v)
			}
		}
		return out
	case map[string]string:
		out := make(map[string]string, len(t))
		for k, v := range t {
			if IsSensitiveKey(k) {
				out[k] = Redacted
			} else {
				out[k] = r.String(v)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, v := range t {
			out[i] = r.value(v)
		}
		return out
	case string:
		return r.String(t)
	case error:
		return r.String(t.Error())
	case fmt.Stringer:
		return r.String(t.String())
	}
	return x
}

// authSchemes matches the credential after an HTTP auth scheme.
var authSchemes = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`)

// urlUserinfo matches the user:password part of a URL such as
// https://user:pass@host. It runs to the last @ before the path, as net/url
// does, so a password holding a raw @ is masked whole.
var urlUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s"'<>]*@`)

// String masks every known secret in s, the userinfo of any URL, and any bearer
// or basic credential.
func (r *Redactor) String(s string) string {
	for _, secret := range r.secrets {
		s = replaceWhole(s, secret)
	}
	s = RedactURLs(s)
	return authSchemes.ReplaceAllStringFunc(s, func(m string) string {
		scheme := m[:strings.IndexAny(m, " \t")]
		return scheme + " " + Redacted
	})
}

// RedactURLs masks the userinfo (user:password) of every URL in s, for text
// that is shown outside the logs, such as the engine's URL in MCP instructions.
func RedactURLs(s string) string {
	return urlUserinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
}

// replaceWhole replaces each occurrence of secret in s that stands as a whole
// token: not preceded or followed by a letter or digit. A secret inside a longer
// word is some other value, and masking a piece of it would garble the text.
func replaceWhole(s, secret string) string {
	var b strings.Builder
	done := 0 // s[:done] is already copied to b
	for from := 0; ; {
		i := strings.Index(s[from:], secret)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(secret)
		if !wordRuneBefore(s, start) && !wordRuneAfter(s, end) {
			b.WriteString(s[done:start])
			b.WriteString(Redacted)
			done = end
			from = end
			continue
		}
		from = start + 1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

func wordRuneBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return n > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func wordRuneAfter(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return n > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
