package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// These tests speak raw JSON-RPC, so they pin down the wire in each protocol era
// independently of any client library.

// modernMeta is the _meta a 2026-07-28 request carries instead of a handshake.
func modernMeta() map[string]any {
	return map[string]any{
		"io.modelcontextprotocol/protocolVersion":    modernEra,
		"io.modelcontextprotocol/clientCapabilities": map[string]any{},
		"io.modelcontextprotocol/clientInfo":         map[string]any{"name": "raw-e2e", "version": "1"},
	}
}

type rpcResponse struct {
	ID     any             `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// post sends one JSON-RPC message to an HTTP endpoint and returns the response
// (read from JSON or from an SSE stream) with the HTTP response's headers.
func post(t *testing.T, url string, headers map[string]string, msg map[string]any) (*rpcResponse, *http.Response) {
	t.Helper()
	body, _ := json.Marshal(msg)
	resp := sendJSON(t, url, headers, bytes.NewReader(body))
	defer resp.Body.Close()
	if _, isRequest := msg["id"]; !isRequest {
		io.Copy(io.Discard, resp.Body)
		return nil, resp
	}
	if resp.StatusCode != 200 {
		data, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: HTTP %d: %s", msg["method"], resp.StatusCode, data)
	}
	var payload []byte
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 4<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok && strings.Contains(data, `"id"`) {
				payload = []byte(data)
				break
			}
		}
	} else {
		payload, _ = io.ReadAll(resp.Body)
	}
	var out rpcResponse
	if err := json.Unmarshal(payload, &out); err != nil {
		t.Fatalf("%s: response %q: %v", msg["method"], payload, err)
	}
	if out.Error != nil {
		t.Fatalf("%s: JSON-RPC error %d %s", msg["method"], out.Error.Code, out.Error.Message)
	}
	return &out, resp
}

func decode(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("result %s: %v", raw, err)
	}
	return m
}

func toolCount(t *testing.T, result json.RawMessage) int {
	tools, _ := decode(t, result)["tools"].([]any)
	return len(tools)
}

func TestRawHTTPModernEra(t *testing.T) {
	for _, stateless := range []bool{false, true} {
		t.Run(fmt.Sprintf("stateless=%v", stateless), func(t *testing.T) {
			args := []string{"--transport", "http"}
			if stateless {
				args = append(args, "--stateless")
			}
			s := startServer(t, hermeticEnv(t), args...)
			headers := func(method, name string) map[string]string {
				h := map[string]string{"MCP-Protocol-Version": modernEra, "Mcp-Method": method}
				if name != "" {
					h["Mcp-Name"] = name
				}
				return h
			}
			// No initialize: the first request is a tools/list carrying its own _meta.
			res, resp := post(t, s.URL, headers("tools/list", ""), map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/list",
				"params": map[string]any{"_meta": modernMeta()}})
			if n := toolCount(t, res.Result); n == 0 {
				t.Fatalf("tools/list without initialize listed no tools: %s", res.Result)
			}
			if sid := resp.Header.Get("Mcp-Session-Id"); sid != "" {
				t.Errorf("a 2026-07-28 response carries Mcp-Session-Id %q", sid)
			}

			res, _ = post(t, s.URL, headers("tools/call", "list_folders"), map[string]any{"jsonrpc": "2.0", "id": 2, "method": "tools/call",
				"params": map[string]any{"name": "list_folders", "arguments": map[string]any{}, "_meta": modernMeta()}})
			result := decode(t, res.Result)
			if result["isError"] == true || !strings.Contains(string(res.Result), "Channel Workflow") {
				t.Errorf("list_folders on the seeded sandbox: %s", res.Result)
			}

			res, _ = post(t, s.URL, headers("server/discover", ""), map[string]any{"jsonrpc": "2.0", "id": 3, "method": "server/discover",
				"params": map[string]any{"_meta": modernMeta()}})
			discovered := decode(t, res.Result)
			versions := fmt.Sprint(discovered["supportedVersions"])
			if !strings.Contains(versions, modernEra) || !strings.Contains(versions, legacyEra) {
				t.Errorf("supportedVersions = %s, want both eras", versions)
			}
			if !strings.HasPrefix(fmt.Sprint(discovered["instructions"]), "BACKEND: SANDBOX.") {
				t.Errorf("server/discover instructions = %v", discovered["instructions"])
			}
		})
	}
}

func TestRawHTTPLegacyEraSession(t *testing.T) {
	s := startServer(t, hermeticEnv(t), "--transport", "http")
	res, resp := post(t, s.URL, nil, map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"protocolVersion": legacyEra, "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "raw-e2e", "version": "1"}}})
	init := decode(t, res.Result)
	if init["protocolVersion"] != legacyEra {
		t.Errorf("initialize negotiated %v, want %s", init["protocolVersion"], legacyEra)
	}
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatal("stateful Streamable HTTP gave no Mcp-Session-Id")
	}
	h := map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": legacyEra}
	if _, resp := post(t, s.URL, h, map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"}); resp.StatusCode != http.StatusAccepted {
		t.Errorf("notifications/initialized: HTTP %d, want 202", resp.StatusCode)
	}
	res, _ = post(t, s.URL, h, map[string]any{"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
	if toolCount(t, res.Result) == 0 {
		t.Errorf("tools/list in the session listed nothing: %s", res.Result)
	}
}

// stdioSession is a bridge on stdio spoken to line by line.
type stdioSession struct {
	t     *testing.T
	in    io.WriteCloser
	lines chan string
}

func startStdio(t *testing.T) *stdioSession {
	cmd := command(t, hermeticEnv(t), "--sandbox-data", ":memory:", "--log-level", "error")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &stdioSession{t: t, in: in, lines: make(chan string, 64)}
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 8<<20)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	t.Cleanup(func() {
		in.Close() // EOF on stdin ends the server
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("bridge exit after stdin EOF: %v\n%s", err, stderr)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("bridge did not exit on stdin EOF")
		}
	})
	return s
}

func (s *stdioSession) send(msg map[string]any) {
	b, _ := json.Marshal(msg)
	if _, err := s.in.Write(append(b, '\n')); err != nil {
		s.t.Fatal(err)
	}
}

// response waits for the response with the given id; every line must be JSON-RPC.
func (s *stdioSession) response(id int) *rpcResponse {
	s.t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-s.lines:
			if !ok {
				s.t.Fatalf("stdout closed before response %d", id)
			}
			var msg map[string]any
			if err := json.Unmarshal([]byte(line), &msg); err != nil || msg["jsonrpc"] != "2.0" {
				s.t.Fatalf("stdout carries a non-protocol line: %q", line)
			}
			if msg["id"] != float64(id) {
				continue
			}
			var out rpcResponse
			if err := json.Unmarshal([]byte(line), &out); err != nil {
				s.t.Fatal(err)
			}
			if out.Error != nil {
				s.t.Fatalf("response %d: JSON-RPC error %d %s", id, out.Error.Code, out.Error.Message)
			}
			return &out
		case <-timeout:
			s.t.Fatalf("no response %d", id)
		}
	}
}

func TestRawStdioBothEras(t *testing.T) {
	t.Run(modernEra, func(t *testing.T) {
		s := startStdio(t)
		s.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": map[string]any{"_meta": modernMeta()}})
		if toolCount(t, s.response(1).Result) == 0 {
			t.Error("tools/list without initialize listed nothing")
		}
		s.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": map[string]any{
			"name": "get_folder", "arguments": map[string]any{"folderId": "nope"}, "_meta": modernMeta()}})
		res := decode(t, s.response(2).Result)
		if res["isError"] != true || !strings.Contains(fmt.Sprint(res["content"]), "folderId") {
			t.Errorf("bad argument: %v, want a tool error naming folderId", res)
		}
	})
	t.Run(legacyEra, func(t *testing.T) {
		s := startStdio(t)
		s.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
			"protocolVersion": legacyEra, "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "raw", "version": "1"}}})
		init := decode(t, s.response(1).Result)
		if init["protocolVersion"] != legacyEra || !strings.HasPrefix(fmt.Sprint(init["instructions"]), "BACKEND: SANDBOX.") {
			t.Errorf("initialize = %v", init)
		}
		s.send(map[string]any{"jsonrpc": "2.0", "method": "notifications/initialized"})
		s.send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
		if toolCount(t, s.response(2).Result) == 0 {
			t.Error("tools/list listed nothing")
		}
	})
}
