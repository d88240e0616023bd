package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/mark3labs/mcp-go/mcp"
)

// Conn speaks newline-delimited JSON-RPC 2.0 (the MCP stdio transport) to a
// server, one request at a time. It is deliberately small, so that what a timing
// measures is the server, not a client library.
type Conn struct {
	w      io.Writer
	r      *bufio.Reader
	nextID int64
}

// NewConn returns a Conn that writes requests to w and reads answers from r.
func NewConn(w io.Writer, r io.Reader) *Conn {
	return &Conn{w: w, r: bufio.NewReaderSize(r, 64<<10)}
}

// RPCError is a JSON-RPC error answer.
type RPCError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *RPCError) Error() string { return fmt.Sprintf("JSON-RPC error %d: %s", e.Code, e.Message) }

type rpcRequest struct {
	JSONRPC string `json:"jsonrpc"`
	ID      *int64 `json:"id,omitempty"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

type rpcAnswer struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *RPCError       `json:"error"`
}

// Call sends a request and returns its result. Notifications and requests the
// server sends meanwhile are skipped.
func (c *Conn) Call(method string, params any) (json.RawMessage, error) {
	c.nextID++
	id := c.nextID
	if err := c.send(rpcRequest{JSONRPC: "2.0", ID: &id, Method: method, Params: params}); err != nil {
		return nil, err
	}
	want := strconv.FormatInt(id, 10)
	for {
		line, err := c.r.ReadBytes('\n')
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("%s: the server closed its output before answering", method)
			}
			return nil, fmt.Errorf("%s: reading the answer: %w", method, err)
		}
		var a rpcAnswer
		if err := json.Unmarshal(line, &a); err != nil {
			return nil, fmt.Errorf("%s: the server wrote a line that is not JSON-RPC: %.200q", method, line)
		}
		if a.Method != "" || string(a.ID) != want {
			continue // a notification, a server request, or a stale answer
		}
		if a.Error != nil {
			return nil, fmt.Errorf("%s: %w", method, a.Error)
		}
		return a.Result, nil
	}
}

// Notify sends a notification, which has no answer.
func (c *Conn) Notify(method string, params any) error {
	return c.send(rpcRequest{JSONRPC: "2.0", Method: method, Params: params})
}

func (c *Conn) send(req rpcRequest) error {
	line, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("%s: encoding the request: %w", req.Method, err)
	}
	if _, err := c.w.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("%s: writing the request: %w", req.Method, err)
	}
	return nil
}

// ProtocolVersion is the MCP protocol version the benchmarks ask for: the newest
// one that still starts with the initialize handshake the brief's target names.
const ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION

// Handshake does what a client does before it can use tools: initialize, then
// notifications/initialized, then tools/list. It returns the raw tools/list result.
func (c *Conn) Handshake() (json.RawMessage, error) {
	init := map[string]any{
		"protocolVersion": ProtocolVersion,
		"capabilities":    map[string]any{},
		"clientInfo":      map[string]any{"name": "mcp-bridge-bench", "version": "0"},
	}
	if _, err := c.Call("initialize", init); err != nil {
		return nil, err
	}
	if err := c.Notify("notifications/initialized", nil); err != nil {
		return nil, err
	}
	return c.Call("tools/list", map[string]any{})
}
