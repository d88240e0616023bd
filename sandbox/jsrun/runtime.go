package jsrun

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja_nodejs/eventloop"
	"github.com/dop251/goja_nodejs/require"
)

// session is one run of CODE: a fresh runtime, its event loop, the console
// lines kept, and why the run was stopped if it was.
type session struct {
	loop      *eventloop.EventLoop
	logs      logBuffer
	stringify goja.Callable // JSON.stringify, taken before the script could replace it

	mu       sync.Mutex
	watching bool
	stopped  error // the time limit or the caller's cancellation, once the watchdog fired
	uncaught error // the first error thrown by a timer callback
}

func newSession(lim Limits) *session {
	// The loop's require registry is replaced by a global require that
	// refuses everything; its loader refuses files too, in case a path to it
	// is ever found, because the default one reads the file system.
	registry := require.NewRegistry(require.WithLoader(func(string) ([]byte, error) {
		return nil, require.ModuleFileDoesNotExistError
	}))
	loop := eventloop.NewEventLoop(eventloop.EnableConsole(false), eventloop.WithRegistry(registry))
	return &session{loop: loop, logs: logBuffer{limit: lim.Logs}}
}

// harden sets up a runtime for code nobody vetted: no source maps (goja's
// default loader reads the files that a sourceMappingURL comment names), a
// bounded call stack, a require that refuses, a console that keeps lines,
// and timers whose uncaught errors fail the run as they crash Node.
func (s *session) harden(vm *goja.Runtime) {
	vm.SetParserOptions(parser.WithDisableSourceMaps)
	vm.SetMaxCallStackSize(maxCallStack)
	vm.Set("require", func(call goja.FunctionCall) goja.Value {
		panic(newError(vm, fmt.Sprintf("%v: require(%s) is not available", errNoRequire, quoteArg(call.Argument(0)))))
	})
	s.stringify = jsonFunc(vm, "stringify")
	stringify := s.stringify
	console := vm.NewObject()
	write := func(call goja.FunctionCall) goja.Value {
		parts := make([]string, len(call.Arguments))
		for i, arg := range call.Arguments {
			parts[i] = logText(stringify, arg)
		}
		s.logs.add(strings.Join(parts, " "))
		return goja.Undefined()
	}
	for _, name := range []string{"log", "info", "warn", "error", "debug", "trace"} {
		_ = console.Set(name, write)
	}
	vm.Set("console", console)
	for _, name := range []string{"setTimeout", "setInterval", "setImmediate"} {
		s.guardTimer(vm, name)
	}
}

// guardTimer wraps a timer function of the event loop so that an error
// thrown by its callback, which the loop would drop, fails the run.
func (s *session) guardTimer(vm *goja.Runtime, name string) {
	schedule, ok := goja.AssertFunction(vm.Get(name))
	if !ok {
		return
	}
	vm.Set(name, func(call goja.FunctionCall) goja.Value {
		callback, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(vm.NewTypeError(name + ": the callback must be a function"))
		}
		args := append([]goja.Value{}, call.Arguments...)
		args[0] = vm.ToValue(func(c goja.FunctionCall) goja.Value {
			if _, err := callback(goja.Undefined(), c.Arguments...); err != nil {
				s.fail(err)
			}
			return goja.Undefined()
		})
		timer, err := schedule(goja.Undefined(), args...)
		if err != nil {
			panic(err)
		}
		return timer
	})
}

// fail records an uncaught error from a timer callback and stops the loop.
func (s *session) fail(err error) {
	s.mu.Lock()
	if s.uncaught == nil && !errors.As(err, new(*goja.InterruptedError)) {
		s.uncaught = fmt.Errorf("uncaught error in a timer callback: %s", errorText(s.stringify, err))
	}
	s.mu.Unlock()
	s.loop.StopNoWait()
}

// watch interrupts the runtime and stops the loop when the time limit passes
// or ctx is done. The returned function ends the watch; after it returns,
// s.stopped no longer changes.
func (s *session) watch(ctx context.Context, vm *goja.Runtime, limit time.Duration) func() {
	s.watching = true
	done := make(chan struct{})
	go func() {
		timer := time.NewTimer(limit)
		defer timer.Stop()
		var why error
		select {
		case <-done:
			return
		case <-timer.C:
			why = timeLimitError(limit)
		case <-ctx.Done():
			why = ctx.Err()
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.watching {
			return
		}
		s.stopped = why
		vm.Interrupt(why)
		s.loop.StopNoWait()
	}()
	return func() {
		s.mu.Lock()
		s.watching = false
		s.mu.Unlock()
		close(done)
	}
}

func timeLimitError(limit time.Duration) error {
	return fmt.Errorf("the code ran longer than %v, the sandbox's time limit, and was stopped (an endless loop?)", limit)
}

// logBuffer keeps console lines up to a number of bytes.
type logBuffer struct {
	limit   int
	size    int
	lines   []string
	dropped bool
}

func (b *logBuffer) add(line string) {
	if b.dropped {
		return
	}
	if b.size+len(line) > b.limit {
		b.dropped = true
		b.lines = append(b.lines, fmt.Sprintf("[console output beyond %s was dropped]", size(int64(b.limit))))
		return
	}
	b.size += len(line)
	b.lines = append(b.lines, line)
}

// logText writes one console.log argument roughly as Node does: strings as
// they are, errors with their stack, other objects as JSON.
func logText(stringify goja.Callable, v goja.Value) string {
	if v == nil || goja.IsUndefined(v) {
		return "undefined"
	}
	obj, isObject := v.(*goja.Object)
	if !isObject {
		return v.String()
	}
	if _, isFunc := goja.AssertFunction(v); isFunc {
		return "[Function]"
	}
	if obj.ClassName() == "Error" {
		if stack := obj.Get("stack"); stack != nil && !goja.IsUndefined(stack) {
			return stack.String()
		}
	}
	if s, err := stringify(goja.Undefined(), v); err == nil && !goja.IsUndefined(s) {
		return s.String()
	}
	return "[object " + obj.ClassName() + "]"
}

// errorText is the message of an error that JavaScript threw, such as
// "Error: boom" or "TypeError: x is not a function".
// It must be called while the watchdog still guards the runtime: an error's
// toString is the script's to define.
func errorText(stringify goja.Callable, err error) string {
	if errors.As(err, new(*goja.StackOverflowError)) {
		return fmt.Sprintf("RangeError: Maximum call stack size exceeded (the sandbox allows %d nested calls)", maxCallStack)
	}
	var exc *goja.Exception
	if errors.As(err, &exc) {
		return thrownText(stringify, exc.Value())
	}
	return err.Error()
}

// thrownText is the message of a value that JavaScript threw or rejected with.
func thrownText(stringify goja.Callable, v goja.Value) (text string) {
	defer func() {
		if recover() != nil { // the error's own toString threw, or was interrupted
			text = "the code threw an error that cannot be shown"
		}
	}()
	if obj, ok := v.(*goja.Object); ok && obj.ClassName() == "Error" {
		return v.String()
	}
	return "the code threw " + logText(stringify, v)
}

// jsonFunc is one of the runtime's JSON functions, taken before the script
// could replace them.
func jsonFunc(vm *goja.Runtime, name string) goja.Callable {
	fn, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get(name))
	return fn
}

func newError(vm *goja.Runtime, message string) *goja.Object {
	obj, err := vm.New(vm.Get("Error"), vm.ToValue(message))
	if err != nil {
		panic(err)
	}
	return obj
}

func quoteArg(v goja.Value) string {
	if s, ok := v.Export().(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return "…"
}
