// Package oauth checks OAuth 2.0 access tokens for a bridge that acts as a
// resource server: JWTs signed by a configured issuer, verified against the
// issuer's published keys (JWKS), with their issuer, audience and lifetime.
//
// JOSE is done by github.com/go-jose/go-jose/v4: a maintained library (the
// successor of square/go-jose) that parses a compact JWS only with the
// algorithms the caller allows, so "alg: none" and HMAC tokens made with a
// public key never verify, and whose jwt package checks the registered claims.
package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Config says which tokens are accepted.
type Config struct {
	Issuer   string // the iss tokens must carry, and where the keys are found
	Audience string // an aud the tokens must carry
	JWKSURL  string // empty: from the issuer's metadata, else Issuer + /.well-known/jwks.json
	// Scopes a token must all carry, in its scope claim (space-separated, RFC
	// 9068) or its scp claim (a list, or a string, as some issuers write it).
	Scopes []string
	// HTTPClient fetches the metadata and keys; a client with a 10 s timeout when nil.
	HTTPClient *http.Client
	// Leeway tolerates clock skew on exp, nbf and iat; DefaultLeeway when zero.
	Leeway time.Duration
	now    func() time.Time
}

// DefaultLeeway is the clock skew tolerated between the issuer and the bridge.
const DefaultLeeway = time.Minute

// Algorithms are the signature algorithms accepted: asymmetric ones only, as
// the keys are public. A token with any other "alg", "none" included, is
// refused before its signature is looked at.
var Algorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512, jose.EdDSA,
}

// How often the keys are fetched again: on a schedule, and at most this often
// when a token names a key id the bridge does not know (the issuer rotated
// its keys), so forged key ids cannot make it hammer the issuer.
const (
	keysMaxAge       = time.Hour
	keysRefetchAfter = time.Minute
)

// Validator checks access tokens. It fetches the issuer's keys on first use
// (start-up does no network I/O) and keeps them. Safe for concurrent use.
type Validator struct {
	cfg Config

	mu        sync.Mutex
	jwksURL   string
	keys      *jose.JSONWebKeySet
	fetchedAt time.Time
	triedAt   time.Time
}

// New returns a validator for cfg.
func New(cfg Config) *Validator {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Leeway <= 0 {
		cfg.Leeway = DefaultLeeway
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	return &Validator{cfg: cfg, jwksURL: cfg.JWKSURL}
}

// Errors a token can fail with. Their texts go back to the caller in the
// WWW-Authenticate header, so they say what is wrong and nothing more.
var (
	ErrMalformed    = errors.New("not a signed JWT with an accepted algorithm")
	ErrUnknownKey   = errors.New("signed with a key the issuer does not publish")
	ErrSignature    = errors.New("the signature does not verify")
	ErrExpired      = errors.New("expired")
	ErrNoExpiry     = errors.New("carries no expiry (exp)")
	ErrNotYetValid  = errors.New("not valid yet")
	ErrIssuer       = errors.New("issued by another issuer")
	ErrAudience     = errors.New("meant for another audience")
	ErrNoSubject    = errors.New("names no subject (sub)")
	ErrKeysUnusable = errors.New("the issuer's keys cannot be fetched")
)

// ScopeError is a valid token that lacks scopes the bridge requires: the
// caller is known but not allowed (403 insufficient_scope, RFC 6750), and a
// new token with more scopes would do.
type ScopeError struct{ Missing []string }

// InsufficientScope marks the error for the HTTP layer, which answers it with
// 403 insufficient_scope rather than 401.
func (e *ScopeError) InsufficientScope() bool { return true }

func (e *ScopeError) Error() string {
	return "lacks the scope " + strings.Join(e.Missing, " ") + " this server requires"
}

// scopeClaims are where issuers put a token's scopes: scope (RFC 9068: a
// string of space-separated scopes; some issuers write a list) and scp (a list,
// or a string). Both are read as any JSON, so no shape an issuer picks can
// make a valid token fail to decode.
type scopeClaims struct {
	Scope any `json:"scope"`
	Scp   any `json:"scp"`
}

// granted lists the scopes the token carries. A string holds scope-tokens
// separated by spaces (RFC 6749 section 3.3: only U+0020); a list holds one
// scope per string.
func (c scopeClaims) granted() map[string]bool {
	out := map[string]bool{}
	for _, claim := range []any{c.Scope, c.Scp} {
		switch v := claim.(type) {
		case string:
			for s := range strings.SplitSeq(v, " ") {
				if s != "" {
					out[s] = true
				}
			}
		case []any:
			for _, s := range v {
				if s, ok := s.(string); ok {
					out[s] = true
				}
			}
		}
	}
	return out
}

// Validate checks token and returns "issuer subject", which names its holder.
func (v *Validator) Validate(ctx context.Context, token string) (string, error) {
	tok, err := jwt.ParseSigned(token, Algorithms)
	if err != nil || len(tok.Headers) != 1 {
		return "", ErrMalformed
	}
	header := tok.Headers[0]
	key, err := v.key(ctx, header.KeyID, header.Algorithm)
	if err != nil {
		return "", err
	}
	var claims jwt.Claims
	var scopes scopeClaims
	if err := tok.Claims(key.Key, &claims, &scopes); err != nil {
		return "", ErrSignature
	}
	if err := v.check(claims); err != nil {
		return "", err
	}
	if missing := v.missingScopes(scopes); len(missing) > 0 {
		return "", &ScopeError{Missing: missing}
	}
	return claims.Issuer + " " + claims.Subject, nil
}

// missingScopes lists the required scopes the token lacks, in the order the
// configuration gives them.
func (v *Validator) missingScopes(c scopeClaims) []string {
	if len(v.cfg.Scopes) == 0 {
		return nil
	}
	granted := c.granted()
	var missing []string
	for _, s := range v.cfg.Scopes {
		if !granted[s] {
			missing = append(missing, s)
		}
	}
	return missing
}

// check validates the registered claims.
func (v *Validator) check(c jwt.Claims) error {
	if c.Expiry == nil {
		return ErrNoExpiry
	}
	err := c.ValidateWithLeeway(jwt.Expected{Issuer: v.cfg.Issuer, AnyAudience: jwt.Audience{v.cfg.Audience}, Time: v.cfg.now()}, v.cfg.Leeway)
	switch {
	case errors.Is(err, jwt.ErrExpired):
		return ErrExpired
	case errors.Is(err, jwt.ErrNotValidYet), errors.Is(err, jwt.ErrIssuedInTheFuture):
		return ErrNotYetValid
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return ErrIssuer
	case errors.Is(err, jwt.ErrInvalidAudience):
		return ErrAudience
	case err != nil:
		return fmt.Errorf("invalid claims: %w", err)
	case c.Subject == "":
		return ErrNoSubject
	}
	return nil
}

// key finds the public key kid names (the only key when the token names none
// and the issuer publishes one), fetching the key set again when it is old or
// the key is new to it.
func (v *Validator) key(ctx context.Context, kid, alg string) (*jose.JSONWebKey, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.cfg.now()
	if v.keys == nil || now.Sub(v.fetchedAt) > keysMaxAge {
		if err := v.refresh(ctx, now); err != nil && v.keys == nil {
			return nil, err
		}
	}
	if k := pick(v.keys, kid, alg); k != nil {
		return k, nil
	}
	if now.Sub(v.triedAt) > keysRefetchAfter {
		_ = v.refresh(ctx, now)
		if k := pick(v.keys, kid, alg); k != nil {
			return k, nil
		}
	}
	return nil, ErrUnknownKey
}

// pick returns the public signing key of set that kid names and alg may use.
func pick(set *jose.JSONWebKeySet, kid, alg string) *jose.JSONWebKey {
	if set == nil {
		return nil
	}
	var found []jose.JSONWebKey
	if kid == "" {
		found = set.Keys
	} else {
		found = set.Key(kid)
	}
	var usable []jose.JSONWebKey
	for _, k := range found {
		if k.IsPublic() && (k.Use == "" || k.Use == "sig") && (k.Algorithm == "" || k.Algorithm == alg) {
			usable = append(usable, k)
		}
	}
	if len(usable) != 1 {
		return nil // none, or ambiguous without a kid
	}
	return &usable[0]
}
