package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// HTTPSession is one MCP client over Streamable HTTP, as small as Conn: it
// POSTs each request and reads the answer, whether the server sends it as JSON
// or as a stream of server-sent events. One goroutine at a time.
type HTTPSession struct {
	url      string
	client   *http.Client
	id       string // Mcp-Session-Id, empty for a stateless server
	protocol string
	nextID   int64
}

// NewHTTPSession returns a session with the MCP endpoint at url.
func NewHTTPSession(client *http.Client, url string) *HTTPSession {
	return &HTTPSession{url: url, client: client}
}

// ID is the session id the server gave, "" when it gave none (stateless).
func (s *HTTPSession) ID() string { return s.id }

// Initialize does the handshake: initialize, then notifications/initialized.
func (s *HTTPSession) Initialize() error {
	init := map[string]any{
		"protocolVersion": ProtocolVersion,
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "mcp-bridge-bench", "version": "0"},
	}
	res, err := s.Call("initialize", init)
	if err != nil {
		return err
	}
	var r struct {
		ProtocolVersion string `json:"protocolVersion"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return fmt.Errorf("initialize: %w", err)
	}
	s.protocol = r.ProtocolVersion
	_, err = s.post(rpcRequest{JSONRPC: "2.0", Method: "notifications/initialized"})
	return err
}

// Call sends a request and returns its result.
func (s *HTTPSession) Call(method string, params any) (json.RawMessage, error) {
	s.nextID++
	id := s.nextID
	a, err := s.post(rpcRequest{JSONRPC: "2.0", ID: &id, Method: method, Params: params})
	if err != nil {
		return nil, err
	}
	if a.Error != nil {
		return nil, fmt.Errorf("%s: %w", method, a.Error)
	}
	return a.Result, nil
}

// CallTool calls a tool and fails when the tool reports an error (isError).
func (s *HTTPSession) CallTool(name string, args map[string]any) (json.RawMessage, error) {
	res, err := s.Call("tools/call", map[string]any{"name": name, "arguments": args})
	if err != nil {
		return nil, err
	}
	return res, ToolError(name, res)
}

func (s *HTTPSession) post(req rpcRequest) (rpcAnswer, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return rpcAnswer{}, err
	}
	hr, err := http.NewRequest(http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return rpcAnswer{}, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/json, text/event-stream")
	if s.id != "" {
		hr.Header.Set("Mcp-Session-Id", s.id)
	}
	if s.protocol != "" {
		hr.Header.Set("MCP-Protocol-Version", s.protocol)
	}
	res, err := s.client.Do(hr)
	if err != nil {
		return rpcAnswer{}, fmt.Errorf("%s: %w", req.Method, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return rpcAnswer{}, fmt.Errorf("%s: reading the answer: %w", req.Method, err)
	}
	if res.StatusCode/100 != 2 {
		return rpcAnswer{}, fmt.Errorf("%s: HTTP %d: %.200s", req.Method, res.StatusCode, data)
	}
	if id := res.Header.Get("Mcp-Session-Id"); id != "" {
		s.id = id
	}
	if req.ID == nil {
		return rpcAnswer{}, nil // a notification: 202 and no body
	}
	a, err := parseHTTPAnswer(res.Header.Get("Content-Type"), data, strconv.FormatInt(*req.ID, 10))
	if err != nil {
		return rpcAnswer{}, fmt.Errorf("%s: %w", req.Method, err)
	}
	return a, nil
}

// parseHTTPAnswer finds the answer with id in a Streamable HTTP response body:
// one JSON-RPC message (application/json), or server-sent events whose data
// lines carry messages, the answer among notifications (text/event-stream).
func parseHTTPAnswer(contentType string, body []byte, id string) (rpcAnswer, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	var messages [][]byte
	switch mt {
	case "application/json":
		messages = [][]byte{body}
	case "text/event-stream":
		var data []byte
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, len(body)+1)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "data:"):
				data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " ")...)
			case line == "" && len(data) > 0:
				messages, data = append(messages, data), nil
			}
		}
		if len(data) > 0 {
			messages = append(messages, data)
		}
	default:
		return rpcAnswer{}, fmt.Errorf("unexpected content type %q: %.200s", contentType, body)
	}
	for _, m := range messages {
		var a rpcAnswer
		if err := json.Unmarshal(m, &a); err != nil {
			return rpcAnswer{}, fmt.Errorf("not a JSON-RPC message: %.200s", m)
		}
		if a.Method == "" && string(a.ID) == id {
			return a, nil
		}
	}
	return rpcAnswer{}, fmt.Errorf("no answer with id %s in %.200s", id, body)
}
