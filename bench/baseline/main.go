// Command baseline is the yardstick of the spawn benchmark: about the least a Go
// program can do to serve an MCP client over stdio. It answers initialize with
// an empty server, tools/list with no tools and any other request with {}, and
// exits when its stdin closes. Spawning it measures what the machine and the Go
// runtime cost, so the bridge's time can be read as a ratio to it.
package main

import (
	"bufio"
	"encoding/json"
	"os"
)

const (
	initializeResult = `{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"baseline","version":"0"}}`
	toolsListResult  = `{"tools":[]}`
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			answer(out, line)
		}
		if err != nil {
			return
		}
	}
}

// answer writes the answer to one request line; notifications get none.
func answer(out *bufio.Writer, line []byte) {
	var req struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
	}
	if json.Unmarshal(line, &req) != nil || len(req.ID) == 0 {
		return
	}
	result := `{}`
	switch req.Method {
	case "initialize":
		result = initializeResult
	case "tools/list":
		result = toolsListResult
	}
	out.WriteString(`{"jsonrpc":"2.0","id":`)
	out.Write(req.ID)
	out.WriteString(`,"result":` + result + "}\n")
	out.Flush()
}
