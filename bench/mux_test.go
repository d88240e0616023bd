package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"testing"
)

// reverseServer reads batch requests, then answers them last first, each with
// its own method name as the result, after a notification.
func reverseServer(t *testing.T, in io.Reader, out io.Writer, batch int) {
	sc := bufio.NewScanner(in)
	for {
		var reqs []rpcRequest
		for len(reqs) < batch && sc.Scan() {
			var r rpcRequest
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Error(err)
				return
			}
			reqs = append(reqs, r)
		}
		if len(reqs) == 0 {
			return
		}
		fmt.Fprintln(out, `{"jsonrpc":"2.0","method":"notifications/message","params":{}}`)
		for i := len(reqs) - 1; i >= 0; i-- {
			fmt.Fprintf(out, `{"jsonrpc":"2.0","id":%d,"result":{"method":%q}}`+"\n", *reqs[i].ID, reqs[i].Method)
		}
	}
}

func TestMuxMatchesAnswersOutOfOrder(t *testing.T) {
	reqR, reqW := io.Pipe()
	ansR, ansW := io.Pipe()
	go func() {
		reverseServer(t, reqR, ansW, 4)
		ansW.Close()
	}()
	m := NewMux(NewConn(reqW, ansR))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			method := fmt.Sprintf("m%d", i)
			res, err := m.Call(method, nil)
			if err != nil {
				t.Error(err)
				return
			}
			if want := fmt.Sprintf(`{"method":%q}`, method); string(res) != want {
				t.Errorf("%s got %s, want %s", method, res, want)
			}
		})
	}
	wg.Wait()
	reqW.Close()
	if _, err := m.Call("after", nil); err == nil {
		t.Error("a call after the server ended succeeded")
	}
}

func TestToolError(t *testing.T) {
	if err := ToolError("t", json.RawMessage(`{"content":[]}`)); err != nil {
		t.Error(err)
	}
	if err := ToolError("t", json.RawMessage(`{"isError":true,"content":[{"type":"text","text":"no"}]}`)); err == nil {
		t.Error("isError passed")
	}
	if err := ToolError("t", json.RawMessage(`[]`)); err == nil {
		t.Error("a non-object passed")
	}
}
