package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// Mux is a Conn that several goroutines may use at once: requests are written
// one line at a time and answers are matched to them by id, so a server with
// several calls in flight can answer in any order. Use it after the handshake;
// from then on the Conn must not be used directly.
type Mux struct {
	c  *Conn
	wm sync.Mutex // one request line at a time

	mu      sync.Mutex
	nextID  int64
	pending map[string]chan rpcAnswer
	err     error // set once the server's output ended
}

// NewMux takes over c, whose ids it continues.
func NewMux(c *Conn) *Mux {
	m := &Mux{c: c, nextID: c.nextID, pending: map[string]chan rpcAnswer{}}
	go m.read()
	return m
}

func (m *Mux) read() {
	for {
		line, err := m.c.r.ReadBytes('\n')
		if err != nil {
			if err == io.EOF {
				err = errors.New("the server closed its output")
			}
			m.fail(err)
			return
		}
		var a rpcAnswer
		if json.Unmarshal(line, &a) != nil || a.Method != "" {
			continue // not JSON-RPC, a notification or a server request
		}
		m.mu.Lock()
		ch := m.pending[string(a.ID)]
		delete(m.pending, string(a.ID))
		m.mu.Unlock()
		if ch != nil {
			ch <- a
		}
	}
}

func (m *Mux) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.err = err
	for id, ch := range m.pending {
		close(ch)
		delete(m.pending, id)
	}
}

// Call sends a request and waits for its answer.
func (m *Mux) Call(method string, params any) (json.RawMessage, error) {
	m.mu.Lock()
	if m.err != nil {
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", method, m.err)
	}
	m.nextID++
	id := m.nextID
	ch := make(chan rpcAnswer, 1)
	m.pending[strconv.FormatInt(id, 10)] = ch
	m.mu.Unlock()

	m.wm.Lock()
	err := m.c.send(rpcRequest{JSONRPC: "2.0", ID: &id, Method: method, Params: params})
	m.wm.Unlock()
	if err != nil {
		return nil, err
	}
	a, ok := <-ch
	if !ok {
		m.mu.Lock()
		err := m.err
		m.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	if a.Error != nil {
		return nil, fmt.Errorf("%s: %w", method, a.Error)
	}
	return a.Result, nil
}

// CallTool calls a tool and fails when the tool reports an error (isError).
func (m *Mux) CallTool(name string, args map[string]any) (json.RawMessage, error) {
	res, err := m.Call("tools/call", map[string]any{"name": name, "arguments": args})
	if err != nil {
		return nil, err
	}
	return res, ToolError(name, res)
}

// ToolError is an error when a tools/call result says isError, else nil.
func ToolError(name string, result json.RawMessage) error {
	var r struct {
		IsError bool `json:"isError"`
	}
	if json.Unmarshal(result, &r) != nil {
		return fmt.Errorf("%s: the result is not a JSON object: %.200s", name, result)
	}
	if r.IsError {
		return fmt.Errorf("%s reported an error: %.300s", name, result)
	}
	return nil
}
