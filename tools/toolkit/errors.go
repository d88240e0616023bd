package toolkit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
)

// ErrorText turns an error from a tool's work into the text of a tool error the
// model can act on: the root cause first (what failed, the status and code),
// then a hint for what to do that never sends the model round in a circle.
func ErrorText(err error, sp Spec, c *client.Client) string {
	var (
		fieldErr  *schema.FieldError
		validErr  *schema.ValidationError
		apiErr    *client.APIError
		transport *client.TransportError
		plain     *toolError
		argErr    *client.ArgumentError
		decodeErr *client.DecodeError
	)
	switch {
	case errors.As(err, &fieldErr), errors.As(err, &validErr), errors.As(err, &plain):
		return err.Error()
	case errors.As(err, &argErr):
		// The client refused the call before sending anything; its text names
		// the argument and what to pass.
		return argErr.Error()
	case errors.Is(err, client.ErrNoProject):
		return noProjectText(err, sp, c)
	case errors.Is(err, client.ErrNotOnBackend):
		return client.ErrNotOnBackend.Error() + "."
	case errors.As(err, &apiErr):
		return apiErrorText(apiErr, sp, c)
	case errors.As(err, &transport):
		return transportText(transport, sp, c)
	case errors.As(err, &decodeErr):
		return decodeText(decodeErr, sp)
	case errors.Is(err, context.Canceled):
		return "the call was cancelled before it finished"
	case errors.Is(err, context.DeadlineExceeded):
		if !sp.Hints.Idempotent {
			return "the engine did not answer in time. Hint: " + checkBeforeAgain(sp)
		}
		return "the engine did not answer in time; try again, or narrow the request"
	}
	return "unexpected error: " + err.Error()
}

// decodeText words a success answer that could not be read. The request was
// carried out, so a write must not be sent again: the model is told to look.
func decodeText(e *client.DecodeError, sp Spec) string {
	msg := fmt.Sprintf("the engine carried out %s %s (it answered %d) but its answer could not be read: %v.", e.Method, e.Path, e.Status, e.Err)
	if sp.Hints.ReadOnly {
		return msg + " Hint: call " + sp.Name + " again; if it keeps failing, the engine's answer has a shape the bridge does not know (please report it)."
	}
	return msg + " Hint: the request WAS carried out: do not call " + sp.Name + " again; check the result with the matching list or get tool."
}

// toolError is a complete message for the model, shown as is.
type toolError struct{ msg string }

func (e *toolError) Error() string { return e.msg }

// ToolErrorf makes an error that ErrorText shows to the model as is, for a
// message that already says what went wrong and what to do.
func ToolErrorf(format string, args ...any) error {
	return &toolError{msg: fmt.Sprintf(format, args...)}
}

func apiErrorText(e *client.APIError, sp Spec, c *client.Client) string {
	var b strings.Builder
	fmt.Fprintf(&b, "the engine answered %d %s", e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		fmt.Fprintf(&b, " (code %s)", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimSuffix(e.Message, "."))
	}
	if e.Location != "" {
		fmt.Fprintf(&b, " (redirected to %s, not followed)", e.Location)
	}
	b.WriteString(". Hint: ")
	b.WriteString(apiHint(e, sp, c))
	return b.String()
}

func apiHint(e *client.APIError, sp Spec, c *client.Client) string {
	switch {
	case e.Status == http.StatusUnauthorized:
		return "the credentials were refused: " + credentialVars(c) + "."
	case e.Status == http.StatusForbidden:
		return "the credential was accepted but may not do this (or the item belongs to another project): check the permissions of " + credentialName(c) + "."
	case e.Status == http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return fmt.Sprintf("rate limited: retry after %d s.", int(e.RetryAfter.Seconds()+0.5))
		}
		return "rate limited: retry after a few seconds."
	case client.IsNotFound(e):
		if sp.FindIDs != "" {
			return "no such item: " + sp.FindIDs + "."
		}
		return "no such item: check the id."
	case client.IsQuota(e):
		return "a plan limit was reached (runs, flows or active flows): free capacity or upgrade the plan."
	case e.Code == "FLOW_OPERATION_INVALID":
		return "the operation does not fit the flow: check step names and structure with get_flow detail=full."
	case e.Status == http.StatusConflict:
		return "conflict with the current state (another change in progress, or the item is in use): fetch it again and retry."
	case e.Status >= 300 && e.Status < 400:
		// Writes never follow a redirect: it would turn into a GET or a second POST.
		return "the engine's address answered with a redirect, which is not followed for writes, so the request was not carried out: check " + urlSetting(c) + "."
	case e.Status >= 500 && sp.Hints.ReadOnly:
		return "the engine or gateway failed; try again shortly."
	case e.Status >= 500 && sp.Hints.Idempotent:
		return "the engine or gateway failed; the request may still have been carried out, and calling " + sp.Name + " again is safe."
	case e.Status >= 500:
		// A gateway's 502 or 504 may hide a request the engine carried out.
		return "the engine or gateway failed; " + checkBeforeAgain(sp)
	case e.Status == http.StatusBadRequest:
		return "the engine rejected the request; check the arguments against the tool's schema."
	}
	return "check the arguments and try again."
}

// CauseText says what went wrong, without the hint ErrorText adds: for a
// message that gives its own hint because the usual one would point at
// something the tool has since removed (a half-built flow it deleted).
func CauseText(err error) string {
	text := ErrorText(err, Spec{Name: "the tool", Hints: ReadHints}, nil)
	if cause, _, found := strings.Cut(text, " Hint: "); found {
		return cause
	}
	return text
}
