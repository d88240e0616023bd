package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// writeCalls are the client's writes, each sent once to a server that redirects.
var writeCalls = map[string]func(ctx context.Context, c *Client) error{
	"CreateFlow": func(ctx context.Context, c *Client) error {
		_, err := c.CreateFlow(ctx, CreateFlowRequest{DisplayName: "x", ProjectID: "p1"})
		return err
	},
	"ApplyFlowOperation": func(ctx context.Context, c *Client) error {
		_, err := c.ApplyFlowOperation(ctx, "f1", workflows.ChangeName("y"))
		return err
	},
	"CreateFolder": func(ctx context.Context, c *Client) error {
		_, err := c.CreateFolder(ctx, CreateFolderRequest{DisplayName: "x", ProjectID: "p1"})
		return err
	},
	"UpdateFolder": func(ctx context.Context, c *Client) error {
		_, err := c.UpdateFolder(ctx, "d1", "y")
		return err
	},
	"UpsertConnection": func(ctx context.Context, c *Client) error {
		_, err := c.UpsertConnection(ctx, workflows.UpsertConnectionRequest{ExternalID: "e", DisplayName: "x", PieceName: "p", ProjectID: "p1",
			Type: workflows.ConnSecretText, Value: workflows.ConnectionValue{Type: workflows.ConnSecretText, SecretText: "s"}})
		return err
	},
	"CreateMcpServer": func(ctx context.Context, c *Client) error {
		_, err := c.CreateMcpServer(ctx, CreateMcpServerRequest{Name: "x", ProjectID: "p1"})
		return err
	},
	"RotateMcpToken": func(ctx context.Context, c *Client) error {
		_, err := c.RotateMcpToken(ctx, "m1")
		return err
	},
	"TestTrigger": func(ctx context.Context, c *Client) error {
		_, err := c.TestTrigger(ctx, TestTriggerRequest{ProjectID: "p1", FlowID: "f1", FlowVersionID: "v1"})
		return err
	},
	"TriggerFlow": func(ctx context.Context, c *Client) error {
		_, err := c.TriggerFlow(ctx, "f1", json.RawMessage(`{"n":1}`))
		return err
	},
	"DeleteFlow": func(ctx context.Context, c *Client) error { return c.DeleteFlow(ctx, "f1") },
}

// TestWritesNeverFollowRedirects: a redirect answering a write is reported
// with where it pointed, and the write reaches the server once. Go's client
// would turn a POST into a GET on 301/302/303, whose answer then passed for
// the write's result, and post again on 307/308, up to ten times.
func TestWritesNeverFollowRedirects(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for name, call := range writeCalls {
			t.Run(fmt.Sprintf("%d/%s", status, name), func(t *testing.T) {
				e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodGet {
						_, _ = w.Write([]byte(`{"id":"","displayName":"old"}`))
						return
					}
					http.Redirect(w, r, r.URL.Path, status) // to the same URL
				})
				err := call(context.Background(), mustNew(t, fastRetries(imbraceConfig(e))))
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != status {
					t.Fatalf("err = %v, want an APIError with status %d", err, status)
				}
				if !strings.Contains(err.Error(), "redirected to /") || apiErr.Location == "" {
					t.Errorf("error does not say where the redirect pointed: %v", err)
				}
				if n := e.count(); n != 1 {
					t.Errorf("the server got %d requests, want exactly 1", n)
				}
			})
		}
	}
}

// TestReadsFollowSameHostRedirects keeps reads working behind a moved route.
func TestReadsFollowSameHostRedirects(t *testing.T) {
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/moved" {
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
			return
		}
		_, _ = w.Write([]byte(`{"id":"d1","displayName":"Kept"}`))
	})
	f, err := mustNew(t, fastRetries(imbraceConfig(e))).GetFolder(context.Background(), "d1")
	if err != nil || f.DisplayName != "Kept" {
		t.Fatalf("GetFolder through a redirect: %+v, %v", f, err)
	}
}

// TestAnswersNeverCarryTheBridgesCredentials: the engine keeps a webhook
// call's headers (the gateway key among them) in the run, and a flow may echo
// them; neither a read nor a flow's answer hands them back.
func TestAnswersNeverCarryTheBridgesCredentials(t *testing.T) {
	const key = "api_test_key_1234" // imbraceConfig's API key
	e := newEngine(t, answer(http.StatusOK, `{"id":"r1","steps":{"trigger":{"type":"PIECE_TRIGGER","status":"SUCCEEDED",
"output":{"headers":{"x-api-key":"`+key+`"}}}}}`, "X-Echo", key))
	c := mustNew(t, fastRetries(imbraceConfig(e)))
	run, err := c.GetRun(context.Background(), "r1")
	if err != nil {
		t.Fatal(err)
	}
	if out := string(run.Steps["trigger"].Output); strings.Contains(out, key) || !strings.Contains(out, "[REDACTED]") {
		t.Errorf("run output = %s", out)
	}
	res, err := c.TriggerFlowSync(context.Background(), "f1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(res.JSON), key) || strings.Contains(res.Headers.Get("X-Echo"), key) {
		t.Errorf("sync answer carries the key: %s %v", res.JSON, res.Headers)
	}
}

// TestShortSecretsDoNotGarbleErrors: a one-letter connection secret is hidden
// where it stands alone, and words that contain the letter stay whole.
func TestShortSecretsDoNotGarbleErrors(t *testing.T) {
	c := mustNew(t, Config{GatewayURL: "http://gw.invalid", APIKey: "api_test_key_1234"})
	redact := c.redactor([]string{"x"})
	got := redact(`unexpected EOF; {"secret_text":"x"} x`)
	if want := `unexpected EOF; {"secret_text":"[REDACTED]"} [REDACTED]`; got != want {
		t.Errorf("redacted %q, want %q", got, want)
	}
}
