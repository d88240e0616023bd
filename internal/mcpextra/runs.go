package mcpextra

import (
	"context"
	"fmt"
	"strings"
)

// runTemplate is the URI template of runs, the resources one can subscribe to.
const runTemplate = scheme + "runs/{runId}"

// runPrefix starts every run URI.
const runPrefix = scheme + "runs/"

// isID reports whether s has the engine's id format (tools.IDPattern): 21
// letters and digits. Checked by hand, so nothing is compiled at start-up.
func isID(s string) bool {
	if len(s) != 21 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// resolveRun makes run URIs subscribable: the probe reads the run with the
// subscribing caller's client and is final once the run has ended.
func (x *Extras) resolveRun(ctx context.Context, uri string) (Probe, bool, error) {
	id, ok := strings.CutPrefix(uri, runPrefix)
	if !ok {
		return nil, false, nil
	}
	if !isID(id) {
		return nil, true, fmt.Errorf("%s is not a run URI: expected %s with a 21-character run id (list_runs lists them)", uri, runTemplate)
	}
	c, err := x.client(ctx)
	if err != nil {
		return nil, true, err
	}
	return func(ctx context.Context) (bool, error) {
		r, err := c.GetRun(ctx, id)
		if err != nil {
			return false, err
		}
		return r.Status.Terminal(), nil
	}, true, nil
}
