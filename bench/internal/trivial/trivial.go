// Package trivial is about the least a Go program can do to serve an MCP client
// over stdio: the yardstick the spawn benchmark divides by. It imports nothing
// beyond the standard library's JSON, so a binary built on it stays small.
package trivial

import (
	"bufio"
	"encoding/json"
	"io"
)

const (
	initializeResult = `{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"baseline","version":"0"}}`
	toolsListResult  = `{"tools":[]}`
)

// Serve answers newline-delimited JSON-RPC requests from in on out until in
// ends: initialize with an empty server, tools/list with no tools, any other
// request with {}. Notifications and lines that are not JSON get no answer.
func Serve(in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			if werr := answer(w, line); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func answer(w *bufio.Writer, line []byte) error {
	var req struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if json.Unmarshal(line, &req) != nil || len(req.ID) == 0 || string(req.ID) == "null" {
		return nil
	}
	result := `{}`
	switch req.Method {
	case "initialize":
		result = initializeResult
	case "tools/list":
		result = toolsListResult
	}
	w.WriteString(`{"jsonrpc":"2.0","id":`)
	w.Write(req.ID)
	w.WriteString(`,"result":` + result + "}\n")
	return w.Flush()
}
