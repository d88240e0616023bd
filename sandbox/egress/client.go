package egress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
)

// Limits on what one request may bring back and how far it may be sent on.
const (
	// MaxResponseBytes bounds a response body: it becomes a step's output,
	// stored with the run.
	MaxResponseBytes = 10 << 20
	maxRedirects     = 10
)

// Client sends the pieces' requests through a Dialer. It implements
// pieces.HTTPClient.
type Client struct {
	dialer *Dialer
	http   *http.Client
}

// NewClient returns a client whose every connection, redirects included,
// goes through d. It uses no proxy from the environment: a proxy would be
// the only address the dialer saw, and the policy is about the destination.
func NewClient(d *Dialer) *Client {
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
	}
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("refusing a redirect to %s: only http and https are followed", req.URL.Scheme)
			}
			return nil
		},
	}
	return &Client{dialer: d, http: client}
}

// Policy is the policy the client enforces.
func (c *Client) Policy() Policy { return c.dialer.Policy }

// Do sends req and reads the final response, following redirects. An error
// means no response: refused by the policy (a *RefusedError in its chain),
// failed, or out of time.
func (c *Client) Do(ctx context.Context, req pieces.HTTPRequest) (pieces.HTTPResponse, error) {
	if req.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, req.Timeout)
		defer cancel()
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return pieces.HTTPResponse{}, err
	}
	for name, value := range req.Headers {
		hr.Header.Set(name, value)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return pieces.HTTPResponse{}, explain(err, req.Timeout)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return pieces.HTTPResponse{}, explain(err, req.Timeout)
	}
	if len(data) > MaxResponseBytes {
		return pieces.HTTPResponse{}, fmt.Errorf("the response from %s is larger than the sandbox's limit of %d MiB", req.URL, MaxResponseBytes>>20)
	}
	headers := make(map[string][]string, len(resp.Header))
	for name, values := range resp.Header {
		headers[strings.ToLower(name)] = values
	}
	return pieces.HTTPResponse{Status: resp.StatusCode, Headers: headers, Body: data}, nil
}

// explain turns a transport error into one message an agent can act on: the
// refusal itself, or the timeout the step set.
func explain(err error, timeout time.Duration) error {
	if refused, ok := AsRefused(err); ok {
		return refused
	}
	if timeout > 0 && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timeout of %dms exceeded", timeout.Milliseconds())
	}
	return err
}
