package jsrun

import (
	"strings"

	"github.com/dop251/goja/ast"
)

// Bounded reports whether an expression can be evaluated in the server's own
// process: whether its syntax alone shows that it cannot loop and that what
// it allocates is at most a small multiple of the data it reads plus its own
// length. goja has no memory limit, so an expression that could allocate
// without bound (one with a function, as in items.map(i => i.id), a
// constructor, or a call such as 'a'.repeat(n)) runs in a child process
// under the OS limits instead. So does a long or deeply nested expression:
// goja's parser recurses on nesting, and a deep enough one overflows the
// stack, which kills the process. An expression that does not parse counts
// as bounded: it evaluates to nothing wherever it runs.
func Bounded(expr string) bool {
	if !shallow(expr) {
		return false
	}
	program, err := parseExpression(expr)
	if err != nil {
		return true
	}
	if len(program.Body) != 1 {
		return false
	}
	statement, ok := program.Body[0].(*ast.ExpressionStatement)
	return ok && boundedExpr(statement.Expression)
}

// Limits of the expressions parsed in the server's process.
const (
	maxInProcessLength = 4 << 10
	maxInProcessDepth  = 64
)

// shallow reports whether expr is short and nests at most maxInProcessDepth deep.
func shallow(expr string) bool {
	return len(expr) <= maxInProcessLength && nesting(expr) <= maxInProcessDepth
}

// nesting is how deep src nests brackets, parentheses, braces and template
// literals (counted inside strings too, which only errs on the safe side).
func nesting(src string) int {
	depth, deepest := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '(', '[', '{', '`':
			depth++
			deepest = max(deepest, depth)
		case ')', ']', '}':
			depth--
		}
	}
	return deepest
}

func boundedExpr(e ast.Expression) bool {
	switch e := e.(type) {
	case *ast.Identifier, *ast.NullLiteral, *ast.BooleanLiteral, *ast.NumberLiteral, *ast.StringLiteral:
		return true
	case *ast.TemplateLiteral:
		return e.Tag == nil && allBounded(e.Expressions)
	case *ast.ArrayLiteral:
		return allBounded(e.Value)
	case *ast.SpreadElement:
		return boundedExpr(e.Expression)
	case *ast.ObjectLiteral:
		return boundedProperties(e.Value)
	case *ast.DotExpression:
		return boundedExpr(e.Left)
	case *ast.BracketExpression:
		return boundedExpr(e.Left) && boundedExpr(e.Member)
	case *ast.OptionalChain:
		return boundedExpr(e.Expression)
	case *ast.Optional:
		return boundedExpr(e.Expression)
	case *ast.BinaryExpression:
		return boundedExpr(e.Left) && boundedExpr(e.Right)
	case *ast.UnaryExpression:
		return boundedExpr(e.Operand)
	case *ast.ConditionalExpression:
		return boundedExpr(e.Test) && boundedExpr(e.Consequent) && boundedExpr(e.Alternate)
	case *ast.SequenceExpression:
		return allBounded(e.Sequence)
	case *ast.CallExpression:
		return boundedCall(e)
	case *ast.NewExpression:
		callee, ok := e.Callee.(*ast.Identifier)
		return ok && callee.Name == "Date" && allBounded(e.ArgumentList)
	}
	// Functions, classes, assignments, regular expressions (whose
	// backtracking goja cannot interrupt), this, await and the rest.
	return false
}

func allBounded(list []ast.Expression) bool {
	for _, e := range list {
		if e != nil && !boundedExpr(e) { // nil is an array hole
			return false
		}
	}
	return true
}

func boundedProperties(props []ast.Property) bool {
	for _, p := range props {
		switch p := p.(type) {
		case *ast.PropertyKeyed:
			if p.Kind != ast.PropertyKindValue || !boundedExpr(p.Key) || !boundedExpr(p.Value) {
				return false
			}
		case *ast.PropertyShort:
			if p.Initializer != nil {
				return false
			}
		case *ast.SpreadElement:
			if !boundedExpr(p.Expression) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// boundedFunctions are the global functions a bounded expression may call.
var boundedFunctions = map[string]bool{
	"String": true, "Number": true, "Boolean": true, "parseInt": true, "parseFloat": true,
	"isNaN": true, "isFinite": true, "encodeURIComponent": true, "decodeURIComponent": true,
	"encodeURI": true, "decodeURI": true,
}

// boundedMethods are the methods, of whatever object, that a bounded
// expression may call: each returns at most a few times what it reads.
// Methods missing here (repeat, padStart, padEnd, fill, from, map, ...)
// send the expression to a child process; join and replace are handled in
// boundedCall.
var boundedMethods = map[string]bool{
	"toUpperCase": true, "toLowerCase": true, "trim": true, "trimStart": true, "trimEnd": true,
	"toString": true, "toFixed": true, "toPrecision": true, "valueOf": true, "localeCompare": true,
	"slice": true, "substring": true, "substr": true, "at": true, "charAt": true, "charCodeAt": true,
	"codePointAt": true, "indexOf": true, "lastIndexOf": true, "includes": true, "startsWith": true,
	"endsWith": true, "split": true, "concat": true, "keys": true, "values": true, "entries": true,
	"isArray": true, "isInteger": true, "isFinite": true, "isNaN": true, "parse": true,
	"hasOwnProperty": true, "reverse": true, "round": true, "floor": true, "ceil": true, "abs": true,
	"min": true, "max": true, "trunc": true, "sign": true, "sqrt": true, "pow": true, "random": true,
	"now": true, "getTime": true, "toISOString": true, "toJSON": true,
}

func boundedCall(call *ast.CallExpression) bool {
	if !allBounded(call.ArgumentList) {
		return false
	}
	args := call.ArgumentList
	var receiver ast.Expression
	var name string
	switch callee := call.Callee.(type) {
	case *ast.Identifier:
		return boundedFunctions[string(callee.Name)]
	case *ast.DotExpression:
		receiver, name = callee.Left, string(callee.Identifier.Name)
	case *ast.BracketExpression:
		member, ok := callee.Member.(*ast.StringLiteral)
		if !ok {
			return false
		}
		receiver, name = callee.Left, string(member.Value)
	default:
		return false
	}
	if !boundedExpr(receiver) {
		return false
	}
	switch name {
	case "stringify": // JSON.stringify(x): an indent argument multiplies by the depth
		return len(args) == 1
	case "sort": // without a comparator, which would be a function
		return len(args) == 0
	case "join": // a separator taken from the data could multiply the data by itself
		return len(args) == 0 || len(args) == 1 && isStringLiteral(args[0], false)
	case "replace", "replaceAll": // literal text only: a $' in the replacement repeats the data
		return len(args) == 2 && isStringLiteral(args[0], false) && isStringLiteral(args[1], true)
	}
	return boundedMethods[name]
}

func isStringLiteral(e ast.Expression, noDollar bool) bool {
	s, ok := e.(*ast.StringLiteral)
	return ok && (!noDollar || !strings.Contains(string(s.Value), "$"))
}
