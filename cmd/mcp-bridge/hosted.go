package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/internal/metrics"
	"github.com/workflows-mcp/mcp-bridge/internal/oauth"
	"github.com/workflows-mcp/mcp-bridge/internal/serve"
)

// httpOptions turns the configuration into the HTTP transport's options:
// limits, the Host rule, per-request credentials, OAuth, resumption,
// readiness and (unless they have a listener of their own) metrics.
func (a *app) httpOptions(eng *backend.Opened, callers *backend.Callers, m *metrics.Metrics) serve.HTTPOptions {
	cfg := a.cfg
	opts := serve.HTTPOptions{
		SSE:            cfg.Transport == "sse",
		Stateless:      cfg.Stateless,
		AuthToken:      cfg.AuthToken,
		Logger:         a.logger,
		Guard:          httpGuard(cfg),
		Limits:         httpLimits(cfg),
		SessionIdleTTL: cfg.HTTP.SessionIdleTTL,
		ResumeBuffer:   cfg.Hosted.ResumeBuffer,
	}
	if callers != nil {
		opts.Credentials = callers.Check
	}
	var validator *oauth.Validator
	if o := cfg.Hosted.OAuth; o.Enabled() {
		validator = oauth.New(oauth.Config{Issuer: o.Issuer, Audience: o.Audience, JWKSURL: o.JWKSURL, Scopes: o.Scopes})
		opts.OAuth = &serve.OAuthOptions{Validator: validator, Metadata: server.ProtectedResourceMetadataConfig{
			Resource: o.Resource, AuthorizationServers: []string{o.Issuer}, ScopesSupported: o.Scopes,
			BearerMethodsSupported: []string{"header"}, ResourceName: "mcp-bridge",
		}}
	}
	opts.Ready = func(ctx context.Context) error {
		if err := eng.Reachable(ctx); err != nil {
			return err
		}
		if validator != nil {
			return validator.Ready(ctx)
		}
		return nil
	}
	if cfg.Hosted.MetricsAddr == "" {
		opts.Metrics = m.Handler()
	}
	return opts
}

// serveMetrics serves /metrics (and /healthz) on --metrics-addr until ctx
// ends, on any transport, stdio included; it returns at once when no address
// is set. The returned wait blocks until the listener has stopped.
func (a *app) serveMetrics(ctx context.Context, m *metrics.Metrics) (wait func(), err error) {
	addr := a.cfg.Hosted.MetricsAddr
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s for metrics: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle(serve.MetricsPath, m.Handler())
	mux.Handle(serve.HealthPath, serve.Health())
	a.logger.Info("serving metrics", "url", "http://"+ln.Addr().String()+serve.MetricsPath)
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Scrapes are short: the transport's limits fit them.
		if err := serve.Run(ctx, ln, mux, serve.DefaultLimits(), a.logger, serve.DrainTimeout, nil); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.logger.Warn("the metrics listener stopped", "err", err)
		}
	}()
	return func() { <-done }, nil
}
