// Package caller says who is calling a hosted bridge: the upstream credentials
// a caller sent in headers (per-request mode), the subject an OAuth token
// named, and the keys derived from them that bind a session and pick the
// caller's client. It holds no secret beyond the request: a key is a keyed
// hash, never the credential.
package caller

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// The headers a caller sends their own upstream credentials in. They are not
// the upstream's own names (x-api-key, Authorization), so that the bridge's
// bearer token or an OAuth token can travel in Authorization beside them and
// a proxy can tell the two apart.
const (
	HeaderImbraceAPIKey         = "X-Imbrace-Api-Key"
	HeaderImbraceAccessToken    = "X-Imbrace-Access-Token"
	HeaderImbraceOrganizationID = "X-Imbrace-Organization-Id"
	HeaderActivepiecesAPIKey    = "X-Activepieces-Api-Key"
)

// Headers lists every credential header, for CORS and documentation.
var Headers = []string{HeaderImbraceAPIKey, HeaderImbraceAccessToken, HeaderImbraceOrganizationID, HeaderActivepiecesAPIKey}

// Credentials are the upstream credentials one caller sent.
type Credentials struct {
	APIKey             string // iMBRACE API key (or a sandbox key)
	AccessToken        string // iMBRACE access token
	OrganizationID     string // iMBRACE organization; not a secret
	ActivepiecesAPIKey string
}

// FromHeader reads the credential headers of a request.
func FromHeader(h http.Header) Credentials {
	get := func(name string) string { return strings.TrimSpace(h.Get(name)) }
	return Credentials{
		APIKey:             get(HeaderImbraceAPIKey),
		AccessToken:        get(HeaderImbraceAccessToken),
		OrganizationID:     get(HeaderImbraceOrganizationID),
		ActivepiecesAPIKey: get(HeaderActivepiecesAPIKey),
	}
}

// Empty reports whether c holds no secret (an organization id alone is none).
func (c Credentials) Empty() bool {
	return c.APIKey == "" && c.AccessToken == "" && c.ActivepiecesAPIKey == ""
}

// Secrets lists the secret values of c, for redaction.
func (c Credentials) Secrets() []string {
	var out []string
	for _, s := range []string{c.APIKey, c.AccessToken, c.ActivepiecesAPIKey} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// processKey keys the hashes of this process: a plain hash of a short or
// guessable credential could be reversed by trying candidates, a keyed one
// cannot without the key, which never leaves memory.
var processKey = func() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("caller: the system random source failed: " + err.Error())
	}
	return k
}()

// Key returns a keyed hash of c that stands for it in maps and comparisons:
// equal credentials give equal keys within one process, and the key reveals
// nothing of them. Empty credentials give "".
func (c Credentials) Key() string {
	if c.Empty() && c.OrganizationID == "" {
		return ""
	}
	return hashOf("credentials", c.APIKey, c.AccessToken, c.OrganizationID, c.ActivepiecesAPIKey)
}

func hashOf(parts ...string) string {
	m := hmac.New(sha256.New, processKey)
	for _, p := range parts {
		// Length-prefixed, so ("ab","c") and ("a","bc") differ.
		m.Write([]byte{byte(len(p) >> 24), byte(len(p) >> 16), byte(len(p) >> 8), byte(len(p))})
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Caller is who made a request: what they authenticated with and the keys
// derived from it.
type Caller struct {
	// Credentials are the upstream credentials they sent (per-request mode).
	Credentials Credentials
	// Subject names them when an OAuth token did: "issuer subject".
	Subject string
}

// Identity is the key a session is bound to: it changes when the credentials
// or the OAuth subject do. Empty for an anonymous caller.
func (c *Caller) Identity() string {
	if c == nil || (c.Subject == "" && c.Credentials.Key() == "") {
		return ""
	}
	return hashOf("identity", c.Subject, c.Credentials.Key())
}

type callerKey struct{}

// NewContext returns ctx carrying c.
func NewContext(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// FromContext returns the caller ctx carries, or nil.
func FromContext(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}
