package e2e

import (
	"context"
	"errors"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// TestStandaloneSandbox serves the engine with "mcp-bridge sandbox" and reaches it
// the way iMBRACE's SDKs would: a gateway base URL and an API key.
func TestStandaloneSandbox(t *testing.T) {
	s := startProcess(t, hermeticEnv(t, "MCP_BRIDGE_SANDBOX_API_KEYS=key-one,key-two"), "serving the sandbox engine",
		"sandbox", "--addr", "127.0.0.1:0", "--sandbox-data", ":memory:", "--log-format", "json")

	resp, err := http.Get(s.Base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/healthz: %d", resp.StatusCode)
	}

	for _, backend := range []client.Config{
		{Layout: client.LayoutGateway, GatewayURL: s.Base, APIKey: "key-two"},
		{Layout: client.LayoutActivepieces, ActivepiecesURL: s.Base + "/api", ActivepiecesAPIKey: "key-one"},
	} {
		c, err := client.New(backend)
		if err != nil {
			t.Fatal(err)
		}
		page, err := c.ListFolders(context.Background(), "", client.Page{})
		if err != nil {
			t.Fatalf("%s: ListFolders: %v", backend.Layout, err)
		}
		if len(page.Data) != 4 {
			t.Errorf("%s: %d seeded folders, want the four system folders", backend.Layout, len(page.Data))
		}
	}

	c, err := client.New(client.Config{Layout: client.LayoutGateway, GatewayURL: s.Base, APIKey: "wrong", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListFolders(context.Background(), "", client.Page{})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 401 {
		t.Errorf("wrong key: %v, want a 401", err)
	}

	s.signal(t, syscall.SIGTERM)
	if err := s.wait(t, 20*time.Second); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, s.stderr)
	}
}

func TestStandaloneSandboxRefusesPublicAddressWithoutKeys(t *testing.T) {
	_, errOut, code := run(t, hermeticEnv(t), "", "sandbox", "--addr", "0.0.0.0:0", "--sandbox-data", ":memory:")
	want := "mcp-bridge: refusing to listen on 0.0.0.0:0 (0.0.0.0) without an auth token: set MCP_BRIDGE_SANDBOX_API_KEYS, or listen on 127.0.0.1\n"
	if code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
}
