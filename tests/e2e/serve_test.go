package e2e

import (
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
)

func TestAuthToken(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("file-token-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		transport string
		env       string
		token     string
	}{
		{name: "http with MCP_BRIDGE_AUTH_TOKEN", transport: "http", env: "MCP_BRIDGE_AUTH_TOKEN=env-token-0123456789", token: "env-token-0123456789"},
		{name: "sse with MCP_BRIDGE_AUTH_TOKEN_FILE", transport: "sse", env: "MCP_BRIDGE_AUTH_TOKEN_FILE=" + tokenFile, token: "file-token-0123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, hermeticEnv(t, tt.env), "--transport", tt.transport)
			method := "POST"
			if tt.transport == "sse" {
				method = "GET"
			}
			for _, auth := range []string{"", "Bearer wrong", "Basic " + tt.token} {
				req, _ := http.NewRequest(method, s.URL, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
				req.Header.Set("Content-Type", "application/json")
				if auth != "" {
					req.Header.Set("Authorization", auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("Authorization %q: HTTP %d, WWW-Authenticate %q; want 401 with a Bearer challenge", auth, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
				}
				if strings.Contains(string(body), tt.token) {
					t.Errorf("the 401 body reveals the token: %s", body)
				}
			}

			var tr = httpTransport(t, s.URL, "wrong")
			if tt.transport == "sse" {
				tr = sseTransport(t, s.URL, "wrong")
			}
			if _, _, err := tryConnect(t, tr, legacyEra); err == nil {
				t.Error("an MCP client with a wrong token connected")
			}

			tr = httpTransport(t, s.URL, tt.token)
			if tt.transport == "sse" {
				tr = sseTransport(t, s.URL, tt.token)
			}
			c := connect(t, tr, legacyEra)
			if len(call(t, c, "list_folders", map[string]any{})) == 0 {
				t.Error("list_folders returned nothing with the right token")
			}

			resp, err := http.Get(s.Base + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"status":"ok"}` {
				t.Errorf("/healthz without a token: %d %s", resp.StatusCode, body)
			}
			if strings.Contains(s.stderr.String(), tt.token) {
				t.Errorf("the log contains the token:\n%s", s.stderr)
			}
		})
	}
}

func TestDNSRebindingProtection(t *testing.T) {
	s := startServer(t, hermeticEnv(t), "--transport", "http")
	req, _ := http.NewRequest("POST", s.URL, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	req.Host = "attacker.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Host header on a loopback listener: HTTP %d, want 403", resp.StatusCode)
	}
}

// TestRefusesPublicAddressWithoutToken checks that the bridge will not expose its
// credentials to the network without authentication.
func TestRefusesPublicAddressWithoutToken(t *testing.T) {
	for _, transport := range []string{"http", "sse"} {
		for _, addr := range []string{"0.0.0.0:0", ":0"} {
			cmd := command(t, hermeticEnv(t), "serve", "--transport", transport, "--addr", addr, "--sandbox-data", ":memory:")
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("%s on %s without a token: err %v, want exit code 2\n%s", transport, addr, err, out)
			}
			want := "mcp-bridge: refusing to listen on " + addr
			if !strings.HasPrefix(string(out), want) || !strings.Contains(string(out), "MCP_BRIDGE_AUTH_TOKEN") {
				t.Errorf("%s on %s: output %q, want it to start with %q and name MCP_BRIDGE_AUTH_TOKEN", transport, addr, out, want)
			}
		}
	}
	// With a token the same address is accepted.
	s := startServer(t, hermeticEnv(t, "MCP_BRIDGE_AUTH_TOKEN=token-0123456789-789"), "--transport", "http", "--addr", "0.0.0.0:0")
	if s.URL == "" {
		t.Fatal("no URL")
	}
}

// TestGracefulShutdown sends SIGTERM while a tool call runs: the call must finish
// and the process must exit cleanly.
func TestGracefulShutdown(t *testing.T) {
	for _, transport := range []string{"http", "sse"} {
		t.Run(transport, func(t *testing.T) {
			s := startServer(t, hermeticEnv(t), "--transport", transport)
			tr := httpTransport(t, s.URL, "")
			if transport == "sse" {
				tr = sseTransport(t, s.URL, "")
			}
			c := connect(t, tr, legacyEra)
			progress := watchProgress(c)
			flowID := delayedFlow(t, c, 2)

			done := make(chan *mcp.CallToolResult, 1)
			go func() {
				done <- callRaw(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Ed"}},
					&mcp.Meta{ProgressToken: "shutdown"})
			}()
			deadline := time.Now().Add(20 * time.Second)
			for len(progress.of("shutdown")) == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond) // the call is running once it reports progress
			}
			s.signal(t, syscall.SIGTERM)
			res := <-done
			if res.IsError {
				t.Fatalf("the running call failed during shutdown: %s", text(res))
			}
			if got := structured(t, res); str(got, "body.greeting") != "hello Ed" {
				t.Errorf("result = %v", got)
			}
			if err := s.wait(t, 20*time.Second); err != nil {
				t.Errorf("exit after SIGTERM: %v\n%s", err, s.stderr)
			}
			if !strings.Contains(s.stderr.String(), "shutting down") {
				t.Errorf("no shutdown log line:\n%s", s.stderr)
			}
		})
	}
	t.Run("stdio", func(t *testing.T) {
		tr, stderr, cmd := stdioTransportCmd(t, hermeticEnv(t))
		c := connect(t, tr, legacyEra)
		progress := watchProgress(c)
		flowID := delayedFlow(t, c, 2)
		done := make(chan *mcp.CallToolResult, 1)
		go func() {
			done <- callRaw(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Flo"}},
				&mcp.Meta{ProgressToken: "shutdown"})
		}()
		deadline := time.Now().Add(20 * time.Second)
		for len(progress.of("shutdown")) == 0 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if err := (*cmd).Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		res := <-done
		if res.IsError || str(structured(t, res), "body.greeting") != "hello Flo" {
			t.Fatalf("the running call did not finish during shutdown: %s", text(res))
		}
		exited := make(chan error, 1)
		go func() { exited <- (*cmd).Wait() }()
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("exit after SIGTERM: %v\n%s", err, stderr)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("still running after SIGTERM:\n%s", stderr)
		}
		if !strings.Contains(stderr.String(), "shutting down") {
			t.Errorf("no shutdown log line:\n%s", stderr)
		}
	})
}
