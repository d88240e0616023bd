package oauth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Issuer is a local OAuth issuer for tests: it publishes its metadata and
// keys and signs tokens. Tests of other packages use it through NewIssuer.
type issuer struct {
	srv      *httptest.Server
	rsaKey   *rsa.PrivateKey
	ecKey    *ecdsa.PrivateKey
	jwksHits atomic.Int32
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	is := &issuer{}
	var err error
	if is.rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if is.ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]string{"issuer": is.srv.URL, "jwks_uri": is.srv.URL + "/keys"})
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, r *http.Request) {
		is.jwksHits.Add(1)
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &is.rsaKey.PublicKey, KeyID: "rsa-1", Algorithm: string(jose.RS256), Use: "sig"},
			{Key: &is.ecKey.PublicKey, KeyID: "ec-1", Algorithm: string(jose.ES256), Use: "sig"},
		}})
	})
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	return is
}

func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, claims jwt.Claims, extra ...any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	b := jwt.Signed(signer).Claims(claims)
	for _, e := range extra {
		b = b.Claims(e)
	}
	tok, err := b.Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestValidate(t *testing.T) {
	is := newIssuer(t)
	v := New(Config{Issuer: is.srv.URL, Audience: "https://mcp.example.com/mcp"})
	now := time.Now()
	good := jwt.Claims{Issuer: is.srv.URL, Subject: "alice", Audience: jwt.Audience{"https://mcp.example.com/mcp"},
		Expiry: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now)}
	with := func(change func(*jwt.Claims)) jwt.Claims { c := good; change(&c); return c }
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	body, _ := json.Marshal(good)
	none := header + "." + base64.RawURLEncoding.EncodeToString(body) + "."
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"valid RS256", sign(t, jose.RS256, is.rsaKey, "rsa-1", good), nil},
		{"valid ES256", sign(t, jose.ES256, is.ecKey, "ec-1", good), nil},
		{"expired", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(now.Add(-2 * time.Minute)) })), ErrExpired},
		{"expired within the leeway passes", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Expiry = jwt.NewNumericDate(now.Add(-10 * time.Second)) })), nil},
		{"no expiry", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Expiry = nil })), ErrNoExpiry},
		{"not yet valid", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.NotBefore = jwt.NewNumericDate(now.Add(time.Hour)) })), ErrNotYetValid},
		{"wrong audience", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Audience = jwt.Audience{"https://other.example"} })), ErrAudience},
		{"wrong issuer", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Issuer = "https://evil.example" })), ErrIssuer},
		{"no subject", sign(t, jose.RS256, is.rsaKey, "rsa-1", with(func(c *jwt.Claims) { c.Subject = "" })), ErrNoSubject},
		{"bad signature", sign(t, jose.RS256, otherKey, "rsa-1", good), ErrSignature},
		{"unknown key id", sign(t, jose.RS256, otherKey, "rsa-2", good), ErrUnknownKey},
		{"key of another algorithm", sign(t, jose.RS384, is.rsaKey, "rsa-1", good), ErrUnknownKey},
		{"alg none", none, ErrMalformed},
		{"HMAC with the public key's bytes", sign(t, jose.HS256, []byte("0123456789abcdef0123456789abcdef"), "rsa-1", good), ErrMalformed},
		{"not a JWT", "opaque-token", ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject, err := v.Validate(context.Background(), tt.token)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Validate = %q, %v; want %v", subject, err, tt.want)
			}
			if err == nil && subject != is.srv.URL+" alice" {
				t.Errorf("subject %q", subject)
			}
		})
	}
	// Unknown key ids refetch the keys at most once a minute.
	if hits := is.jwksHits.Load(); hits > 2 {
		t.Errorf("the keys were fetched %d times", hits)
	}
}

// With scopes required, a token must carry them all, in scope or scp; one
// that lacks any is a ScopeError naming the missing ones.
func TestRequiredScopes(t *testing.T) {
	is := newIssuer(t)
	now := time.Now()
	good := jwt.Claims{Issuer: is.srv.URL, Subject: "alice", Audience: jwt.Audience{"https://mcp.example.com/mcp"},
		Expiry: jwt.NewNumericDate(now.Add(time.Hour)), IssuedAt: jwt.NewNumericDate(now)}
	// Without required scopes, no shape of scope claim makes a valid token fail.
	open := New(Config{Issuer: is.srv.URL, Audience: "https://mcp.example.com/mcp"})
	for _, extra := range []map[string]any{{"scope": []string{"a"}}, {"scope": 7}, {"scp": map[string]any{"x": 1}}, {"scope": nil}} {
		if _, err := open.Validate(context.Background(), sign(t, jose.RS256, is.rsaKey, "rsa-1", good, extra)); err != nil {
			t.Errorf("a valid token with %v: %v", extra, err)
		}
	}

	v := New(Config{Issuer: is.srv.URL, Audience: "https://mcp.example.com/mcp", Scopes: []string{"mcp:tools", "flows:write"}})
	tests := []struct {
		name    string
		extra   map[string]any
		missing []string
	}{
		{"scope string with both", map[string]any{"scope": "openid mcp:tools flows:write"}, nil},
		{"scope list with both (Spring, Duende)", map[string]any{"scope": []string{"mcp:tools", "flows:write"}}, nil},
		{"a non-breaking space is not a separator", map[string]any{"scope": "flows:write x\u00a0mcp:tools"}, []string{"mcp:tools"}},
		{"a number as scope", map[string]any{"scope": 7}, []string{"mcp:tools", "flows:write"}},
		{"scp list with both", map[string]any{"scp": []string{"flows:write", "mcp:tools"}}, nil},
		{"scp string with both", map[string]any{"scp": "mcp:tools flows:write"}, nil},
		{"split between scope and scp", map[string]any{"scope": "mcp:tools", "scp": []string{"flows:write"}}, nil},
		{"one missing", map[string]any{"scope": "mcp:tools"}, []string{"flows:write"}},
		{"a prefix is not the scope", map[string]any{"scope": "mcp:tools:read flows:write"}, []string{"mcp:tools"}},
		{"no scope claim", nil, []string{"mcp:tools", "flows:write"}},
		{"scp of another type", map[string]any{"scp": 7}, []string{"mcp:tools", "flows:write"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var extra []any
			if tt.extra != nil {
				extra = append(extra, tt.extra)
			}
			_, err := v.Validate(context.Background(), sign(t, jose.RS256, is.rsaKey, "rsa-1", good, extra...))
			var scopeErr *ScopeError
			switch {
			case tt.missing == nil && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.missing != nil && (!errors.As(err, &scopeErr) || !reflect.DeepEqual(scopeErr.Missing, tt.missing)):
				t.Fatalf("Validate: %v, want the missing scopes %v", err, tt.missing)
			}
		})
	}
}

func TestKeysFromTheFallbackPathAndReady(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/jwks.json", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k"}}})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	v := New(Config{Issuer: srv.URL, Audience: "aud"})
	if err := v.Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	tok := sign(t, jose.RS256, key, "", jwt.Claims{Issuer: srv.URL, Subject: "bob", Audience: jwt.Audience{"aud"},
		Expiry: jwt.NewNumericDate(time.Now().Add(time.Minute))})
	if sub, err := v.Validate(context.Background(), tok); err != nil || sub != srv.URL+" bob" {
		t.Errorf("a token without kid and a single key: %q %v", sub, err)
	}
	down := New(Config{Issuer: "http://127.0.0.1:1", Audience: "aud"})
	if err := down.Ready(context.Background()); !errors.Is(err, ErrKeysUnusable) {
		t.Errorf("unreachable issuer: %v", err)
	}
}
