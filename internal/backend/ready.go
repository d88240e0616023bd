package backend

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Reachable reports whether the engine answers at all, for a readiness probe:
// the sandbox when its database opens, a remote engine when its base URL gives
// any HTTP answer (a 401 or 404 still means it is up). It sends no
// credential, and its error names neither the URL nor a secret, as a probe's
// answer is public.
func (o *Opened) Reachable(ctx context.Context) error {
	if o.Sandbox != nil {
		if _, err := o.Sandbox.Engine(); err != nil {
			return errors.New("the sandbox engine cannot open its database")
		}
		return nil
	}
	if o.probeURL == "" {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, o.probeURL, nil)
	if err != nil {
		return errors.New("the engine URL is not usable")
	}
	req.URL.User = nil // a password in the URL is a credential too
	hc := o.probeClient
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return errors.New("the engine does not answer")
	}
	resp.Body.Close()
	return nil
}
