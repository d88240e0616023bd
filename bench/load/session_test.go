package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// fakeBridge answers the script's tools the way the sandbox does, from a few
// folders and one flow, and can be told to misbehave.
type fakeBridge struct {
	folders map[string]string // id -> name
	order   []string
	fx      fixture
	// wrong, when set, rewrites the answer to call n (counted from 0).
	wrong func(n int, doc map[string]any) (map[string]any, error)
	calls int
}

func newFakeBridge(fx fixture) *fakeBridge {
	f := &fakeBridge{folders: map[string]string{}, fx: fx}
	for _, name := range []string{"Channel Workflow", "Board Automation", "AI Agent Capabilities", "Others"} {
		f.add(name)
	}
	return f
}

func (f *fakeBridge) add(name string) string {
	id := fmt.Sprintf("%021d", len(f.order)+1)
	f.folders[id] = name
	f.order = append(f.order, id)
	return id
}

func (f *fakeBridge) CallTool(_ context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	args := req.GetArguments()
	var doc map[string]any
	switch req.Params.Name {
	case "create_folder":
		name := args["displayName"].(string)
		doc = map[string]any{"id": f.add(name), "displayName": name}
	case "get_folder":
		id := args["folderId"].(string)
		doc = map[string]any{"id": id, "displayName": f.folders[id]}
	case "list_folders":
		var list []any
		for _, id := range f.order[:limitOf(args["limit"])] {
			list = append(list, map[string]any{"id": id, "displayName": f.folders[id]})
		}
		doc = map[string]any{"folders": list, "hasMore": true}
	case "list_flows":
		doc = map[string]any{"flows": []any{map[string]any{"id": f.fx.FlowID, "displayName": f.fx.FlowName}}}
	case "get_flow":
		doc = map[string]any{"id": f.fx.FlowID, "displayName": f.fx.FlowName}
	case "create_flow":
		doc = map[string]any{"id": f.fx.FlowID, "displayName": args["displayName"]}
	case "delete_folder":
		id := args["folderId"].(string)
		delete(f.folders, id)
		doc = map[string]any{"deleted": true, "id": id}
	}
	n := f.calls
	f.calls++
	if f.wrong != nil {
		var err error
		if doc, err = f.wrong(n, doc); err != nil || doc == nil {
			return nil, err
		}
	}
	b, _ := json.Marshal(doc)
	return &mcp.CallToolResult{Content: []mcp.Content{mcp.NewTextContent(string(b))}, StructuredContent: doc}, nil
}

// limitOf reads a page size that is an int when called directly and a float64
// when it came over JSON.
func limitOf(v any) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return v.(int)
}

var testFixture = fixture{FlowID: "FLOW00000000000000001", FlowName: "load-fixture"}

func TestScriptAgainstAWellBehavedBridge(t *testing.T) {
	s := &script{session: "h3", fx: testFixture}
	f := newFakeBridge(testFixture)
	results := s.run(context.Background(), f, 14, time.Second)
	var tools []string
	for _, r := range results {
		if r.Kind != answered {
			t.Errorf("%s: %s", r.Kind, r.Detail)
		}
		tools = append(tools, r.Tool)
	}
	want := "list_folders create_folder get_folder list_flows get_flow delete_folder " +
		"list_folders create_folder get_folder list_flows get_flow delete_folder list_folders create_folder"
	if got := strings.Join(tools, " "); got != want {
		t.Errorf("tools called:\n%s\nwant\n%s", got, want)
	}
	// Every folder but the last one created was deleted.
	if s.folderName != "load-h3-13" || len(f.folders) != 5 || f.folders[s.folderID] != "load-h3-13" {
		t.Errorf("last folder created = %q; folders left = %v", s.folderName, f.folders)
	}
}

// TestScriptCatchesWrongAnswers feeds each kind of call an answer meant for
// another call, and checks that it is caught as mismatched.
func TestScriptCatchesWrongAnswers(t *testing.T) {
	cases := map[string]struct {
		call  int
		wrong func(doc map[string]any) map[string]any
	}{
		"list_folders of another page size": {0, func(doc map[string]any) map[string]any {
			doc["folders"] = doc["folders"].([]any)[:0]
			return doc
		}},
		"create_folder of another session": {1, func(map[string]any) map[string]any {
			return map[string]any{"id": "X00000000000000000001", "displayName": "load-h4-1"}
		}},
		"get_folder of another folder": {2, func(map[string]any) map[string]any {
			return map[string]any{"id": "X00000000000000000002", "displayName": "load-h3-1"}
		}},
		"list_flows of another filter": {3, func(doc map[string]any) map[string]any {
			return map[string]any{"flows": []any{map[string]any{"id": "F", "displayName": "Echo webhook"}}}
		}},
		"get_flow of another flow": {4, func(map[string]any) map[string]any {
			return map[string]any{"id": "FLOW00000000000000002", "displayName": "load-fixture"}
		}},
		"delete_folder of another folder": {5, func(map[string]any) map[string]any {
			return map[string]any{"deleted": true, "id": "X00000000000000000002"}
		}},
		"not an object": {4, func(map[string]any) map[string]any { return map[string]any{} }},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFakeBridge(testFixture)
			f.wrong = func(n int, doc map[string]any) (map[string]any, error) {
				if n == c.call {
					return c.wrong(doc), nil
				}
				return doc, nil
			}
			s := &script{session: "h3", fx: testFixture}
			for i, r := range s.run(context.Background(), f, cycle, time.Second) {
				want := answered
				if i == c.call {
					want = mismatched
				}
				if r.Kind != want {
					t.Errorf("call %d (%s) = %s (%s), want %s", i, r.Tool, r.Kind, r.Detail, want)
				}
			}
		})
	}
}

func TestScriptSkipsGetAndDeleteFolderAfterAFailedCreate(t *testing.T) {
	f := newFakeBridge(testFixture)
	f.wrong = func(n int, doc map[string]any) (map[string]any, error) {
		if n == 1 {
			return nil, errors.New("boom")
		}
		return doc, nil
	}
	s := &script{session: "h3", fx: testFixture}
	results := s.run(context.Background(), f, cycle, time.Second)
	if results[1].Kind != failed || results[2].Tool != "list_folders" || results[5].Tool != "list_folders" {
		t.Errorf("results = %+v, want create_folder failed, then list_folders for get_folder and delete_folder", results)
	}
	for i, r := range results {
		if i != 1 && r.Kind != answered {
			t.Errorf("call %d (%s) = %s: %s", i, r.Tool, r.Kind, r.Detail)
		}
	}
}

func TestTextThatDiffersFromStructuredContentIsMismatched(t *testing.T) {
	res := &mcp.CallToolResult{
		Content:           []mcp.Content{mcp.NewTextContent(`{"id":"a","displayName":"load-h1-1"}`)},
		StructuredContent: map[string]any{"id": "a", "displayName": "load-h2-1"},
	}
	if _, err := decode(res); err == nil {
		t.Error("decode accepted text and structured content that differ")
	}
}

func TestToolErrorIsFailed(t *testing.T) {
	c := callerFunc(func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return mcp.NewToolResultError("sandbox: busy"), nil
	})
	r := do(context.Background(), c, listFolders(1), time.Second)
	if r.Kind != failed || !strings.Contains(r.Detail, "sandbox: busy") {
		t.Errorf("got %s %q, want error with the tool's message", r.Kind, r.Detail)
	}
}

type callerFunc func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error)

func (f callerFunc) CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	return f(ctx, req)
}

func TestClassify(t *testing.T) {
	cases := []struct {
		err  error
		want kind
	}{
		{mcp.ErrInternalError, failed},
		{transport.NewError(fmt.Errorf("request failed with status 503: busy")), failed},
		{transport.NewError(context.DeadlineExceeded), lost},
		{transport.NewError(errors.New("timeout waiting for SSE response after 30s")), lost},
		{transport.NewError(errors.New("failed to send request: EOF")), lost},
	}
	for _, c := range cases {
		if got := classify(c.err); got != c.want {
			t.Errorf("classify(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}

func TestCallTimesOut(t *testing.T) {
	c := callerFunc(func(ctx context.Context, _ mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		<-ctx.Done()
		return nil, transport.NewError(ctx.Err())
	})
	r := do(context.Background(), c, listFolders(1), 10*time.Millisecond)
	if r.Kind != lost {
		t.Errorf("a call with no answer before its timeout = %s, want lost", r.Kind)
	}
}
