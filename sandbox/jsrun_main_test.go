package sandbox_test

import (
	"os"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun/jsmain"
)

// TestMain lets the test binary serve as the JavaScript child process, as
// the bridge's main does, so that CODE steps run under the OS limits here too.
func TestMain(m *testing.M) {
	jsmain.Main()
	os.Exit(m.Run())
}
