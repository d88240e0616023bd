package jsrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// scopePrelude makes each member of the scope a global, as Activepieces
// passes the steps' outputs as the parameters of the function that evaluates
// an expression. A step's output also answers to step.output (not
// enumerated), as the sandbox's references always have.
var scopePrelude = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("scope.js", `(function (scope) {
	for (const name of Object.keys(scope)) {
		const value = scope[name];
		if (value !== null && typeof value === 'object' && !Object.prototype.hasOwnProperty.call(value, 'output')) {
			Object.defineProperty(value, 'output', { value: value, enumerable: false });
		}
		globalThis[name] = value;
	}
})`, true)
})

// parseExpression parses a template's expression as the program that will
// run: the expression in parentheses, with a line break so that a trailing
// // comment cannot swallow the closing parenthesis.
func parseExpression(expr string) (*ast.Program, error) {
	return goja.Parse("expression", "("+expr+"\n)", parser.WithDisableSourceMaps)
}

// evalExprs evaluates expressions in one fresh runtime whose globals are the
// members of scope (a JSON object). Like Activepieces, an expression that
// throws (a reference to a step that has not run, a syntax error) has no
// value: its JSON is nil. Only the limits fail the whole batch.
func evalExprs(ctx context.Context, exprs []string, scope json.RawMessage, lim Limits) response {
	vm := goja.New()
	vm.SetParserOptions(parser.WithDisableSourceMaps)
	vm.SetMaxCallStackSize(maxCallStack)
	stringify := jsonFunc(vm, "stringify")
	if err := setScope(vm, scope); err != nil {
		return response{Error: err.Error()}
	}
	var (
		mu      sync.Mutex
		stopped error
	)
	stop := func(why error) {
		mu.Lock()
		defer mu.Unlock()
		if stopped == nil {
			stopped = why
			vm.Interrupt(why)
		}
	}
	timer := time.AfterFunc(lim.Time, func() { stop(exprTimeError(lim.Time)) })
	defer timer.Stop()
	unwatch := context.AfterFunc(ctx, func() { stop(ctx.Err()) })
	defer unwatch()

	values := make([]json.RawMessage, len(exprs))
	for i, expr := range exprs {
		v, err := evalOne(vm, expr)
		if errors.As(err, new(*goja.InterruptedError)) {
			mu.Lock()
			defer mu.Unlock()
			return response{Error: fmt.Sprintf("{{%s}}: %v", expr, stopped)}
		}
		if err != nil {
			continue
		}
		raw, err := toJSON(stringify, v, lim.Output, fmt.Sprintf("the value of {{%s}}", expr))
		if err != nil {
			return response{Error: err.Error()}
		}
		values[i] = raw
	}
	return response{Values: values}
}

func exprTimeError(limit time.Duration) error {
	return fmt.Errorf("the expression ran longer than %v, the sandbox's time limit for expressions, and was stopped", limit)
}

func setScope(vm *goja.Runtime, scope json.RawMessage) error {
	if len(scope) == 0 {
		return nil
	}
	prelude, err := scopePrelude()
	if err != nil {
		return err
	}
	fn, err := vm.RunProgram(prelude)
	if err != nil {
		return err
	}
	value, err := jsonFunc(vm, "parse")(goja.Undefined(), vm.ToValue(string(scope)))
	if err != nil {
		return fmt.Errorf("the run's data is not JSON: %v", err)
	}
	set, _ := goja.AssertFunction(fn)
	_, err = set(goja.Undefined(), value)
	return err
}

// evalOne evaluates one expression.
func evalOne(vm *goja.Runtime, expr string) (goja.Value, error) {
	if !inChild && !shallow(expr) {
		// Nothing would catch the parser's stack overflow in this process.
		return nil, errors.New("too long or too deeply nested to parse without a child process")
	}
	program, err := parseExpression(expr)
	if err != nil {
		return nil, err
	}
	prg, err := goja.CompileAST(program, false)
	if err != nil {
		return nil, err
	}
	return vm.RunProgram(prg)
}

// globalNames are the names of the globals of a fresh runtime.
var globalNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	v, err := goja.New().RunString("Object.getOwnPropertyNames(globalThis)")
	if err != nil {
		return names
	}
	if list, ok := v.Export().([]any); ok {
		for _, n := range list {
			if s, ok := n.(string); ok {
				names[s] = true
			}
		}
	}
	return names
})

// IsGlobal reports whether name is a global of JavaScript's own (Math, JSON,
// undefined, ...), which an expression can read without a step of that name.
func IsGlobal(name string) bool { return globalNames()[name] }
