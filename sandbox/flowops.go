package sandbox

import (
	"encoding/json"

	"github.com/workflows-mcp/mcp-bridge/client"
)

func applyOperation(env opEnv, flow *client.Flow, opType string, request json.RawMessage) error {
	return invalidOperation("operation %s is not supported yet", opType)
}
