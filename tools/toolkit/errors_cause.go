package toolkit

import (
	"errors"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/backend"
)

// noProjectText words a missing project id. When discovery was stopped by a
// failure (the engine unreachable, credentials refused, several projects),
// that failure is the root cause and comes first, with its own hint: telling
// the model to find a project id with list_flows would send it round in a
// circle, since list_flows needs the same project and fails the same way.
func noProjectText(err error, sp Spec, c *client.Client) string {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, part := range joined.Unwrap() {
			if errors.Is(part, client.ErrNoProject) {
				continue
			}
			var apiErr *client.APIError
			var transport *client.TransportError
			// Discovery only reads and the call stopped there, so the failure
			// is worded as for a read: calling again is safe.
			discovery := Spec{Name: sp.Name, Hints: ReadHints}
			switch {
			case errors.As(part, &transport):
				return "finding the project id failed: " + transportText(transport, discovery, c)
			case errors.As(part, &apiErr):
				return "finding the project id failed: " + apiErrorText(apiErr, discovery, c)
			}
			return "no project id: " + part.Error() + ". Hint: pass projectId, or set MCP_BRIDGE_PROJECT_ID for the bridge."
		}
	}
	return "no project id was given and none could be discovered: the account has no flow or folder to read one from. " +
		"Hint: pass projectId (the id in the address of the project's dashboard), or set MCP_BRIDGE_PROJECT_ID for the bridge."
}

// transportText words a failure to get any answer, root cause first. A
// request that changes something may still have been carried out when the
// connection was made (a trigger may have started a run), so for those the
// hint is to look before calling again; when nothing was sent it says so.
func transportText(e *client.TransportError, sp Spec, c *client.Client) string {
	host := e.Host
	if host == "" {
		host = "the engine's host"
	}
	again := "then call " + sp.Name + " again."
	if !sp.Hints.Idempotent && !e.NothingSent() {
		again = checkBeforeAgain(sp)
	}
	switch e.Kind {
	case client.TransportNoSuchHost:
		return fmt.Sprintf("could not reach the engine: the host name %s does not resolve (DNS: no such host), so nothing was sent. "+
			"Hint: check %s and that this machine can resolve names (network, VPN, proxy); calling again will not help until then.", host, urlSetting(c))
	case client.TransportDNS:
		return fmt.Sprintf("could not reach the engine: looking up the host name %s failed (%v), so nothing was sent. "+
			"Hint: check the network connection and DNS, %s", host, e.Err, again)
	case client.TransportRefused:
		return fmt.Sprintf("could not reach the engine: %s refused the connection (nothing listens there), so nothing was sent. "+
			"Hint: check that the engine is running and that %s points at it, %s", host, urlSetting(c), again)
	case client.TransportTLS:
		return fmt.Sprintf("could not reach the engine: the TLS handshake with %s failed (%v), so nothing was sent. "+
			"Hint: check the scheme of %s (https or http) and the server's certificate; calling again will not help until then.", host, e.Err, urlSetting(c))
	}
	what := "could not reach the engine"
	if e.Timeout() {
		what = "the engine did not answer in time"
	}
	switch {
	case sp.Hints.ReadOnly:
		return fmt.Sprintf("%s: %v. Hint: check that %s is right and the engine reachable, %s", what, e, urlSetting(c), again)
	case sp.Hints.Idempotent:
		return fmt.Sprintf("%s: %v. Hint: the request may still have been carried out; calling %s again is safe once the engine is reachable (check %s).", what, e, sp.Name, urlSetting(c))
	}
	return fmt.Sprintf("%s: %v. Hint: %s", what, e, again)
}

// checkBeforeAgain is the hint for a write whose outcome is unknown.
func checkBeforeAgain(sp Spec) string {
	return "the request may still have been carried out (a trigger may have started a run): " +
		"check with list_runs or the matching list tool before calling " + sp.Name + " again."
}

// urlSetting names the setting that holds the engine's address on the
// client's backend.
func urlSetting(c *client.Client) string {
	if c != nil && c.Layout() == client.LayoutActivepieces {
		return "ACTIVEPIECES_URL"
	}
	return "the gateway address (IMBRACE_GATEWAY_URL, or the preset IMBRACE_ENV)"
}

// credentialVars names the settings that hold the credentials for the client's
// backend, starting with the one the client actually sends.
func credentialVars(c *client.Client) string {
	if c != nil && c.Layout() == client.LayoutActivepieces {
		return backend.CredentialHint(backend.Activepieces)
	}
	hint := backend.CredentialHint(backend.Imbrace)
	if c == nil {
		return hint
	}
	switch c.Credential() {
	case client.CredentialAPIKey:
		return "check IMBRACE_API_KEY, the key the bridge sends (and IMBRACE_ORGANIZATION_ID if set)"
	case client.CredentialAccessToken:
		return "check IMBRACE_ACCESS_TOKEN, the token the bridge sends (it may have expired), with IMBRACE_ORGANIZATION_ID"
	case client.CredentialNone:
		return "no credential is set: " + hint
	}
	return hint
}

// credentialName names the credential the client sends, for a 403.
func credentialName(c *client.Client) string {
	if c == nil {
		return "the configured credential"
	}
	switch c.Credential() {
	case client.CredentialAPIKey:
		return "the API key in IMBRACE_API_KEY"
	case client.CredentialAccessToken:
		return "the user of IMBRACE_ACCESS_TOKEN in IMBRACE_ORGANIZATION_ID"
	case client.CredentialActivepiecesKey:
		return "the key in ACTIVEPIECES_API_KEY"
	}
	return "the configured credential"
}
