package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/metrics"
)

// TestMetricsListener checks --metrics-addr: a listener of its own serving
// /metrics whatever the transport, stopped with the server.
func TestMetricsListener(t *testing.T) {
	var logs bytes.Buffer
	a := &app{cfg: &config.Config{Hosted: config.HostedSettings{MetricsAddr: "127.0.0.1:0"}},
		logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	wait, err := a.serveMetrics(ctx, metrics.New("9.9.9"))
	if err != nil {
		t.Fatal(err)
	}
	var line struct{ URL string }
	if err := json.Unmarshal(bytes.SplitN(logs.Bytes(), []byte("\n"), 2)[0], &line); err != nil || line.URL == "" {
		t.Fatalf("no url logged: %s", logs.String())
	}
	resp, err := http.Get(line.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `mcp_bridge_build_info{version="9.9.9"} 1`) {
		t.Errorf("/metrics: %d %s", resp.StatusCode, body)
	}
	cancel()
	wait()
	if _, err := http.Get(line.URL); err == nil {
		t.Error("the metrics listener outlived the server")
	}
	none := &app{cfg: &config.Config{}}
	if wait, err := none.serveMetrics(context.Background(), nil); err != nil || wait == nil {
		t.Errorf("no address: %v", err)
	}
}

// Letting every origin in with no credential checked is said loudly at start;
// a token, OAuth, per-request credentials the engine checks, sandbox keys or
// a list of origins quiets it.
func TestOpenToEveryPageIsWarned(t *testing.T) {
	load := func(args []string, kv ...string) *config.Config {
		t.Helper()
		cfg, err := config.Load(append([]string{"--transport", "http"}, args...), env(append([]string{"HOME", "/h"}, kv...)...))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	warned := func(cfg *config.Config) bool { return openToEveryPage(cfg, checksCallers(cfg)) != "" }
	for name, cfg := range map[string]*config.Config{
		"no credential":                    load([]string{"--allowed-origins", "*"}),
		"per-request on a keyless sandbox": load([]string{"--allowed-origins", "*", "--backend", "sandbox", "--upstream-auth", "per-request"}),
	} {
		if !warned(cfg) {
			t.Errorf("%s: not warned", name)
		}
	}
	for name, cfg := range map[string]*config.Config{
		"a token":        load([]string{"--allowed-origins", "*"}, "MCP_BRIDGE_AUTH_TOKEN", "a-token-of-sixteen+"),
		"listed origins": load([]string{"--allowed-origins", "https://app.example.com"}),
		"no origins":     load(nil),
		"per-request on a sandbox with keys": load([]string{"--allowed-origins", "*", "--backend", "sandbox", "--upstream-auth", "per-request"},
			"MCP_BRIDGE_SANDBOX_API_KEYS", "k1"),
		"per-request on iMBRACE": load([]string{"--allowed-origins", "*", "--backend", "imbrace", "--upstream-auth", "per-request"}),
	} {
		if warned(cfg) {
			t.Errorf("%s: warned", name)
		}
	}
	// The standalone sandbox checks its keys when it has some.
	if cfg := load([]string{"--allowed-origins", "*"}); openToEveryPage(cfg, false) == "" || openToEveryPage(cfg, true) != "" {
		t.Error("the sandbox's warning does not follow its keys")
	}
}
