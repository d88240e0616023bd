package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Layout names the URL layout and authentication a server speaks, which is all
// the client needs to know about it. Which backend the bridge drives (the iMBRACE
// gateway, a plain Activepieces server, the built-in sandbox) is decided in
// internal/backend: the sandbox, for one, speaks the gateway layout.
type Layout string

// Layouts. The values keep the names of the servers that define them, so the
// error for an unknown layout ("use imbrace or activepieces") stays the same.
const (
	// LayoutGateway is the iMBRACE gateway's: the engine under /activepieces and
	// channel automations under /channel-service, with x-api-key or an access token.
	LayoutGateway Layout = "imbrace"
	// LayoutActivepieces is a plain Activepieces server's: the engine under /api,
	// with the API key as a Bearer token, and no channel service.
	LayoutActivepieces Layout = "activepieces"
)

// Defaults for Config.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultSyncWait = 120 * time.Second
	DefaultRetries  = 3
)

// Config says how to reach and authenticate to the engine.
type Config struct {
	Layout Layout // LayoutGateway (default) or LayoutActivepieces

	// iMBRACE gateway.
	Env            string // preset name: develop, sandbox, stable (default), prodv2
	GatewayURL     string // replaces the preset
	APIKey         string // sent as x-api-key; used instead of AccessToken when both are set
	AccessToken    string // sent as Authorization: Bearer when a JWT and OrganizationID is set, else as x-access-token
	OrganizationID string // sent as x-organization-id whenever set

	// Plain Activepieces.
	ActivepiecesURL    string // e.g. https://cloud.activepieces.com/api; "/api" is added to a bare host, a trailing "/v1" dropped
	ActivepiecesAPIKey string // a platform API key (sk-...), sent as Authorization: Bearer

	ProjectID  string        // default project; discovered when empty
	Timeout    time.Duration // per attempt; 30 s when zero
	SyncWait   time.Duration // how long a sync trigger may take; 120 s when zero
	HTTPClient *http.Client  // a plain client when nil; its own Timeout, if set, also bounds sync triggers
	Version    string        // reported in the User-Agent

	MaxRetries    int           // retries of GET and DELETE, at most DefaultRetries; DefaultRetries when zero, none when negative
	RetryBaseWait time.Duration // first backoff; 500 ms when zero
	RetryMaxWait  time.Duration // cap on any single wait, Retry-After included; 10 s when zero

	// OnRetry, when set, is called before each retry with the context of the
	// call (so a log line can carry its request id), the retry's number
	// (1-based), the wait chosen before it and the failure that caused it (an
	// *APIError or a *TransportError, never holding a credential). For logging.
	OnRetry func(ctx context.Context, retry int, wait time.Duration, cause error)

	// OnAttempt, when set, is called after every attempt at a request, retries
	// included, with what it got: for metrics. It must not block.
	OnAttempt func(ctx context.Context, a Attempt)

	// Delegate, when set, makes this client a router: every request and project
	// lookup is made by the client Delegate returns for the call's context
	// instead, and an error from Delegate is the call's error. A server that
	// takes each caller's credentials registers its tools once with a router
	// and lets Delegate pick the caller's own client, so tools need not know.
	// The delegate's own Delegate is not consulted.
	Delegate func(ctx context.Context) (*Client, error)
}

// Attempt describes one attempt at a request, for Config.OnAttempt.
type Attempt struct {
	Method  string        // GET, POST, ...
	Status  int           // the HTTP status; 0 when no answer came (a transport error)
	Elapsed time.Duration // from sending to the end of reading the answer
	Retry   int           // 0 for the first attempt, then 1, 2, ...
}

func (c *Config) engineBase() (string, error) {
	switch c.Layout {
	case LayoutActivepieces:
		if c.ActivepiecesURL == "" {
			return "", errors.New("activepieces backend: the Activepieces URL is not set (e.g. https://cloud.activepieces.com/api)")
		}
		base, err := checkBase(c.ActivepiecesURL)
		if err != nil {
			return "", err
		}
		// Activepieces serves its API under /api; accept the bare host and the
		// documented ".../api/v1" form as well.
		base = strings.TrimSuffix(base, "/v1")
		if u, _ := url.Parse(base); u.Path == "" {
			base += "/api"
		}
		return base, nil
	case LayoutGateway, "":
		gw, err := c.gateway()
		if err != nil {
			return "", err
		}
		return gw + "/activepieces", nil
	}
	return "", fmt.Errorf("unknown backend %q: use imbrace or activepieces", c.Layout)
}

func (c *Config) gateway() (string, error) {
	if c.GatewayURL != "" {
		return checkBase(c.GatewayURL)
	}
	env := strings.ToLower(strings.TrimSpace(c.Env))
	if env == "" {
		env = "stable"
	}
	gw, ok := workflows.GatewayPresets[env]
	if !ok {
		return "", fmt.Errorf("unknown iMBRACE env %q: use develop, sandbox, stable or prodv2, or set a gateway URL", env)
	}
	return gw, nil
}

func checkBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("base URL %q is not an absolute http(s) URL", redactURL(raw))
	}
	return strings.TrimRight(raw, "/"), nil
}

// redactURL drops userinfo so a URL can appear in an error.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// authHeaders returns the headers that authenticate a request, as upstream-api §1 describes.
func (c *Config) authHeaders() http.Header {
	h := http.Header{}
	if c.Layout == LayoutActivepieces {
		if c.ActivepiecesAPIKey != "" {
			h.Set("Authorization", "Bearer "+c.ActivepiecesAPIKey)
		}
		return h
	}
	switch {
	case c.APIKey != "":
		h.Set("x-api-key", c.APIKey)
	case c.AccessToken != "":
		if isJWT(c.AccessToken) && c.OrganizationID != "" {
			h.Set("Authorization", "Bearer "+c.AccessToken)
		} else {
			h.Set("x-access-token", c.AccessToken)
		}
	}
	if c.OrganizationID != "" {
		h.Set("x-organization-id", c.OrganizationID)
	}
	return h
}

// isJWT reports whether token looks like a JWT: three dot-separated parts, starting "eyJ".
func isJWT(token string) bool {
	return strings.HasPrefix(token, "eyJ") && strings.Count(token, ".") == 2
}

// secrets lists the credentials that must never appear in an error or log.
func (c *Config) secrets() []string {
	var s []string
	for _, v := range []string{c.APIKey, c.AccessToken, c.ActivepiecesAPIKey} {
		if v != "" {
			s = append(s, v)
		}
	}
	return s
}
