package toolkit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/schema"
)

// ErrorText turns an error from a tool's work into the text of a tool error the
// model can act on: what failed, the status and code, and a hint for what to do.
func ErrorText(err error, sp Spec, c *client.Client) string {
	var (
		fieldErr  *schema.FieldError
		validErr  *schema.ValidationError
		apiErr    *client.APIError
		transport *client.TransportError
		decodeErr *client.DecodeError
		argErr    *client.ArgumentError
		plain     *toolError
	)
	switch {
	case errors.As(err, &fieldErr), errors.As(err, &validErr), errors.As(err, &plain), errors.As(err, &argErr):
		return err.Error()
	case errors.As(err, &decodeErr):
		return decodeText(decodeErr, sp)
	case errors.Is(err, client.ErrNoProject):
		return noProjectText(err)
	case errors.Is(err, client.ErrNotOnBackend):
		return client.ErrNotOnBackend.Error() + "."
	case errors.As(err, &apiErr):
		return apiErrorText(apiErr, sp, c)
	case errors.As(err, &transport):
		return transportText(transport, sp)
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

// noProjectText words a missing project id. When discovery was stopped by a
// failure (the engine unreachable or failing, several projects to choose from),
// that failure is said too: "no flow or folder" alone would hide it.
func noProjectText(err error) string {
	text := client.ErrNoProject.Error()
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, part := range joined.Unwrap() {
			if !errors.Is(part, client.ErrNoProject) {
				text += "; finding one failed: " + part.Error()
				break
			}
		}
	}
	return text + ". Hint: pass projectId (a project id appears on every flow from list_flows), or set MCP_BRIDGE_PROJECT_ID for the bridge."
}

// transportText words a failure to get any answer. A request that changes
// something may still have been carried out (a trigger may have started a run),
// so for those the hint is to look before calling again, never to call again.
func transportText(e *client.TransportError, sp Spec) string {
	what := "could not reach the engine"
	if e.Timeout() {
		what = "the engine did not answer in time"
	}
	switch {
	case sp.Hints.ReadOnly:
		return fmt.Sprintf("%s: %v. Hint: check that the engine URL is right and reachable, then call %s again.", what, e, sp.Name)
	case sp.Hints.Idempotent:
		return fmt.Sprintf("%s: %v. Hint: the request may still have been carried out; calling %s again is safe once the engine is reachable.", what, e, sp.Name)
	}
	return fmt.Sprintf("%s: %v. Hint: %s", what, e, checkBeforeAgain(sp))
}

// decodeText words a success answer that could not be read: whatever the
// request was, the engine did it, so a write must not be sent again.
func decodeText(e *client.DecodeError, sp Spec) string {
	if sp.Hints.ReadOnly {
		return e.Error() + ". Hint: the engine or a proxy in front of it answered something else than JSON; check the engine URL."
	}
	return e.Error() + ". Hint: the request was carried out; do not call " + sp.Name + " again: check the result with get_* or the matching list tool."
}

// checkBeforeAgain is the hint for a write whose outcome is unknown.
func checkBeforeAgain(sp Spec) string {
	return "the request may still have been carried out (a trigger may have started a run): " +
		"check with list_runs or the matching list tool before calling " + sp.Name + " again."
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
		return "these credentials may not do this: check the key's permissions, or " + credentialVars(c) + "."
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
		return "the engine's address answered with a redirect, which is not followed for writes, so the request was not carried out: check the engine URL (" + urlVar(c) + ")."
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

// urlVar names the setting that holds the engine's address for the client's backend.
func urlVar(c *client.Client) string {
	if c != nil && c.Layout() == client.LayoutActivepieces {
		return "ACTIVEPIECES_URL"
	}
	return "IMBRACE_GATEWAY_URL"
}

// credentialVars names the settings that hold the credentials for the client's backend.
func credentialVars(c *client.Client) string {
	if c != nil && c.Layout() == client.LayoutActivepieces {
		return backend.CredentialHint(backend.Activepieces)
	}
	return backend.CredentialHint(backend.Imbrace)
}
