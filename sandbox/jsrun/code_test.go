package jsrun

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// runners are the ways code runs: in a child process (what the sandbox
// uses on Linux) and in-process (the fallback elsewhere).
func runners(t *testing.T) map[string]*Runner {
	t.Helper()
	out := map[string]*Runner{"in-process": {InProcess: true}}
	if childCapable() {
		out["child"] = &Runner{}
	} else {
		t.Log("no child processes on this OS: in-process only")
	}
	return out
}

func runCodeOK(t *testing.T, r *Runner, code string, inputs any) (any, []string) {
	t.Helper()
	res, err := r.RunCode(context.Background(), code, "", inputs)
	if err != nil {
		t.Fatalf("RunCode: %v (logs %q)", err, res.Logs)
	}
	var out any
	if err := json.Unmarshal(res.Output, &out); err != nil {
		t.Fatalf("output %s: %v", res.Output, err)
	}
	return out, res.Logs
}

func runCodeFails(t *testing.T, r *Runner, code, want string) CodeResult {
	t.Helper()
	res, err := r.RunCode(context.Background(), code, "", map[string]any{})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want one saying %q", err, want)
	}
	return res
}

func TestRunCodeAsyncAndTimers(t *testing.T) {
	code := `
interface Inputs { a: number; b: number }
const later = (ms: number, v: number) => new Promise<number>((resolve) => setTimeout(() => resolve(v), ms));
export const code = async (inputs: Inputs) => {
	let cleared = false;
	const t = setTimeout(() => { cleared = true }, 5);
	clearTimeout(t);
	const [x, y] = await Promise.all([later(30, inputs.a), later(10, inputs.b)]);
	await new Promise((r) => setTimeout(r, 20));
	return { sum: x + y, cleared, order: [x, y] };
};`
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			out, _ := runCodeOK(t, r, code, map[string]any{"a": 2, "b": 40})
			want := map[string]any{"sum": float64(42), "cleared": false, "order": []any{float64(2), float64(40)}}
			if !reflect.DeepEqual(out, want) {
				t.Fatalf("output %v, want %v", out, want)
			}
			if d := time.Since(start); d < 50*time.Millisecond {
				t.Errorf("the timers did not wait: %v", d)
			}
		})
	}
}

func TestRunCodeSyncAndTypeScript(t *testing.T) {
	code := `enum Kind { A = 'a', B = 'b' }
type Item = { name: string; n?: number };
export const code = (inputs: { items: Item[] }): { kinds: Kind[]; total: number } => ({
	kinds: [Kind.A, Kind.B],
	total: inputs.items.reduce((s, i) => s + (i.n ?? 1), 0),
});`
	out, _ := runCodeOK(t, &Runner{InProcess: !childCapable()}, code, map[string]any{"items": []any{map[string]any{"name": "x", "n": 4}, map[string]any{"name": "y"}}})
	if want := map[string]any{"kinds": []any{"a", "b"}, "total": float64(5)}; !reflect.DeepEqual(out, want) {
		t.Fatalf("output %v, want %v", out, want)
	}
}

func TestRunCodeThrows(t *testing.T) {
	tests := map[string]string{
		`export const code = async () => { throw new Error("boom") }`:                                                                     "Error: boom",
		`export const code = async () => { await null; throw new TypeError("bad type") }`:                                                 "TypeError: bad type",
		`export const code = () => Promise.reject(new RangeError("rejected"))`:                                                            "RangeError: rejected",
		`export const code = async () => { throw "plain text" }`:                                                                          `the code threw plain text`,
		`export const code = async () => { setTimeout(() => { throw new Error("late") }, 1); await new Promise(r => setTimeout(r, 50)) }`: "uncaught error in a timer callback: Error: late",
		`export const code = async () => undefinedName.x`:                                                                                 "ReferenceError: undefinedName is not defined",
		`export const code = async () => { const f = (): number => f(); return f() }`:                                                     "RangeError: Maximum call stack size exceeded",
		`export const code = async () => new Promise(() => {})`:                                                                           "the promise that code returned never settled",
		`export const handler = async () => 1`:                                                                                            "the code exports no function named code",
		`export const code = async () => {`:                                                                                               "the code does not compile: code.ts:1:",
	}
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			for code, want := range tests {
				runCodeFails(t, r, code, want)
			}
		})
	}
}

func TestRunCodeEndlessLoop(t *testing.T) {
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			r.CodeLimits.Time = 300 * time.Millisecond
			for _, code := range []string{
				`export const code = async () => { while (true) {} }`,
				`export const code = async () => { await new Promise(r => setTimeout(r, 60000)) }`,
				`export const code = async () => { setInterval(() => {}, 1); return new Promise(() => {}) }`,
			} {
				start := time.Now()
				runCodeFails(t, r, code, "the code ran longer than 300ms, the sandbox's time limit, and was stopped")
				if d := time.Since(start); d > 3*time.Second {
					t.Errorf("%s: stopped after %v", code, d)
				}
			}
		})
	}
}

// TestRunCodeMemoryBombs: a script that allocates without bound kills its
// child process, not the caller, which goes on running code.
func TestRunCodeMemoryBombs(t *testing.T) {
	if !childCapable() {
		t.Skip("memory is limited only in child processes, on Linux")
	}
	r := &Runner{CodeLimits: Limits{Time: 30 * time.Second, Memory: 64 << 20}}
	for _, code := range []string{
		`export const code = async () => 'a'.repeat(2 ** 29).length`,
		`export const code = async () => { const a = []; while (true) a.push({ n: a.length, s: 'x' + a.length }) }`,
		`export const code = async () => { let s = 'ab'; while (true) s = s + s }`,
	} {
		res := runCodeFails(t, r, code, "the code ran out of memory: the sandbox gives JavaScript 64 MiB")
		if res.Output != nil {
			t.Errorf("output %s", res.Output)
		}
	}
	if out, _ := runCodeOK(t, r, `export const code = async () => 'still here'`, nil); out != "still here" {
		t.Fatalf("after the bombs: %v", out)
	}
}

func TestRunCodeNoModules(t *testing.T) {
	const refused = "the sandbox runs no npm packages and no Node modules"
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			runCodeFails(t, r, `export const code = async () => require('fs').readFileSync('/etc/passwd', 'utf8')`,
				`Error: `+refused+`: require("fs") is not available`)
			runCodeFails(t, r, `import fs from 'fs'; export const code = async () => fs.readFileSync('/etc/passwd')`, refused)
			runCodeFails(t, r, `import _ from 'lodash'; export const code = async () => _.sum([1])`, `require("lodash")`)
			runCodeFails(t, r, `export const code = async () => (await import('child_process')).execSync('id')`, refused)
			out, _ := runCodeOK(t, r, `export const code = async () => [typeof process, typeof fetch, typeof XMLHttpRequest, typeof module, typeof Deno]`, nil)
			if want := []any{"undefined", "undefined", "undefined", "undefined", "undefined"}; !reflect.DeepEqual(out, want) {
				t.Errorf("globals %v, want none of them", out)
			}
		})
	}
}

func TestRunCodePackageJSON(t *testing.T) {
	r := &Runner{InProcess: true}
	_, err := r.RunCode(context.Background(), `export const code = async () => 1`, `{"dependencies": {"axios": "1.0.0", "lodash": "^4"}}`, nil)
	want := "the sandbox installs no npm packages, but the step's packageJson depends on axios, lodash"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error = %v, want %q", err, want)
	}
	for _, pkg := range []string{"", "{}", `{"dependencies": {}}`, `{"name": "x"}`} {
		if _, err := r.RunCode(context.Background(), `export const code = async () => 1`, pkg, nil); err != nil {
			t.Errorf("packageJson %q: %v", pkg, err)
		}
	}
}

func TestRunCodeConsoleLogs(t *testing.T) {
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			_, logs := runCodeOK(t, r, `export const code = async (inputs) => {
				console.log("hello", inputs.name, 42, { a: [1, 2] });
				console.error("oops");
				console.info(undefined, null, true);
				return 1;
			}`, map[string]any{"name": "Ada"})
			want := []string{`hello Ada 42 {"a":[1,2]}`, "oops", "undefined null true"}
			if !reflect.DeepEqual(logs, want) {
				t.Fatalf("logs %q, want %q", logs, want)
			}
			res := runCodeFails(t, r, `export const code = async () => { console.log("before"); throw new Error("after") }`, "Error: after")
			if !reflect.DeepEqual(res.Logs, []string{"before"}) {
				t.Errorf("logs of a failed run: %q", res.Logs)
			}
			r.CodeLimits.Logs = 100
			_, logs = runCodeOK(t, r, `export const code = async () => { for (let i = 0; i < 100; i++) console.log("line " + i) }`, nil)
			if len(logs) != 16 || logs[15] != "[console output beyond 100 bytes was dropped]" {
				t.Errorf("logs past the limit: %q", logs)
			}
		})
	}
}

func TestRunCodeOutputLimit(t *testing.T) {
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			r.CodeLimits.Output = 1000
			runCodeFails(t, r, `export const code = async () => 'x'.repeat(2000)`, "more than the sandbox's limit of 1000 bytes")
			runCodeFails(t, r, `export const code = async () => { const a: any = {}; a.a = a; return a }`, "cannot be written as JSON: TypeError")
			if out, _ := runCodeOK(t, r, `export const code = async () => undefined`, nil); out != nil {
				t.Errorf("undefined gave %v", out)
			}
		})
	}
}

func TestRunCodeCancelled(t *testing.T) {
	for name, r := range runners(t) {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := r.RunCode(ctx, `export const code = async () => { while (true) {} }`, "", nil)
			if !errors.Is(err, context.DeadlineExceeded) && (err == nil || !strings.Contains(err.Error(), "deadline exceeded")) {
				t.Fatalf("error = %v, want the context's", err)
			}
		})
	}
}

func TestRunCodeBrokenChild(t *testing.T) {
	if !childCapable() {
		t.Skip("child processes only on Linux")
	}
	r := &Runner{Program: "/bin/false"}
	_, err := r.RunCode(context.Background(), `export const code = async () => 1`, "", nil)
	if err == nil || !strings.Contains(err.Error(), "the JavaScript process failed (exit status 1)") {
		t.Fatalf("error = %v", err)
	}
}

func BenchmarkRunCodeChild(b *testing.B) {
	if !childCapable() {
		b.Skip("child processes only on Linux")
	}
	benchmarkRunCode(b, &Runner{})
}

func BenchmarkRunCodeInProcess(b *testing.B) { benchmarkRunCode(b, &Runner{InProcess: true}) }

func benchmarkRunCode(b *testing.B, r *Runner) {
	code := `export const code = async (inputs: { a: number; b: number }) => ({ sum: inputs.a + inputs.b })`
	for b.Loop() {
		if _, err := r.RunCode(context.Background(), code, "", map[string]any{"a": 1, "b": 2}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunCodeProgram measures a CODE step run by another executable,
// such as the bridge: JSRUN_PROGRAM=$(go env GOPATH)/bin/mcp-bridge go test -bench RunCodeProgram.
func BenchmarkRunCodeProgram(b *testing.B) {
	program := os.Getenv("JSRUN_PROGRAM")
	if program == "" || !childCapable() {
		b.Skip("set JSRUN_PROGRAM to an executable that calls jsmain.Main (on Linux)")
	}
	benchmarkRunCode(b, &Runner{Program: program})
}
