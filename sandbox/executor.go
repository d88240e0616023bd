package sandbox

import (
	"context"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func execute(ctx context.Context, env execEnv, version *client.FlowVersion, in triggerInput) runResult {
	now := time.Now()
	return runResult{Status: client.RunFailed, Start: now, Finish: now,
		FailedStep: &client.FailedStep{Name: "trigger", DisplayName: "Trigger", Message: "the executor is not built yet"}}
}
