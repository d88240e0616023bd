package main

import (
	"bytes"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// warmFallback opens the sandbox this long after start when no client has
// listed the tools yet: its schedules need it open.
const warmFallback = 2 * time.Second

// warmAfterToolsList returns a writer for the stdio replies that calls warm
// right after the first tools/list reply is written, and after warmFallback at
// the latest. A host spawns the bridge and waits for that reply; opening the
// sandbox beside it (a SQLite open, migrations, a heartbeat) competed with it
// for the CPU, so it waits until the reply is out. A tool call before then
// opens the sandbox itself, as it is opened lazily.
func warmAfterToolsList(out io.Writer, warm func()) io.Writer {
	w := &warmingWriter{out: out}
	w.warm = sync.OnceFunc(func() {
		w.done.Store(true)
		warm()
	})
	time.AfterFunc(warmFallback, w.warm)
	return w
}

type warmingWriter struct {
	out  io.Writer
	warm func()
	done atomic.Bool
}

// toolsListReply is how a tools/list reply starts its result; no other reply has it.
var toolsListReply = []byte(`"result":{"tools":[`)

func (w *warmingWriter) Write(p []byte) (int, error) {
	n, err := w.out.Write(p)
	if !w.done.Load() && bytes.Contains(p, toolsListReply) {
		go w.warm()
	}
	return n, err
}
