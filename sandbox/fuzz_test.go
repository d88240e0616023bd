package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The fuzz targets below cover what the sandbox reads from requests it does
// not control (webhook bodies, cursors, query strings) and the flow
// operations agents send. Their seeds live in testdata/fuzz/<Name>/; run one
// with e.g. go test ./sandbox -run '^$' -fuzz FuzzDecodeCursor -fuzztime 30s.

// FuzzParseWebhookBody: any body under any content type is either refused
// with a 400 or read into a value that encodes as JSON; a JSON body reads as
// what it says.
func FuzzParseWebhookBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		v, aerr := parseWebhookBody(contentType, body)
		if aerr != nil {
			if aerr.Status != 400 {
				t.Fatalf("refused with %d, want 400: %v", aerr.Status, aerr)
			}
			return
		}
		encoded, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("the trigger's body %#v does not encode: %v", v, err)
		}
		trimmed := bytes.TrimSpace(body)
		if (contentType == "" || contentType == "application/json") && len(trimmed) > 0 {
			var want any
			if json.Unmarshal(trimmed, &want) == nil {
				wantJSON, _ := json.Marshal(want)
				if !bytes.Equal(encoded, wantJSON) {
					t.Fatalf("JSON body %s read as %s", trimmed, encoded)
				}
			}
		}
	})
}

// FuzzDecodeCursor: any string either reads as a cursor that encodes back to
// itself (up to base64 padding and alphabet) or is refused; never a panic.
func FuzzDecodeCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := decodeCursor(s)
		if !ok {
			if c.Set {
				t.Fatalf("a refused cursor is set: %+v", c)
			}
			return
		}
		again, ok := decodeCursor(c.encode())
		if !ok || again != c {
			t.Fatalf("cursor %+v encodes to %q, which reads back as %+v (%v)", c, c.encode(), again, ok)
		}
	})
}

// FuzzParseQuery: the query parameters the list routes read (limit, cursor,
// enums, dates, flow ids) are either refused with fastify's 400 or read into
// a usable page request.
func FuzzParseQuery(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return // Go's server would not get this far either
		}
		checkRefusal := func(what string, aerr *apierr.Error) {
			if aerr != nil && (aerr.Status != 400 || aerr.Code != "FST_ERR_VALIDATION") {
				t.Fatalf("%s refused with %v, want fastify's 400", what, aerr)
			}
		}
		p, aerr := parsePage(q)
		checkRefusal("limit", aerr)
		if aerr == nil && p.Limit != noLimit && p.Limit < 1 {
			t.Fatalf("limit %d from %q", p.Limit, raw)
		}
		_, aerr = queryEnum(q, "status", string(workflows.FlowEnabled), string(workflows.FlowDisabled))
		checkRefusal("status", aerr)
		_, aerr = queryTime(q, "createdAfter")
		checkRefusal("createdAfter", aerr)
		items := unitItems(7)
		if aerr == nil {
			page := seekPage(items, p, byCreated[int](true))
			if p.Limit != noLimit && len(page.Data) > p.Limit {
				t.Fatalf("%d items on a page of %d", len(page.Data), p.Limit)
			}
		}
	})
}

// fuzzOpEnv is an OpEnv over a throw-away flow: no other versions, and one folder.
func fuzzOpEnv() engine.OpEnv {
	n := 0
	return engine.OpEnv{
		NewID:     func() string { n++; return fmt.Sprintf("fuzzid%015d", n) },
		Now:       func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		Catalogue: pieces.NewCatalogue(pieces.All),
		Version:   func(string) (*workflows.FlowVersion, error) { return nil, nil },
		FolderExists: func(id string) (bool, error) {
			return id == "fuzzFolder00000000001", nil
		},
	}
}

// fuzzFlow is a flow with a webhook trigger, a loop holding a step, and a
// router with two branches, so that operations have places to reach.
func fuzzFlow(t *testing.T, env engine.OpEnv) *workflows.Flow {
	flow := store.NewFlow("fuzzProject0000000001", "fuzzed", nil, nil, env.Now())
	steps := []struct{ op, request string }{
		{"UPDATE_TRIGGER", `{"name":"trigger","displayName":"Catch Webhook","type":"PIECE_TRIGGER","settings":{"pieceName":"@activepieces/piece-webhook","pieceVersion":"~0.1.24","triggerName":"catch_webhook","input":{"authType":"none"}}}`},
		{"ADD_ACTION", `{"parentStep":"trigger","action":{"name":"loop_1","displayName":"Loop","type":"LOOP_ON_ITEMS","settings":{"items":"{{trigger.body.items}}"}}}`},
		{"ADD_ACTION", `{"parentStep":"loop_1","stepLocationRelativeToParent":"INSIDE_LOOP","action":{"name":"step_1","displayName":"Wait","type":"PIECE","settings":{"pieceName":"@activepieces/piece-delay","pieceVersion":"0.3.26","actionName":"delayFor","input":{"unit":"seconds","delayFor":0}}}}`},
		{"ADD_ACTION", `{"parentStep":"loop_1","action":{"name":"router_1","displayName":"Router","type":"ROUTER","settings":{"executionType":"EXECUTE_FIRST_MATCH","branches":[{"branchType":"CONDITION","branchName":"a","conditions":[[{"firstValue":"1","operator":"EXISTS"}]]},{"branchType":"FALLBACK","branchName":"b"}]}}}`},
	}
	for _, s := range steps {
		if err := engine.ApplyOperation(env, flow, s.op, json.RawMessage(s.request)); err != nil {
			t.Fatalf("building the fuzz flow: %s: %v", s.op, err)
		}
	}
	return flow
}

// checkFlow fails unless flow is a valid flow: a version whose step tree
// has unique names and one child chain per router branch, and which encodes
// and decodes to the same document.
func checkFlow(t *testing.T, flow *workflows.Flow) {
	t.Helper()
	if flow.Version == nil {
		t.Fatal("the flow lost its version")
	}
	names := map[string]bool{flow.Version.Trigger.Name: true}
	for _, s := range workflows.WalkSteps(&flow.Version.Trigger) {
		if names[s.Action.Name] {
			t.Fatalf("two steps are named %q", s.Action.Name)
		}
		names[s.Action.Name] = true
		if s.Action.Type == workflows.ActionRouter && len(s.Action.Children) != len(s.Action.Settings.Branches) {
			t.Fatalf("router %s has %d child chains for %d branches", s.Action.Name, len(s.Action.Children), len(s.Action.Settings.Branches))
		}
	}
	encoded, err := json.Marshal(flow)
	if err != nil {
		t.Fatalf("the flow does not encode: %v", err)
	}
	var back workflows.Flow
	if err := json.Unmarshal(encoded, &back); err != nil {
		t.Fatalf("the flow does not decode: %v", err)
	}
	if again, _ := json.Marshal(&back); !bytes.Equal(again, encoded) {
		t.Fatalf("the flow does not survive a round trip:\n%s\n%s", encoded, again)
	}
}

// FuzzApplyOperation: applying any operation to a flow, then a second one,
// never panics, and each either fails with an API error, leaving the flow as
// it was, or leaves a valid flow.
func FuzzApplyOperation(f *testing.F) {
	f.Fuzz(func(t *testing.T, opType string, request []byte, secondType string, second []byte) {
		env := fuzzOpEnv()
		flow := fuzzFlow(t, env)
		for _, op := range []struct {
			typ     string
			request []byte
		}{{opType, request}, {secondType, second}} {
			before, _ := json.Marshal(flow)
			err := engine.ApplyOperation(env, flow, op.typ, json.RawMessage(op.request))
			if err != nil {
				if _, ok := err.(*apierr.Error); !ok {
					t.Fatalf("%s failed with %T %v, want an API error", op.typ, err, err)
				}
				if after, _ := json.Marshal(flow); !bytes.Equal(before, after) {
					t.Fatalf("a failed %s changed the flow", op.typ)
				}
				continue
			}
			checkFlow(t, flow)
		}
	})
}
