package serve

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
)

// codeServerBusy is the JSON-RPC error code of a tool call refused because the
// stdio queue is full; -32000 to -32019 are left to implementations.
const codeServerBusy = -32000

// callGate keeps mcp-go's stdio tool-call queue from ever filling. When it is
// full, mcp-go runs the next tool call on its read loop, and every later
// message, even ping, waits behind that call. mcp-go has no option to refuse
// instead, so the gate sits between it and the pipes: it counts each tool call
// from the moment it is read until its reply is written, forwards at most limit
// of them, and answers the others itself with a JSON-RPC error. mcp-go is given
// a queue large enough for limit calls, so it never takes the inline path.
//
// The gate is also the io.Writer mcp-go writes to: writes are serialised, so
// the gate's own replies never interleave with mcp-go's lines.
type callGate struct {
	limit  int
	out    io.Writer
	logger *slog.Logger

	wmu     sync.Mutex // serialises writes to out; guards partial
	partial []byte     // an output line not yet ended by a newline

	mu      sync.Mutex
	pending map[string]int // reply ids of forwarded tool calls, counted
	n       int            // forwarded tool calls without a reply
}

func newCallGate(limit int, out io.Writer, logger *slog.Logger) *callGate {
	return &callGate{limit: limit, out: out, logger: logger, pending: map[string]int{}}
}

// filter reads messages from in and returns the stream mcp-go should read:
// the same lines, less the tool calls the gate refused. Close the returned
// reader once mcp-go has stopped reading, to end the copying goroutine.
func (g *callGate) filter(in io.Reader) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		r := bufio.NewReader(in)
		for {
			line, err := r.ReadBytes('\n')
			if len(line) > 0 && g.admit(line) {
				if _, werr := pw.Write(line); werr != nil {
					return // mcp-go has stopped reading
				}
			}
			if err != nil {
				pw.CloseWithError(err) // io.EOF reaches mcp-go as a plain EOF
				return
			}
		}
	}()
	return pr
}

// admit reports whether line goes on to mcp-go. Only tool calls are counted
// and may be refused; every other message passes, as mcp-go serves those on
// their own goroutines.
func (g *callGate) admit(line []byte) bool {
	var msg struct {
		Method string          `json:"method"`
		ID     json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &msg) != nil || msg.Method != string(mcp.MethodToolsCall) {
		return true
	}
	key, ok := idKey(msg.ID)
	if !ok {
		// A tool call without an id can get no reply, so its end could not be
		// counted; it is no valid request either.
		g.logger.Warn("stdio: dropped a tools/call without an id")
		return false
	}
	g.mu.Lock()
	if g.n >= g.limit {
		g.mu.Unlock()
		g.refuse(msg.ID)
		return false
	}
	g.n++
	g.pending[key]++
	g.mu.Unlock()
	return true
}

// refuse answers a tool call the gate will not forward.
func (g *callGate) refuse(id json.RawMessage) {
	message := fmt.Sprintf("server busy: %d tool calls are running or waiting, the most the stdio transport takes "+
		"(--stdio-workers plus --stdio-queue); retry when one has finished", g.limit)
	g.logger.Warn("stdio: refused a tool call, the queue is full", "limit", g.limit)
	reply, _ := json.Marshal(map[string]any{"jsonrpc": mcp.JSONRPC_VERSION, "id": id,
		"error": map[string]any{"code": codeServerBusy, "message": message}})
	_, _ = g.Write(append(reply, '\n'))
}

// Write releases the tool calls whose replies p carries, then writes p to the
// real output. Releasing first matters: a client that sends its next call as
// soon as it reads a reply must find that reply's slot free.
func (g *callGate) Write(p []byte) (int, error) {
	g.wmu.Lock()
	defer g.wmu.Unlock()
	data := p
	if len(g.partial) > 0 {
		data = append(g.partial, p...)
		g.partial = nil
	}
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		g.replied(data[:i])
		data = data[i+1:]
	}
	if len(data) > 0 {
		g.partial = append([]byte(nil), data...)
	}
	return g.out.Write(p)
}

// replied releases the tool call that line answers, if it is one.
func (g *callGate) replied(line []byte) {
	g.mu.Lock()
	waiting := g.n
	g.mu.Unlock()
	if waiting == 0 {
		return // nothing to release: skip decoding what may be a large result
	}
	var msg struct {
		Method string          `json:"method"`
		ID     json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &msg) != nil || msg.Method != "" {
		return // a notification or a request to the client
	}
	key, ok := idKey(msg.ID)
	if !ok {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.pending[key] > 0 {
		g.pending[key]--
		if g.pending[key] == 0 {
			delete(g.pending, key)
		}
		g.n--
	}
}

// idKey makes a JSON-RPC id comparable between a request and its reply, which
// mcp-go re-encodes: numbers compare by value, strings by text.
func idKey(raw json.RawMessage) (string, bool) {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	switch id := v.(type) {
	case string:
		return "s:" + id, true
	case float64:
		return "n:" + strconv.FormatFloat(id, 'g', -1, 64), true
	}
	return "", false
}
