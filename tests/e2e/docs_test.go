package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestConfigurationDocCoversHelp fails when a flag or environment variable the
// binary reads is missing from docs/configuration.md.
func TestConfigurationDocCoversHelp(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	help, _, code := run(t, hermeticEnv(t), "", "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	names := regexp.MustCompile(`--[a-z][a-z-]+|\b(?:MCP_BRIDGE|IMBRACE|ACTIVEPIECES)_[A-Z_]+\b`).FindAllString(help, -1)
	if len(names) < 20 {
		t.Fatalf("found only %d names in the help: %v", len(names), names)
	}
	for _, name := range names {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/configuration.md does not document %s", name)
		}
	}
}
