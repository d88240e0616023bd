// Package client is a Go client for the iMBRACE workflows API (client.workflows in
// iMBRACE's SDKs), spoken either through the iMBRACE gateway or straight to an
// Activepieces server. Only GET and DELETE are ever retried: a trigger is never sent twice.
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
	"strings"
	"sync"
	"time"
)

// Client calls the workflows API. It is safe for concurrent use.
type Client struct {
	cfg        Config
	engineBase string
	channelURL string // empty on the Activepieces backend
	http       *http.Client
	auth       http.Header
	userAgent  string

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
	if cfg.RetryBaseWait <= 0 {
		cfg.RetryBaseWait = 500 * time.Millisecond
	}
	if cfg.RetryMaxWait <= 0 {
		cfg.RetryMaxWait = 10 * time.Second
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	version := cfg.Version
	if version == "" {
		version = "dev"
	}
	c := &Client{cfg: cfg, engineBase: base, http: hc, auth: cfg.authHeaders(), userAgent: "mcp-bridge/" + version, projectID: cfg.ProjectID}
	if cfg.Backend != BackendActivepieces {
		gw, _ := cfg.gateway()
		c.channelURL = gw + "/channel-service"
	}
	return c, nil
}

// Backend returns the backend the client was configured for.
func (c *Client) Backend() Backend {
	if c.cfg.Backend == "" {
		return BackendImbrace
	}
	return c.cfg.Backend
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

func (c *Client) redact(s string) string {
	for _, secret := range c.cfg.secrets() {
		s = strings.ReplaceAll(s, secret, "[REDACTED]")
	}
	return s
}

// retryable reports whether a request may be sent again: only reads and deletes.
func retryable(method string) bool { return method == http.MethodGet || method == http.MethodDelete }

func retryableStatus(s int) bool {
	return s == http.StatusTooManyRequests || s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout
}

// send performs r, retrying GET and DELETE on 429/502/503/504 and transport errors.
// A status that accept allows (any 2xx when accept is nil) is returned as a response;
// others become an *APIError.
func (c *Client) send(ctx context.Context, r request, accept func(status int) bool) (*response, error) {
	attempts := 1
	if retryable(r.method) && c.cfg.MaxRetries > 0 {
		attempts += c.cfg.MaxRetries
	}
	var lastErr error
	for attempt := 0; attempt < attempts; attempt++ {
		if attempt > 0 {
			if err := c.backoff(ctx, attempt, lastErr); err != nil {
				return nil, lastErr
			}
		}
		resp, err := c.once(ctx, r, accept)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return nil, err
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && !retryableStatus(apiErr.Status) {
			return nil, err
		}
	}
	return nil, lastErr
}

// backoff waits before retry number attempt (1-based): exponential with full jitter,
// or the server's Retry-After when it gave one, both capped by RetryMaxWait.
func (c *Client) backoff(ctx context.Context, attempt int, lastErr error) error {
	wait := c.cfg.RetryBaseWait << (attempt - 1)
	wait = wait/2 + rand.N(wait/2+1)
	var apiErr *APIError
	if errors.As(lastErr, &apiErr) && apiErr.RetryAfter > 0 {
		wait = apiErr.RetryAfter
	}
	wait = min(wait, c.cfg.RetryMaxWait)
	t := time.NewTimer(wait)
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
			return nil, fmt.Errorf("%s %s: encoding the request: %w", r.method, r.path, err)
		}
	}
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s", r.method, r.path, c.redact(err.Error()))
	}
	for k, v := range c.auth {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &TransportError{Method: r.method, Path: r.path, Err: errors.New(c.redact(transportReason(err)))}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, &TransportError{Method: r.method, Path: r.path, Err: errors.New(c.redact(transportReason(err)))}
	}
	if accept == nil {
		accept = is2xx
	}
	if accept(resp.StatusCode) {
		return &response{status: resp.StatusCode, header: resp.Header, body: data}, nil
	}
	return nil, newAPIError(r.method, r.path, resp, data, c.redact)
}

func is2xx(status int) bool { return status >= 200 && status < 300 }

// transportReason keeps the cause of a transport failure without the URL
// (which url.Error repeats, and which may carry userinfo).
func transportReason(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer before the timeout"
	}
	return err.Error()
}

// call sends r and decodes a JSON answer into out (when out is not nil).
func (c *Client) call(ctx context.Context, r request, out any) error {
	resp, err := c.send(ctx, r, nil)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer: %w", r.method, r.path, err)
	}
	return nil
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
