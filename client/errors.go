package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// maxErrorBody bounds the copy of an error response kept in APIError.Body.
const maxErrorBody = 2048

// APIError is a non-success answer from the engine or the gateway.
type APIError struct {
	Method     string         // HTTP method of the request
	Path       string         // path of the request, without query
	Status     int            // HTTP status
	Code       string         // Activepieces or fastify error code, when the body had one
	Message    string         // human text, when the body had one
	Params     map[string]any // Activepieces error params
	RetryAfter time.Duration  // from Retry-After, when present
	Location   string         // where a redirect (3xx) pointed, which the client does not follow for writes
	Body       string         // the start of the response body (secrets removed)
}

// Error says which request failed and how, in one line without credentials.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if text := http.StatusText(e.Status); text != "" {
		b.WriteString(" " + text)
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Location != "" {
		b.WriteString(" (redirected to " + e.Location + ", not followed)")
	}
	return b.String()
}

// TransportError is a failure to get any HTTP answer: connection refused, reset, timeout.
type TransportError struct {
	Method string
	Path   string
	Host   string        // the host (and port) the request went to; never carries a credential
	Kind   TransportKind // why no answer came, as far as it can be told
	Err    error
}

// TransportKind classifies a transport failure, so that a message can lead with
// its root cause and the client can leave alone what a retry cannot mend.
type TransportKind string

// Transport failure kinds.
const (
	// TransportOther is any failure not told apart below (a reset, an EOF).
	TransportOther TransportKind = ""
	// TransportNoSuchHost: DNS answered that the host name does not exist.
	// Nothing was sent, and sending again gives the same answer.
	TransportNoSuchHost TransportKind = "no-such-host"
	// TransportDNS: the host name could not be looked up (no resolver reachable,
	// no network). Nothing was sent.
	TransportDNS TransportKind = "dns"
	// TransportRefused: nothing listens at the address. Nothing was sent.
	TransportRefused TransportKind = "refused"
	// TransportTLS: the TLS handshake failed (certificate, or http spoken to an
	// https URL). Nothing was sent, and a retry meets the same certificate.
	TransportTLS TransportKind = "tls"
	// TransportTimeout: no answer in time; the request may have arrived.
	TransportTimeout TransportKind = "timeout"
)

// NothingSent reports whether the failure happened before the request could
// reach the server, so even a write was certainly not carried out.
func (e *TransportError) NothingSent() bool {
	switch e.Kind {
	case TransportNoSuchHost, TransportDNS, TransportRefused, TransportTLS:
		return true
	}
	return false
}

// classifyTransport tells why an HTTP client call got no answer. It looks at
// the raw error, before its text is redacted, because redaction may drop the
// error chain.
func classifyTransport(err error) TransportKind {
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return TransportNoSuchHost
	case errors.As(err, &dnsErr):
		return TransportDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return TransportRefused
	case errors.As(err, &unknownCA), errors.As(err, &badHost), errors.As(err, &invalid), errors.As(err, &verify), errors.As(err, &record),
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return TransportTLS
	case errors.Is(err, context.DeadlineExceeded):
		return TransportTimeout
	}
	var netErr interface{ Timeout() bool }
	if errors.As(err, &netErr) && netErr.Timeout() {
		return TransportTimeout
	}
	return TransportOther
}

// Error says which request failed and why, without the URL or credentials.
func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the cause, e.g. context.Canceled or context.DeadlineExceeded.
func (e *TransportError) Unwrap() error { return e.Err }

// Timeout reports whether the request got no answer within its time limit (the
// request may have reached the server).
func (e *TransportError) Timeout() bool {
	var netErr interface{ Timeout() bool }
	return errors.Is(e.Err, context.DeadlineExceeded) || (errors.As(e.Err, &netErr) && netErr.Timeout())
}

// newAPIError decodes an error body in any of the shapes the engine and gateway use:
// Activepieces {code, params}, fastify {statusCode, code, error, message}, or plain text.
func newAPIError(method, path string, resp *http.Response, body []byte, redact func(string) string) *APIError {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Location = truncate(redact(redactURL(resp.Header.Get("Location"))), maxErrorMessage)
	}
	text := redact(string(body))
	e.Body = truncate(text, maxErrorBody)
	var shaped struct {
		Code    any `json:"code"`
		Params  any `json:"params"`
		Message any `json:"message"`
		Error   any `json:"error"`
	}
	if json.Unmarshal(body, &shaped) == nil {
		e.Code = redact(asText(shaped.Code))
		if p, ok := redactJSON(shaped.Params, redact).(map[string]any); ok {
			e.Params = p
		}
		e.Message = asText(shaped.Message)
		if e.Message == "" && e.Params != nil {
			e.Message = asText(e.Params["message"])
		}
		if e.Message == "" {
			e.Message = asText(shaped.Error)
		}
	} else if t := strings.TrimSpace(text); t != "" && !strings.HasPrefix(t, "<") {
		e.Message = t
	}
	// One line: a multi-line gateway page would break logs and tool results.
	e.Message = truncate(strings.Join(strings.Fields(redact(e.Message)), " "), maxErrorMessage)
	return e
}

// maxErrorMessage bounds APIError.Message.
const maxErrorMessage = 500

// truncate cuts s to at most n bytes on a character boundary, marking the cut.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// redactJSON returns a copy of a decoded JSON value with every string redacted
// (keys included: a server may echo a credential anywhere).
func redactJSON(v any, redact func(string) string) any {
	switch v := v.(type) {
	case string:
		return redact(v)
	case map[string]any:
		if v == nil {
			return nil
		}
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[redact(k)] = redactJSON(x, redact)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = redactJSON(x, redact)
		}
		return out
	}
	return v
}

func asText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// maxRetryAfter bounds a parsed Retry-After so absurd values cannot overflow.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date; 0 when
// absent or unreadable.
func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return min(time.Duration(min(secs, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter)
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}

func statusOf(err error) (int, string) {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status, e.Code
	}
	return 0, ""
}

// IsNotFound reports whether err is a 404 or 410 from the engine.
func IsNotFound(err error) bool {
	s, code := statusOf(err)
	return s == http.StatusNotFound || s == http.StatusGone || code == "ENTITY_NOT_FOUND" || code == "FLOW_NOT_FOUND"
}

// IsAuth reports whether err says the credentials are missing, wrong or not allowed.
func IsAuth(err error) bool {
	s, code := statusOf(err)
	switch code {
	case "AUTHENTICATION", "INVALID_API_KEY", "INVALID_BEARER_TOKEN", "AUTHORIZATION", "PERMISSION_DENIED":
		return true
	}
	return s == http.StatusUnauthorized || s == http.StatusForbidden
}

// IsConflict reports whether err is a 409.
func IsConflict(err error) bool {
	s, _ := statusOf(err)
	return s == http.StatusConflict
}

// IsQuota reports whether err says a plan limit was reached.
func IsQuota(err error) bool {
	s, code := statusOf(err)
	return s == http.StatusPaymentRequired || code == "QUOTA_EXCEEDED" || code == "FEATURE_DISABLED"
}

// IsRateLimited reports whether err is a 429 (APIError.RetryAfter says how long
// to wait when the server said).
func IsRateLimited(err error) bool {
	s, _ := statusOf(err)
	return s == http.StatusTooManyRequests
}

// ArgumentError is a call the client refused before sending anything: an
// argument is missing or cannot be right. Its text says which and what to pass.
type ArgumentError struct{ msg string }

func (e *ArgumentError) Error() string { return e.msg }

func argumentError(format string, args ...any) error {
	return &ArgumentError{msg: fmt.Sprintf(format, args...)}
}

// DecodeError is a success answer (2xx) whose body the client could not read:
// the request was carried out, whatever it was.
type DecodeError struct {
	Method string
	Path   string
	Status int
	Err    error
}

// Error says which answer could not be read and that the request succeeded.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: the engine answered %d, but the answer could not be read: %v", e.Method, e.Path, e.Status, e.Err)
}

// Unwrap returns the decoding failure.
func (e *DecodeError) Unwrap() error { return e.Err }
