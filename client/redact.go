package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// redactor returns a function that replaces every credential (and every extra
// secret of one request) with [REDACTED], in its plain and JSON-escaped forms.
// Without extra secrets it is the client's own, built once in New: every
// request asks for one.
func (c *Client) redactor(extra []string) func(string) string {
	if len(extra) == 0 && c.redactOwn != nil {
		return c.redactOwn
	}
	return replacing(secretForms(append(c.cfg.secrets(), extra...)))
}

// replacing returns a function that replaces each of olds (see secretForms).
func replacing(olds []string) func(string) string {
	return func(s string) string {
		for _, old := range olds {
			if len(old) < minSubstringSecret {
				s = replaceWord(s, old)
				continue
			}
			s = strings.ReplaceAll(s, old, "[REDACTED]")
		}
		return s
	}
}

// minSubstringSecret is the shortest secret replaced wherever it appears. A
// shorter one ("x", "1234") is also a piece of ordinary words and numbers:
// replaced inside them it garbles the text ("une[REDACTED]pected") and, by
// the gaps, shows what it is. It is replaced only where it stands alone.
const minSubstringSecret = 8

// replaceWord replaces secret where neither neighbour is a letter or digit.
func replaceWord(s, secret string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, secret)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(secret)
		alone := (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end]))
		b.WriteString(s[:i])
		if alone {
			b.WriteString("[REDACTED]")
		} else {
			b.WriteString(secret)
		}
		s = s[end:]
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// secretForms lists each secret as sent and as a JSON string may carry it,
// longest first, so a secret that contains another is replaced whole.
func secretForms(secrets []string) []string {
	var olds []string
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		olds = append(olds, secret)
		// As a JSON string a secret may come back escaped, with or without
		// HTML escaping depending on the server's encoder.
		for _, escapeHTML := range []bool{true, false} {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(escapeHTML)
			if enc.Encode(secret) == nil {
				quoted := strings.TrimSuffix(buf.String(), "\n")
				if inner := quoted[1 : len(quoted)-1]; inner != secret {
					olds = append(olds, inner)
				}
			}
		}
	}
	slices.SortFunc(olds, func(a, b string) int { return len(b) - len(a) })
	return olds
}

// transportCause keeps the cause of a transport failure without the URL
// (which url.Error repeats, and which may carry userinfo).
func transportCause(err error, redact func(string) string) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &safeErr{msg: "no answer before the timeout", cause: context.DeadlineExceeded}
	}
	return safeError(err, redact)
}

// safeErr is an error whose text has had credentials removed. It unwraps to its
// cause only when the cause's own text held none, so errors.Is still sees
// context.Canceled and the like while no credential can be reached through it.
type safeErr struct {
	msg   string
	cause error
}

func (e *safeErr) Error() string { return e.msg }
func (e *safeErr) Unwrap() error { return e.cause }

func safeError(err error, redact func(string) string) error {
	msg := err.Error()
	clean := redact(msg)
	if clean != msg {
		return &safeErr{msg: clean}
	}
	return &safeErr{msg: msg, cause: err}
}

// scrub removes the client's own credentials from an answer's body.
func (c *Client) scrub(data []byte) []byte {
	if len(c.ownSecrets) == 0 || !c.holdsSecret(data) {
		return data
	}
	return []byte(c.redactOwn(string(data)))
}

// scrubHeader removes the client's own credentials from an answer's header values.
func (c *Client) scrubHeader(h http.Header) http.Header {
	for _, vs := range h {
		for i, v := range vs {
			if c.holdsSecret([]byte(v)) {
				vs[i] = c.redactOwn(v)
			}
		}
	}
	return h
}

// holdsSecret reports whether data contains a credential in any of its forms:
// a cheap test that keeps the common answer from being copied.
func (c *Client) holdsSecret(data []byte) bool {
	for _, s := range c.ownSecrets {
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}
