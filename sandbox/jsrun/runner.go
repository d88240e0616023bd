package jsrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// Runner runs CODE steps and expressions within limits. The zero members of
// its limits take the defaults.
type Runner struct {
	CodeLimits Limits
	ExprLimits Limits
	// Program is the executable started as the child process (it must call
	// ChildMain first thing); empty means this process's own executable.
	Program string
	// InProcess runs everything in this process. The time, output and log
	// limits still hold, but nothing bounds the memory a script allocates:
	// a memory bomb can take the process down.
	InProcess bool
}

// NewRunner returns a Runner with the default limits. It uses child
// processes when this process can serve as one: on Linux, in a program that
// called ChildMain. Elsewhere it runs everything in-process (see InProcess).
func NewRunner() *Runner {
	return &Runner{CodeLimits: DefaultCodeLimits, ExprLimits: DefaultExprLimits, InProcess: !childCapable()}
}

var defaultRunner = sync.OnceValue(NewRunner)

// Default is the Runner the sandbox uses unless it is handed another. It is
// made on first use, after main had the chance to call ChildMain.
func Default() *Runner { return defaultRunner() }

// CodeResult is what a CODE step produced.
type CodeResult struct {
	// Output is the JSON of the value that code returned, or that its
	// promise resolved to; null for undefined.
	Output json.RawMessage
	// Logs are the lines the code wrote with console.log and its kin.
	Logs []string
}

// RunCode runs a CODE step as Activepieces does: it calls the function that
// the source exports as code with the step's resolved inputs, and the value
// it returns (awaited) is the step's output. The error says why the step
// failed: the code threw, did not compile, broke a limit, or its packageJson
// names npm packages, which the sandbox does not install. The logs are kept
// in the result either way.
func (r *Runner) RunCode(ctx context.Context, code, packageJSON string, inputs any) (CodeResult, error) {
	if err := CheckPackageJSON(packageJSON); err != nil {
		return CodeResult{}, err
	}
	data, err := json.Marshal(inputs)
	if err != nil {
		return CodeResult{}, fmt.Errorf("the step's inputs cannot be written as JSON: %v", err)
	}
	req := request{Kind: "code", Code: code, Inputs: data, Limits: r.CodeLimits.orDefault(DefaultCodeLimits)}
	var resp response
	if r.InProcess {
		resp = handle(ctx, req)
	} else if resp, err = r.spawn(ctx, req, "the code"); err != nil {
		return CodeResult{}, err
	}
	result := CodeResult{Output: resp.Output, Logs: resp.Logs}
	if resp.Error != "" {
		return result, errors.New(resp.Error)
	}
	if len(result.Output) == 0 {
		result.Output = json.RawMessage("null")
	}
	return result, nil
}

// Eval evaluates JavaScript expressions, each the inside of a {{ ... }},
// with the members of scope as globals: "trigger" and the steps' outputs by
// step name. values[i] is expressions[i]'s value as generic JSON (nil for
// undefined, and for an expression that threw, as Activepieces leaves it
// empty). The error says which limit a batch broke. Bounded expressions run
// in-process; a batch with any other runs in a child process.
func (r *Runner) Eval(ctx context.Context, expressions []string, scope map[string]any) ([]any, error) {
	data, err := json.Marshal(scope)
	if err != nil {
		return nil, fmt.Errorf("the run's data cannot be written as JSON: %v", err)
	}
	req := request{Kind: "eval", Exprs: expressions, Scope: data, Limits: r.ExprLimits.orDefault(DefaultExprLimits)}
	var resp response
	switch {
	case r.InProcess:
		resp = handle(ctx, req)
	case allBoundedExprs(expressions):
		req.Limits.Time = min(req.Limits.Time, inProcessExprTime)
		resp = handle(ctx, req)
	default:
		if resp, err = r.spawn(ctx, req, "the expression"); err != nil {
			return nil, err
		}
	}
	if resp.Error != "" {
		return nil, errors.New(resp.Error)
	}
	values := make([]any, len(expressions))
	for i, raw := range resp.Values {
		if i < len(values) && len(raw) > 0 {
			if err := json.Unmarshal(raw, &values[i]); err != nil {
				return nil, fmt.Errorf("the value of {{%s}} is not JSON: %v", expressions[i], err)
			}
		}
	}
	return values, nil
}

func allBoundedExprs(expressions []string) bool {
	for _, e := range expressions {
		if !Bounded(e) {
			return false
		}
	}
	return true
}
