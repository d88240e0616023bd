package serve

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
)

// TokenValidator checks an OAuth access token and names its holder; package
// oauth implements it against an issuer's keys.
type TokenValidator interface {
	// Validate returns the token's subject ("issuer subject"), or an error
	// whose text may be shown to the caller (it holds no secret). An error
	// with a method InsufficientScope() bool that returns true is a valid
	// token that lacks a scope the server requires.
	Validate(ctx context.Context, token string) (subject string, err error)
}

// insufficientScope reports whether a TokenValidator's error says the token
// is valid but lacks a required scope.
func insufficientScope(err error) bool {
	var scoped interface{ InsufficientScope() bool }
	return errors.As(err, &scoped) && scoped.InsufficientScope()
}

// OAuthOptions make the HTTP transports an OAuth resource server.
type OAuthOptions struct {
	Validator TokenValidator
	// Metadata is published at the RFC 9728 well-known path of its Resource
	// (the public URL of the MCP endpoint).
	Metadata server.ProtectedResourceMetadataConfig
}

// scopeParam is the challenge's scope parameter: the scopes a token needs,
// so a client asks for them (empty when none are required).
func (o *OAuthOptions) scopeParam() string {
	if len(o.Metadata.ScopesSupported) == 0 {
		return ""
	}
	return `, scope=` + quoteParam(strings.Join(o.Metadata.ScopesSupported, " "))
}

// metadataURL is where a client finds the protected-resource metadata: the
// resource's origin plus the well-known path RFC 9728 derives from it.
func (o *OAuthOptions) metadataURL() string {
	u, err := url.Parse(o.Metadata.Resource)
	if err != nil {
		return server.WellKnownProtectedResourcePath
	}
	return u.Scheme + "://" + u.Host + server.ProtectedResourceMetadataPath(o.Metadata.Resource)
}

// requestID gives every request an id, taken from a sane X-Request-Id a proxy
// set or made up, puts it in the context (every log line of the call carries
// it) and echoes it in the response.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !saneRequestID(id) {
			id = logging.NewRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(logging.WithRequestID(r.Context(), id)))
	})
}

// saneRequestID accepts a proxy's id only when it cannot garble a log line.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c == '-' || c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// identify works out who the caller is, refusing with 401 a request that does
// not say: an OAuth token when oauth is set (its subject), and upstream
// credentials in headers when check is set (per-request mode; check names the
// headers to send). The caller goes into the request's context, where the
// tools' router client and the session binding find it.
func identify(oauth *OAuthOptions, check func(caller.Credentials) error, next http.Handler) http.Handler {
	if oauth == nil && check == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := &caller.Caller{}
		if oauth != nil {
			challenge := `Bearer resource_metadata="` + oauth.metadataURL() + `"` + oauth.scopeParam()
			token, ok := bearer(r.Header.Get("Authorization"))
			if !ok {
				unauthorized(w, challenge,
					"send an OAuth access token as Authorization: Bearer <token>; the protected-resource metadata names the authorization server")
				return
			}
			subject, err := oauth.Validator.Validate(r.Context(), token)
			switch {
			case insufficientScope(err):
				// RFC 6750 §3.1: a known caller whose token does not reach far enough.
				w.Header().Set("WWW-Authenticate", challenge+`, error="insufficient_scope", error_description=`+quoteParam(err.Error()))
				writeJSON(w, http.StatusForbidden, map[string]string{"error": "insufficient_scope",
					"message": "the access token " + err.Error() + ": ask the authorization server for a token with it"})
				return
			case err != nil:
				unauthorized(w, challenge+`, error="invalid_token", error_description=`+quoteParam(err.Error()),
					"the access token is not valid: "+err.Error())
				return
			}
			who.Subject = subject
		}
		if check != nil {
			who.Credentials = caller.FromHeader(r.Header)
			if err := check(who.Credentials); err != nil {
				unauthorized(w, `X-Imbrace-Api-Key realm="mcp-bridge"`, "this bridge acts with each caller's own upstream credentials: "+err.Error())
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(caller.NewContext(r.Context(), who)))
	})
}

// quoteParam quotes an auth-param value, dropping what cannot stand in one.
func quoteParam(s string) string {
	s = strings.Map(func(c rune) rune {
		if c == '"' || c == '\\' || c < ' ' || c > '~' {
			return -1
		}
		return c
	}, s)
	return `"` + s + `"`
}
