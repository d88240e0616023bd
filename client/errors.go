package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
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
	Body       string         // the start of the response body (secrets removed)
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// TransportError is a failure to get any HTTP answer: connection refused, reset, timeout.
type TransportError struct {
	Method string
	Path   string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// newAPIError decodes an error body in any of the shapes the engine and gateway use:
// Activepieces {code, params}, fastify {statusCode, code, error, message}, or plain text.
func newAPIError(method, path string, resp *http.Response, body []byte, redact func(string) string) *APIError {
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
	text := redact(string(body))
	if len(text) > maxErrorBody {
		text = text[:maxErrorBody] + "…"
	}
	e.Body = text
	var shaped struct {
		Code    any            `json:"code"`
		Params  map[string]any `json:"params"`
		Message any            `json:"message"`
		Error   any            `json:"error"`
	}
	if json.Unmarshal(body, &shaped) == nil {
		e.Code = redact(asText(shaped.Code))
		e.Params = shaped.Params
		e.Message = asText(shaped.Message)
		if e.Message == "" && shaped.Params != nil {
			e.Message = asText(shaped.Params["message"])
		}
		if e.Message == "" {
			e.Message = asText(shaped.Error)
		}
	} else if t := strings.TrimSpace(text); t != "" && !strings.HasPrefix(t, "<") {
		e.Message = t
	}
	e.Message = redact(e.Message)
	if len(e.Message) > 500 {
		e.Message = e.Message[:500] + "…"
	}
	return e
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

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
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
	s, _ := statusOf(err)
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
	return s == http.StatusPaymentRequired || code == "QUOTA_EXCEEDED"
}

// IsRateLimited reports whether err is a 429.
func IsRateLimited(err error) bool {
	s, _ := statusOf(err)
	return s == http.StatusTooManyRequests
}
