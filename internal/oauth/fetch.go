package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// maxDocument bounds a fetched metadata or key-set document.
const maxDocument = 1 << 20

// refresh fetches the key set, finding its URL first when it is not
// configured. Called with v.mu held; a failure keeps the keys already known.
func (v *Validator) refresh(ctx context.Context, now time.Time) error {
	v.triedAt = now
	if v.jwksURL == "" {
		u, err := v.discover(ctx)
		if err != nil {
			return err
		}
		v.jwksURL = u
	}
	var set jose.JSONWebKeySet
	if err := v.getJSON(ctx, v.jwksURL, &set); err != nil {
		return fmt.Errorf("%w: %v", ErrKeysUnusable, err)
	}
	v.keys, v.fetchedAt = &set, now
	return nil
}

// discover reads jwks_uri from the issuer's authorization-server metadata
// (RFC 8414) or OpenID configuration, whichever answers, checking that it
// speaks for this issuer; else it falls back to the issuer's
// /.well-known/jwks.json.
func (v *Validator) discover(ctx context.Context) (string, error) {
	base := strings.TrimSuffix(v.cfg.Issuer, "/")
	for _, path := range []string{"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"} {
		var meta struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		if err := v.getJSON(ctx, base+path, &meta); err != nil || meta.JWKSURI == "" {
			continue
		}
		if strings.TrimSuffix(meta.Issuer, "/") != base {
			return "", fmt.Errorf("%w: the metadata at %s names issuer %q", ErrKeysUnusable, base+path, meta.Issuer)
		}
		return meta.JWKSURI, nil
	}
	return base + "/.well-known/jwks.json", nil
}

func (v *Validator) getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := v.cfg.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil {
		return err
	}
	if len(data) > maxDocument {
		return errors.New("GET " + url + ": the document is too large")
	}
	return json.Unmarshal(data, out)
}

// Ready reports whether the issuer's keys are at hand, fetching them when
// they are not: for the readiness probe.
func (v *Validator) Ready(ctx context.Context) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		return nil
	}
	if err := v.refresh(ctx, v.cfg.now()); err != nil {
		return ErrKeysUnusable
	}
	return nil
}
