package jsrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// request is what a run is asked to do, in-process or in a child process.
type request struct {
	Kind   string          `json:"kind"` // "code" or "eval"
	Code   string          `json:"code,omitempty"`
	Inputs json.RawMessage `json:"inputs,omitempty"`
	Exprs  []string        `json:"exprs,omitempty"`
	Scope  json.RawMessage `json:"scope,omitempty"`
	Limits Limits          `json:"limits"`
}

// response is what a run answers. Error is set when the run failed; Logs are
// kept either way.
type response struct {
	Output json.RawMessage   `json:"output,omitempty"`
	Values []json.RawMessage `json:"values,omitempty"`
	Logs   []string          `json:"logs,omitempty"`
	Error  string            `json:"error,omitempty"`
}

// inChild is set in a child process started to serve a request: a crash
// there takes down only the child.
var inChild bool

// maxInProcessCodeDepth bounds the nesting of CODE compiled and run in the
// server's own process (a Runner's InProcess mode).
const maxInProcessCodeDepth = 500

// handle runs a request in this process.
func handle(ctx context.Context, req request) response {
	switch req.Kind {
	case "code":
		return runCode(ctx, req.Code, req.Inputs, req.Limits)
	case "eval":
		return evalExprs(ctx, req.Exprs, req.Scope, req.Limits)
	}
	return response{Error: fmt.Sprintf("unknown request %q", req.Kind)}
}

// runCode compiles a CODE step's source and calls its code export with the
// inputs, in a fresh runtime, then runs the event loop until nothing is left
// to run: timers fire and the returned promise settles.
func runCode(ctx context.Context, source string, inputs json.RawMessage, lim Limits) response {
	if !inChild && nesting(source) > maxInProcessCodeDepth {
		// The parsers recurse on nesting; nothing would catch their stack
		// overflow in this process.
		return response{Error: fmt.Sprintf("the code nests more than %d deep, more than the sandbox parses outside a child process",
			maxInProcessCodeDepth)}
	}
	js, err := compileCode(source)
	if err != nil {
		return response{Error: err.Error()}
	}
	s := newSession(lim)
	var (
		vm       *goja.Runtime
		result   goja.Value
		runErr   error
		endWatch = func() {}
	)
	s.loop.Run(func(rt *goja.Runtime) {
		vm = rt
		s.harden(vm)
		endWatch = s.watch(ctx, vm, lim.Time)
		result, runErr = callCode(vm, js, inputs)
	})
	// The result is read while the watchdog still guards the runtime: a
	// getter or toJSON of the returned value is the script's own code.
	output, err := s.settle(vm, result, runErr, lim)
	endWatch()
	s.loop.Terminate()
	resp := response{Output: output, Logs: s.logs.lines}
	if err != nil {
		resp.Output, resp.Error = nil, err.Error()
	}
	return resp
}

// callCode runs the compiled script and calls its code export.
func callCode(vm *goja.Runtime, js string, inputs json.RawMessage) (goja.Value, error) {
	ast, err := goja.Parse("code.js", js, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, err
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, err
	}
	if _, err := vm.RunProgram(prg); err != nil {
		return nil, err
	}
	var code goja.Value
	if exports, ok := vm.Get(ExportsGlobal).(*goja.Object); ok {
		code = exports.Get("code")
	}
	fn, ok := goja.AssertFunction(code)
	if !ok {
		return nil, errors.New("the code exports no function named code: write export const code = async (inputs) => { ... }")
	}
	if len(inputs) == 0 {
		inputs = json.RawMessage("{}")
	}
	args, err := jsonFunc(vm, "parse")(goja.Undefined(), vm.ToValue(string(inputs)))
	if err != nil {
		return nil, err
	}
	return fn(goja.Undefined(), args)
}

// settle turns what the code returned, or threw, into the step's output:
// a promise's value once it is fulfilled, as JSON within the output limit.
func (s *session) settle(vm *goja.Runtime, v goja.Value, err error, lim Limits) (json.RawMessage, error) {
	s.mu.Lock()
	stopped, uncaught := s.stopped, s.uncaught
	s.mu.Unlock()
	switch {
	case uncaught != nil:
		return nil, uncaught
	case errors.As(err, new(*goja.InterruptedError)) && stopped != nil:
		return nil, stopped
	case err != nil:
		return nil, errors.New(errorText(s.stringify, err))
	}
	if p, ok := v.Export().(*goja.Promise); ok {
		switch p.State() {
		case goja.PromiseStateFulfilled:
			v = p.Result()
		case goja.PromiseStateRejected:
			return nil, errors.New(thrownText(s.stringify, p.Result()))
		default:
			if stopped != nil {
				return nil, stopped
			}
			return nil, errors.New("the promise that code returned never settled, and nothing was left to run")
		}
	}
	return toJSON(s.stringify, v, lim.Output, "the code's return value")
}

// toJSON writes a value as JSON (undefined as null) within limit bytes.
func toJSON(stringify goja.Callable, v goja.Value, limit int, what string) (json.RawMessage, error) {
	if v == nil || goja.IsUndefined(v) {
		return json.RawMessage("null"), nil
	}
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		if errors.As(err, new(*goja.InterruptedError)) {
			return nil, fmt.Errorf("%s took too long to write as JSON", what)
		}
		return nil, fmt.Errorf("%s cannot be written as JSON: %s", what, errorText(stringify, err))
	}
	if goja.IsUndefined(s) {
		return json.RawMessage("null"), nil
	}
	text := s.String()
	if len(text) > limit {
		return nil, fmt.Errorf("%s is %s of JSON, more than the sandbox's limit of %s", what, size(int64(len(text))), size(int64(limit)))
	}
	return json.RawMessage(text), nil
}
