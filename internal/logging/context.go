package logging

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sort"
	"unicode/utf8"

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
)

// RequestIDKey is the attribute every log line of a call carries.
const RequestIDKey = "request_id"

type requestIDKey struct{}

// WithRequestID returns ctx carrying id: every line logged with ctx then says
// which request it belongs to.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id ctx carries, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// NewRequestID returns a fresh random request id: 16 hex characters.
func NewRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}

// forContext returns the redactor for one record logged with ctx: when a
// caller's own credentials travel in ctx (per-request mode), they are masked
// too, although the configuration never held them.
func (r *Redactor) forContext(ctx context.Context) *Redactor {
	c := caller.FromContext(ctx)
	if c == nil {
		return r
	}
	extra := c.Credentials.Secrets()
	if len(extra) == 0 {
		return r
	}
	merged := append([]string(nil), r.secrets...)
	for _, s := range extra {
		if utf8.RuneCountInString(s) >= MinSecretLength {
			merged = append(merged, s)
		}
	}
	sort.SliceStable(merged, func(i, j int) bool { return len(merged[i]) > len(merged[j]) })
	return &Redactor{inner: r.inner, secrets: merged}
}

// requestIDAttr is the request id attribute of ctx, if it carries one.
func requestIDAttr(ctx context.Context) (slog.Attr, bool) {
	id := RequestID(ctx)
	return slog.String(RequestIDKey, id), id != ""
}
