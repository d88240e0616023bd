package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
)

// protocolVersion is the version sessions negotiate: the newest with the
// initialize handshake, so that Streamable HTTP keeps per-session state on the
// server (Mcp-Session-Id, ended by DELETE), which is what a leak would be made of.
// The 2026-07-28 era is stateless and has no sessions to leak.
const protocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION

// caller is the part of an MCP client a session's script uses; the tests fake it.
type caller interface {
	CallTool(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error)
}

// connect opens one MCP session with the bridge at url over "http" (Streamable
// HTTP) or "sse". The SSE stream lives as long as life; setup bounds the handshake.
// Requests carry the URL's Host, 127.0.0.1:PORT, and no Origin, as a local
// client's do: what the bridge's DNS-rebinding checks let through.
func connect(life, setup context.Context, kind, url string, hc *http.Client) (*mcpclient.Client, error) {
	var tr transport.Interface
	var err error
	switch kind {
	case "http":
		tr, err = transport.NewStreamableHTTP(url, transport.WithHTTPBasicClient(hc))
	case "sse":
		tr, err = transport.NewSSE(url, transport.WithHTTPClient(hc))
	default:
		err = fmt.Errorf("unknown transport %q", kind)
	}
	if err != nil {
		return nil, err
	}
	c := mcpclient.NewClient(tr, mcpclient.WithProtocolVersion(protocolVersion))
	if err := c.Start(life); err != nil {
		return nil, fmt.Errorf("starting the %s transport: %w", kind, err)
	}
	req := mcp.InitializeRequest{}
	req.Params.ProtocolVersion = protocolVersion
	req.Params.ClientInfo = mcp.Implementation{Name: "mcp-bridge-load", Version: "1"}
	if _, err := c.Initialize(setup, req); err != nil {
		c.Close()
		return nil, fmt.Errorf("initialize: %w", err)
	}
	return c, nil
}

// kind is what became of one call.
type kind int

const (
	answered   kind = iota // the right answer
	failed                 // an error answer: JSON-RPC error, HTTP error status, or a tool error
	lost                   // no answer: the call timed out or its connection broke
	mismatched             // an answer, but not this call's (or not a result at all)
)

func (k kind) String() string {
	return [...]string{"ok", "error", "lost", "mismatched"}[k]
}

// callResult is one call's outcome.
type callResult struct {
	Tool    string
	Latency time.Duration
	Kind    kind
	Detail  string // why it is not answered; empty when it is
}

// fixture is the flow the warm-up creates for every session to read.
type fixture struct {
	FlowID   string
	FlowName string
}

// step is one call of a script, with the check its answer must pass.
type step struct {
	tool  string
	args  map[string]any
	check func(doc map[string]any) error
}

// script is one session's sequence of calls. Every answer is checked against
// something only that call could have been answered with: a folder name unique
// to the session and call, the id of the folder the session created a moment
// before, a page size that changes from call to call.
//
// A script is not safe for concurrent use: each session runs its own.
type script struct {
	session string // unique in the run, e.g. "h17"
	fx      fixture
	// The folder the session created last, which its next get_folder reads back.
	folderID, folderName string
}

// cycle is how many calls a script's pattern takes before it repeats.
const cycle = 6

// next returns call n's step. Six calls repeat: list_folders, create_folder,
// get_folder of that folder, list_flows filtered to the fixture, get_flow of the
// fixture, delete_folder of the folder; so a third of the calls write. The
// delete keeps the sandbox's size steady: its create_folder and list_folders
// read every folder of the project, and a growing sandbox would make the
// latencies measure that rather than the transport.
func (s *script) next(n int) step {
	switch n % cycle {
	case 1:
		name := fmt.Sprintf("load-%s-%d", s.session, n)
		return step{"create_folder", map[string]any{"displayName": name}, func(doc map[string]any) error {
			id, err := expect(doc, "displayName", name)
			if err == nil {
				s.folderID, s.folderName = id, name
			}
			return err
		}}
	case 2, 5:
		if s.folderID != "" {
			return s.folderStep(n%cycle == 5)
		}
		// The create_folder before failed: there is nothing of this session's to
		// read or delete.
		fallthrough
	case 0:
		return listFolders(1 + n%4)
	case 3:
		return step{"list_flows", map[string]any{"name": s.fx.FlowName}, func(doc map[string]any) error {
			return expectFlowListed(doc, s.fx)
		}}
	default:
		return step{"get_flow", map[string]any{"flowId": s.fx.FlowID}, func(doc map[string]any) error {
			id, err := expect(doc, "displayName", s.fx.FlowName)
			if err == nil && id != s.fx.FlowID {
				err = fmt.Errorf("id = %q, want %q", id, s.fx.FlowID)
			}
			return err
		}}
	}
}

// folderStep reads back, or deletes, the folder the session created last.
func (s *script) folderStep(remove bool) step {
	id, name := s.folderID, s.folderName
	if remove {
		s.folderID, s.folderName = "", ""
		return step{"delete_folder", map[string]any{"folderId": id}, func(doc map[string]any) error {
			if doc["deleted"] != true || doc["id"] != id {
				return fmt.Errorf("want {deleted: true, id: %q}, got %s", id, compact(doc))
			}
			return nil
		}}
	}
	return step{"get_folder", map[string]any{"folderId": id}, func(doc map[string]any) error {
		got, err := expect(doc, "displayName", name)
		if err == nil && got != id {
			err = fmt.Errorf("id = %q, want %q", got, id)
		}
		return err
	}}
}

// listFolders asks for a page of limit folders. The sandbox always holds at
// least four, so for limit <= 4 the page holds exactly limit: an answer meant for
// another list_folders call shows as the wrong length.
func listFolders(limit int) step {
	return step{"list_folders", map[string]any{"limit": limit}, func(doc map[string]any) error {
		folders, ok := doc["folders"].([]any)
		if !ok {
			return fmt.Errorf("no folders array in %s", compact(doc))
		}
		if len(folders) != limit {
			return fmt.Errorf("%d folders for limit %d", len(folders), limit)
		}
		return nil
	}}
}

// expect checks doc[key] == want and returns doc's id.
func expect(doc map[string]any, key, want string) (string, error) {
	if got, _ := doc[key].(string); got != want {
		return "", fmt.Errorf("%s = %q, want %q, in %s", key, got, want, compact(doc))
	}
	id, _ := doc["id"].(string)
	if id == "" {
		return "", fmt.Errorf("no id in %s", compact(doc))
	}
	return id, nil
}

// expectFlowListed checks that a list_flows answer filtered by the fixture's
// name lists the fixture and nothing whose name does not match.
func expectFlowListed(doc map[string]any, fx fixture) error {
	flows, ok := doc["flows"].([]any)
	if !ok {
		return fmt.Errorf("no flows array in %s", compact(doc))
	}
	found := false
	for _, f := range flows {
		flow, _ := f.(map[string]any)
		name, _ := flow["displayName"].(string)
		if !strings.Contains(name, fx.FlowName) {
			return fmt.Errorf("flow %q listed for name filter %q", name, fx.FlowName)
		}
		found = found || flow["id"] == fx.FlowID
	}
	if !found {
		return fmt.Errorf("fixture flow %s not listed in %s", fx.FlowID, compact(doc))
	}
	return nil
}

// run makes calls calls through c, one after another as an agent would, each
// bounded by timeout.
func (s *script) run(ctx context.Context, c caller, calls int, timeout time.Duration) []callResult {
	out := make([]callResult, 0, calls)
	for n := range calls {
		out = append(out, do(ctx, c, s.next(n), timeout))
	}
	return out
}

// do makes one call and judges its answer.
func do(ctx context.Context, c caller, st step, timeout time.Duration) callResult {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req := mcp.CallToolRequest{}
	req.Params.Name = st.tool
	req.Params.Arguments = st.args
	start := time.Now()
	res, err := c.CallTool(ctx, req)
	r := callResult{Tool: st.tool, Latency: time.Since(start)}
	switch {
	case err != nil:
		r.Kind, r.Detail = classify(err), err.Error()
	case res == nil:
		r.Kind, r.Detail = lost, "no result and no error"
	case res.IsError:
		r.Kind, r.Detail = failed, "tool error: "+text(res)
	default:
		doc, err := decode(res)
		if err == nil {
			err = st.check(doc)
		}
		if err != nil {
			r.Kind, r.Detail = mismatched, err.Error()
		}
	}
	if r.Kind != answered {
		r.Detail = fmt.Sprintf("%s %s: %s", st.tool, compact(st.args), r.Detail)
	}
	return r
}

// classify tells an error answer from no answer. mcp-go returns a JSON-RPC
// error as a plain error and wraps everything that went wrong below it in a
// *transport.Error; among those, an HTTP error status is still an answer.
func classify(err error) kind {
	var te *transport.Error
	if !errors.As(err, &te) {
		return failed
	}
	if strings.Contains(err.Error(), "request failed with status") {
		return failed
	}
	return lost
}

// decode returns a result's structured content, and checks that its text
// content is the same document: both are written from one value, so a
// difference means one of them belongs to another call.
func decode(res *mcp.CallToolResult) (map[string]any, error) {
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return nil, err
	}
	var doc, fromText map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil || doc == nil {
		return nil, fmt.Errorf("structuredContent is not an object: %.200s", raw)
	}
	if err := json.Unmarshal([]byte(text(res)), &fromText); err != nil {
		return nil, fmt.Errorf("text content is not JSON: %.200q", text(res))
	}
	if a, b := compact(doc), compact(fromText); a != b {
		return nil, fmt.Errorf("text content %.200s differs from structuredContent %.200s", b, a)
	}
	return doc, nil
}

// text joins a result's text contents.
func text(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// compact renders v as JSON for a message (map keys sorted, so comparable).
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// tools lists the tools a script calls, in the order a report shows them.
func tools() []string {
	return []string{"list_folders", "create_folder", "get_folder", "list_flows", "get_flow", "delete_folder"}
}
