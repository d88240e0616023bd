package main

import (
	"bytes"
	"io"
	"runtime/debug"
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

// startGCPercent is the collector's setting from start until the first
// tools/list reply is out.
const startGCPercent = 400

// relaxGCUntilListed lets the heap grow further than usual before the first
// collection, and returns the function that restores the setting (GOGC, or
// 100). Package initialisation leaves about 3 MB of heap, so the default 4 MB
// goal put a collection in the middle of building the first tools/list reply:
// 1.7 ms of a 12 ms spawn-to-tools/list on this machine. At 400 the first goal
// is 16 MB, still a bound should a tool call arrive first, and restoring the
// setting lets the collector run once the host has its answer. A GOGC above
// 400, or off, is left as the user set it.
func relaxGCUntilListed() (resume func()) {
	old := debug.SetGCPercent(startGCPercent)
	if old < 0 || old >= startGCPercent {
		debug.SetGCPercent(old)
		return func() {}
	}
	return sync.OnceFunc(func() { debug.SetGCPercent(old) })
}
