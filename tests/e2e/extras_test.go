package e2e

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// extrasCases are the transports and eras the resources, subscriptions,
// completions and prompts are checked over. Streamable HTTP clients open the
// standalone GET stream, where a legacy session's resource updates arrive.
var extrasCases = []struct {
	name, era string
	connect   func(t *testing.T, era string) *mcpclient.Client
	stateless bool
}{
	{name: "stdio", era: legacyEra, connect: connectStdio},
	{name: "stdio", era: modernEra, connect: connectStdio},
	{name: "http", era: legacyEra, connect: connectListeningHTTP(false)},
	{name: "http", era: modernEra, connect: connectListeningHTTP(false)},
	{name: "http-stateless", era: legacyEra, connect: connectListeningHTTP(true), stateless: true},
	{name: "http-stateless", era: modernEra, connect: connectListeningHTTP(true), stateless: true},
	{name: "sse", era: legacyEra, connect: func(t *testing.T, era string) *mcpclient.Client {
		s := startServer(t, hermeticEnv(t), "--transport", "sse")
		return connect(t, sseTransport(t, s.URL, ""), era)
	}},
}

func connectStdio(t *testing.T, era string) *mcpclient.Client {
	tr, _ := stdioTransport(t, hermeticEnv(t))
	return connect(t, tr, era)
}

func connectListeningHTTP(stateless bool) func(t *testing.T, era string) *mcpclient.Client {
	return func(t *testing.T, era string) *mcpclient.Client {
		args := []string{"--transport", "http"}
		if stateless {
			args = append(args, "--stateless")
		}
		s := startServer(t, hermeticEnv(t), args...)
		var opts []transport.StreamableHTTPCOption
		if !stateless && era == legacyEra {
			// A legacy session's notifications outside a request arrive on the
			// standalone GET stream, which the SDK client and Inspector open too.
			//lint:ignore SA1019 the legacy era is what this case tests; the modern one uses subscriptions/listen
			opts = append(opts, transport.WithContinuousListening())
		}
		tr, err := transport.NewStreamableHTTP(s.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return connect(t, tr, era)
	}
}

// TestExtras lists and reads the resources, completes every completable
// argument and gets the prompts, over every transport in both eras.
func TestExtras(t *testing.T) {
	for _, tc := range extrasCases {
		t.Run(tc.name+"/"+tc.era, func(t *testing.T) {
			t.Parallel()
			c := tc.connect(t, tc.era)
			ctx := testContext(t)
			caps := c.GetServerCapabilities()
			if caps.Resources == nil || !caps.Resources.Subscribe || caps.Prompts == nil || caps.Completions == nil {
				t.Errorf("capabilities = %+v, want resources with subscribe, prompts and completions", caps)
			}
			templates, err := c.ListResourceTemplates(ctx, mcp.ListResourceTemplatesRequest{})
			if err != nil {
				t.Fatal(err)
			}
			var uris []string
			for _, rt := range templates.ResourceTemplates {
				uris = append(uris, rt.URITemplate.Raw())
			}
			if want := []string{"workflows://flows/{flowId}", "workflows://folders/{folderId}", "workflows://pieces/{+pieceName}",
				"workflows://runs/{runId}", "workflows://tables/{tableId}"}; !equalSorted(uris, want) {
				t.Errorf("resource templates = %v, want %v", uris, want)
			}
			resources, err := c.ListResources(ctx, mcp.ListResourcesRequest{})
			if err != nil || len(resources.Resources) != 1 || resources.Resources[0].URI != "workflows://reference/build-flow" {
				t.Fatalf("resources/list = %+v, %v", resources, err)
			}
			if ref := readText(t, c, "workflows://reference/build-flow"); !strings.Contains(ref, "LOOP_ON_ITEMS") {
				t.Errorf("the build_flow reference: %.200s", ref)
			}

			flowID := str(call(t, c, "build_flow", map[string]any{"displayName": "Resource echo", "publish": true,
				"steps": []any{returnResponseAction("reply")}}), "id")
			if flow := readText(t, c, "workflows://flows/"+flowID); !strings.Contains(flow, `"displayName":"Resource echo"`) {
				t.Errorf("flow resource: %s", flow)
			}
			runID := str(call(t, c, "trigger_flow_sync", map[string]any{"flowId": flowID, "payload": map[string]any{"name": "Ed"}}), "runId")
			if run := readText(t, c, "workflows://runs/"+runID); !strings.Contains(run, `"status":"SUCCEEDED"`) {
				t.Errorf("run resource: %s", run)
			}
			if piece := readText(t, c, "workflows://pieces/@activepieces/piece-webhook"); !strings.Contains(piece, "return_response") {
				t.Errorf("piece resource: %.300s", piece)
			}

			checkCompletions(t, c, flowID, runID)
			checkPrompts(t, c)
		})
	}
}

func equalSorted(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func readText(t *testing.T, c *mcpclient.Client, uri string) string {
	t.Helper()
	req := mcp.ReadResourceRequest{}
	req.Params.URI = uri
	res, err := c.ReadResource(testContext(t), req)
	if err != nil {
		t.Fatalf("resources/read %s: %v", uri, err)
	}
	if len(res.Contents) != 1 {
		t.Fatalf("resources/read %s: %d contents", uri, len(res.Contents))
	}
	tc, ok := res.Contents[0].(mcp.TextResourceContents)
	if !ok || tc.URI != uri {
		t.Fatalf("resources/read %s: %+v", uri, res.Contents[0])
	}
	return tc.Text
}

// complete asks for the completions of arg; ref is a template URI or, with
// "prompt:", a prompt name.
func complete(t *testing.T, c *mcpclient.Client, ref, arg, value string) []string {
	t.Helper()
	req := mcp.CompleteRequest{}
	if name, ok := strings.CutPrefix(ref, "prompt:"); ok {
		req.Params.Ref = mcp.PromptReference{Type: "ref/prompt", Name: name}
	} else {
		req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: ref}
	}
	req.Params.Argument = mcp.CompleteArgument{Name: arg, Value: value}
	res, err := c.Complete(testContext(t), req)
	if err != nil {
		t.Fatalf("completion/complete %s %s=%q: %v", ref, arg, value, err)
	}
	if res.Completion.Values == nil {
		t.Errorf("completion/complete %s %s: values is null", ref, arg)
	}
	return res.Completion.Values
}

func checkCompletions(t *testing.T, c *mcpclient.Client, flowID, runID string) {
	t.Helper()
	folders := call(t, c, "list_folders", map[string]any{})["folders"].([]any)
	folderID := str(folders[0].(map[string]any), "id")
	for _, tc := range []struct{ ref, arg, value, want string }{
		{"workflows://flows/{flowId}", "flowId", flowID[:8], flowID},
		{"workflows://flows/{flowId}", "flowId", "resource e", flowID},
		{"workflows://runs/{runId}", "runId", runID[:8], runID},
		{"workflows://folders/{folderId}", "folderId", "", folderID},
		{"workflows://pieces/{+pieceName}", "pieceName", "@activepieces/piece-webh", "@activepieces/piece-webhook"},
		{"prompt:move_flows", "folderId", folderID[:6], folderID},
		{"prompt:debug_failed_run", "runId", runID[:8], runID},
	} {
		if got := complete(t, c, tc.ref, tc.arg, tc.value); !slices.Contains(got, tc.want) {
			t.Errorf("completions of %s %s=%q = %v, want %s among them", tc.ref, tc.arg, tc.value, got, tc.want)
		}
	}
	// A fresh sandbox holds one sample table; a prefix nothing has gives an
	// empty answer, not an error.
	if got := complete(t, c, "workflows://tables/{tableId}", "tableId", ""); len(got) != 1 {
		t.Errorf("tableId completions in a fresh sandbox = %v, want its sample table", got)
	}
	if got := complete(t, c, "workflows://tables/{tableId}", "tableId", "no-such-prefix"); len(got) != 0 {
		t.Errorf("tableId completions of an unknown prefix = %v", got)
	}
}

func checkPrompts(t *testing.T, c *mcpclient.Client) {
	t.Helper()
	ctx := testContext(t)
	list, err := c.ListPrompts(ctx, mcp.ListPromptsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.Prompts {
		names = append(names, p.Name)
	}
	if want := []string{"debug_failed_run", "move_flows", "webhook_api"}; !equalSorted(names, want) {
		t.Errorf("prompts = %v, want %v", names, want)
	}
	req := mcp.GetPromptRequest{}
	req.Params.Name = "webhook_api"
	req.Params.Arguments = map[string]string{"name": "Orders API"}
	res, err := c.GetPrompt(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	text := res.Messages[0].Content.(mcp.TextContent).Text
	for _, want := range []string{`build_flow {"displayName":"Orders API"`, "trigger_flow_sync", "get_run"} {
		if !strings.Contains(text, want) {
			t.Errorf("webhook_api prompt does not contain %s:\n%s", want, text)
		}
	}
	req.Params.Name, req.Params.Arguments = "move_flows", nil
	if _, err := c.GetPrompt(ctx, req); err == nil || !strings.Contains(err.Error(), "folderId") {
		t.Errorf("move_flows without folderId: %v", err)
	}
}

// updates collects the notifications/resources/updated a client receives.
type updates struct {
	mu   sync.Mutex
	seen []mcp.JSONRPCNotification
}

func watchUpdates(c *mcpclient.Client) *updates {
	u := &updates{}
	c.OnNotification(func(n mcp.JSONRPCNotification) {
		if n.Method == string(mcp.MethodNotificationResourceUpdated) {
			u.mu.Lock()
			defer u.mu.Unlock()
			u.seen = append(u.seen, n)
		}
	})
	return u
}

// wait returns the first update for uri, or fails after d.
func (u *updates) wait(t *testing.T, uri string, d time.Duration) mcp.JSONRPCNotification {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		u.mu.Lock()
		for _, n := range u.seen {
			if n.Params.AdditionalFields["uri"] == uri {
				u.mu.Unlock()
				return n
			}
		}
		u.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no notifications/resources/updated for %s within %v", uri, d)
	return mcp.JSONRPCNotification{}
}
