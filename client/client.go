// Package client is a Go client for the iMBRACE workflows API (client.workflows in
// iMBRACE's SDKs), spoken either through the iMBRACE gateway or straight to an
// Activepieces server.
//
// New builds a Client from a Config; every SDK operation is one method taking a
// context first (ListFlows, TriggerFlowSync, ...), with the SDK's names.
//
// Safety: only GET and DELETE are retried (on 429, 502, 503, 504 and connection
// errors, at most three times, honouring Retry-After up to Config.RetryMaxWait);
// a POST, and so a trigger, is sent exactly once. A retried DELETE that finds
// the entity gone counts as done (the failed attempt may have deleted it).
// Cancelling the context stops
// everything, waits included. No credential, nor any secret of a connection being
// upserted, appears in an error's text.
//
// Errors: an answer the engine or gateway refused is an *APIError (see IsNotFound,
// IsAuth, IsConflict, IsQuota, IsRateLimited); a failure to get any answer is a
// *TransportError; bad arguments are plain errors naming the field, returned
// before any request.
//
// Models keep what they do not declare: each has an Extra map, so a value decoded
// from the server and sent back loses no member, nulls included. WalkSteps lists
// a flow version's steps in execution order; Collect follows paging cursors.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Client calls the workflows API. It is safe for concurrent use.
type Client struct {
	cfg        Config
	engineBase string
	channelURL string // empty on the Activepieces backend
	http       *http.Client
	auth       http.Header
	userAgent  string
	// ownSecrets are the credentials' forms as an answer may carry them, and
	// redactOwn replaces them; built once, as every answer is scrubbed.
	ownSecrets []string
	redactOwn  func(string) string

	projectMu sync.Mutex
	projectID string
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	base, err := cfg.engineBase()
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.SyncWait <= 0 {
		cfg.SyncWait = DefaultSyncWait
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultRetries
	}
	cfg.MaxRetries = min(cfg.MaxRetries, DefaultRetries)
	if cfg.RetryBaseWait <= 0 {
		cfg.RetryBaseWait = 500 * time.Millisecond
	}
	if cfg.RetryMaxWait <= 0 {
		cfg.RetryMaxWait = 10 * time.Second
	}
	// A copy, so the caller's client is left as it was while ours refuses to
	// carry credentials to another host: Go forwards custom headers such as
	// x-api-key on redirects, whatever the host.
	hc := &http.Client{Transport: pooledTransport()}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	follow := hc.CheckRedirect
	if follow == nil {
		follow = sameHostRedirects
	}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		// Only reads follow redirects: Go turns a POST into a GET on 301/302/303
		// (whose answer would pass for the write's result) and posts again on
		// 307/308 (a write sent twice). The redirect itself is the answer.
		if m := via[0].Method; m != http.MethodGet && m != http.MethodHead {
			return http.ErrUseLastResponse
		}
		return follow(req, via)
	}
	version := cfg.Version
	if version == "" {
		version = "dev"
	}
	c := &Client{cfg: cfg, engineBase: base, http: hc, auth: cfg.authHeaders(), userAgent: "mcp-bridge/" + version, projectID: cfg.ProjectID}
	c.ownSecrets = secretForms(cfg.secrets())
	c.redactOwn = replacing(c.ownSecrets)
	if cfg.Layout != LayoutActivepieces {
		gw, _ := cfg.gateway()
		c.channelURL = gw + "/channel-service"
	}
	return c, nil
}

// pooledTransport is Go's default transport keeping more idle connections per
// host: the default two make concurrent calls (several agents on one bridge,
// a model's parallel tool calls) open and close a connection each time.
func pooledTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	return t
}

// sameHostRedirects follows at most 10 redirects, and none to another host: the
// redirect answer itself is then returned (and becomes an *APIError).
func sameHostRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

// EngineURL returns the base URL of the engine's API the client calls.
func (c *Client) EngineURL() string { return c.engineBase }

// Layout returns the URL layout the client was configured for.
func (c *Client) Layout() Layout {
	if c.cfg.Layout == "" {
		return LayoutGateway
	}
	return c.cfg.Layout
}

// Credential names the kind of credential a client sends, so that a refusal can
// name the setting to check without showing the credential.
type Credential string

// Credential kinds.
const (
	CredentialNone            Credential = ""
	CredentialAPIKey          Credential = "api-key"              // the gateway's x-api-key
	CredentialAccessToken     Credential = "access-token"         // a gateway access token (or JWT)
	CredentialActivepiecesKey Credential = "activepieces-api-key" // an Activepieces platform key
)

// Credential returns the kind of credential the client sends; when the gateway
// has both a key and a token it sends the key.
func (c *Client) Credential() Credential {
	switch {
	case c.Layout() == LayoutActivepieces && c.cfg.ActivepiecesAPIKey != "":
		return CredentialActivepiecesKey
	case c.Layout() == LayoutActivepieces:
		return CredentialNone
	case c.cfg.APIKey != "":
		return CredentialAPIKey
	case c.cfg.AccessToken != "":
		return CredentialAccessToken
	}
	return CredentialNone
}

// request describes one HTTP call relative to a base URL.
type request struct {
	method  string
	base    string     // engineBase when empty
	path    string     // already escaped
	query   url.Values // may be nil
	body    any        // JSON-encoded when not nil
	rawBody []byte     // sent as-is when not nil (triggers)
	timeout time.Duration
	secrets []string    // values of this request that must not appear in an error (connection secrets)
	header  http.Header // added to the request (a webhook call's mark)
	// webhook marks a call to a flow's webhook: on Activepieces, where webhooks
	// are public, it carries no credential, since the engine records the
	// headers of the call in the run for anyone who reads it.
	webhook bool
}

// response is a raw successful answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// pathOf joins escaped path segments: pathOf("v1", "flows", id).
func pathOf(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// idPath checks that id can name one entity and returns the escaped path of it
// under prefix: an empty id would address the collection, "." and ".." its parents.
func idPath(field, id string, prefix ...string) (string, error) {
	switch strings.TrimSpace(id) {
	case "":
		return "", argumentError("%s is required: pass the id of an existing entity", field)
	case ".", "..":
		return "", argumentError("%s %q is not an id: pass the id of an existing entity", field, id)
	}
	return pathOf(append(prefix, id)...), nil
}

// retryable reports whether a request may be sent again: only reads and deletes.
func retryable(method string) bool { return method == http.MethodGet || method == http.MethodDelete }

func retryableStatus(s int) bool {
	return s == http.StatusTooManyRequests || s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout
}

// retryableError reports whether a failed attempt is worth repeating: the
// server was busy or unreachable. Other errors will not change on a retry.
func retryableError(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return retryableStatus(apiErr.Status)
	}
	var tErr *TransportError
	if !errors.As(err, &tErr) {
		return false
	}
	// A name DNS says does not exist, or a certificate that does not verify,
	// is the same on the next attempt: retrying would only delay the answer.
	return tErr.Kind != TransportNoSuchHost && tErr.Kind != TransportTLS
}

// send performs r, retrying GET and DELETE on 429/502/503/504 and transport errors.
// A status that accept allows (any 2xx when accept is nil) is returned as a response;
// others become an *APIError.
func (c *Client) send(ctx context.Context, r request, accept func(status int) bool) (*response, error) {
	if c.cfg.Delegate != nil {
		d, err := c.cfg.Delegate(ctx)
		if err != nil {
			return nil, err
		}
		if d != c {
			return d.send(ctx, r, accept)
		}
	}
	retries := 0
	if retryable(r.method) {
		retries = min(max(c.cfg.MaxRetries, 0), DefaultRetries)
	}
	for attempt := 0; ; attempt++ {
		start := time.Now()
		resp, err := c.once(ctx, r, accept)
		c.observe(ctx, r.method, resp, err, start, attempt)
		if err == nil {
			return resp, nil
		}
		if attempt > 0 && r.method == http.MethodDelete && IsNotFound(err) && !routeMissing(err) {
			// An earlier attempt failed in a way that may have hidden its
			// success (a 502, a timeout): the entity being gone is what was asked.
			return &response{status: http.StatusNoContent, header: http.Header{}}, nil
		}
		if ctx.Err() != nil || attempt >= retries || !retryableError(err) {
			return nil, err
		}
		wait := c.backoffWait(attempt+1, err)
		if c.cfg.OnRetry != nil {
			c.cfg.OnRetry(ctx, attempt+1, wait, err)
		}
		if werr := sleep(ctx, wait); werr != nil {
			return nil, fmt.Errorf("%w while waiting to retry; the last attempt: %w", werr, err)
		}
	}
}

// observe reports one attempt to Config.OnAttempt.
func (c *Client) observe(ctx context.Context, method string, resp *response, err error, start time.Time, retry int) {
	if c.cfg.OnAttempt == nil {
		return
	}
	status, _ := statusOf(err)
	if resp != nil {
		status = resp.status
	}
	c.cfg.OnAttempt(ctx, Attempt{Method: method, Status: status, Elapsed: time.Since(start), Retry: retry})
}

// backoffWait is the wait before retry number retry (1-based): the server's
// Retry-After when it gave one, else exponential from RetryBaseWait with jitter;
// never more than RetryMaxWait.
func (c *Client) backoffWait(retry int, cause error) time.Duration {
	var apiErr *APIError
	if errors.As(cause, &apiErr) && apiErr.RetryAfter > 0 {
		return min(apiErr.RetryAfter, c.cfg.RetryMaxWait)
	}
	wait := c.cfg.RetryBaseWait << (retry - 1)
	wait = wait/2 + rand.N(wait/2+1)
	return min(wait, c.cfg.RetryMaxWait)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) once(ctx context.Context, r request, accept func(int) bool) (*response, error) {
	timeout := r.timeout
	if timeout <= 0 {
		timeout = c.cfg.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	redact := c.redactor(r.secrets)

	base := r.base
	if base == "" {
		base = c.engineBase
	}
	target := base + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var body io.Reader
	var payload []byte
	switch {
	case r.rawBody != nil:
		payload = r.rawBody
	case r.body != nil:
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("%s %s: encoding the request: %w", r.method, r.path, safeError(err, redact))
		}
	}
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.method, r.path, safeError(err, redact))
	}
	if !r.webhook || c.Layout() != LayoutActivepieces {
		for k, v := range c.auth {
			req.Header[k] = slices.Clone(v)
		}
	}
	for k, v := range r.header {
		req.Header[k] = slices.Clone(v)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &TransportError{Method: r.method, Path: r.path, Host: req.URL.Host, Kind: classifyTransport(err), Err: transportCause(err, redact)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	if err != nil {
		return nil, &TransportError{Method: r.method, Path: r.path, Host: req.URL.Host, Kind: classifyTransport(err), Err: transportCause(err, redact)}
	}
	if accept == nil {
		accept = is2xx
	}
	if accept(resp.StatusCode) {
		// The engine keeps what a webhook call carried (its headers, and so the
		// gateway's key) in the run, and a flow may echo it: the bridge's own
		// credentials never reach a caller through an answer.
		return &response{status: resp.StatusCode, header: c.scrubHeader(resp.Header), body: c.scrub(data)}, nil
	}
	return nil, newAPIError(r.method, r.path, resp, data, redact)
}

// maxResponseBody bounds what is read of any answer.
const maxResponseBody = 64 << 20

func is2xx(status int) bool { return status >= 200 && status < 300 }

// call sends r and decodes a JSON answer into out (when out is not nil).
func (c *Client) call(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r, nil)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	if err := workflows.Unmarshal(resp.body, out); err != nil {
		return &DecodeError{Method: r.method, Path: r.path, Status: resp.status, Err: safeError(err, c.redactor(r.secrets))}
	}
	// An entity a write answers with is used next (build_flow edits the flow
	// it created): an answer without a usable id is not that entity.
	if e, ok := out.(interface{ EntityID() string }); ok && r.method != http.MethodGet && !plausibleID(e.EntityID()) {
		return &DecodeError{Method: r.method, Path: r.path, Status: resp.status, Err: errors.New("the answer carries no usable id")}
	}
	return nil
}

// plausibleID reports whether id can name an entity in a URL path.
func plausibleID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r == '/' || r == 0x7f {
			return false
		}
	}
	return true
}

func get[T any](ctx context.Context, c *Client, path string, q url.Values) (*T, error) {
	var out T
	if err := c.call(ctx, request{method: http.MethodGet, path: path, query: q}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func post[T any](ctx context.Context, c *Client, path string, body any) (*T, error) {
	var out T
	if err := c.call(ctx, request{method: http.MethodPost, path: path, body: body}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) del(ctx context.Context, path string) error {
	return c.call(ctx, request{method: http.MethodDelete, path: path}, nil)
}
