package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// agent plays a user's task the way a model would, knowing only what the
// server told it: the initialize instructions, tools/list, the prompt and
// resource listings, the prompts and resources it read, and the results it
// got so far. Before each call it checks that every literal it is about to
// send was said somewhere in that knowledge, so a task passes only if the
// server's own words are enough to do it.
type agent struct {
	t      *testing.T
	c      *mcpclient.Client
	corpus strings.Builder // everything the server has said to the agent

	calls int // tools/call the task counts
	setup int // tools/call that only prepare the task
	reads int // prompts/get and resources/read
}

// said marks what the user supplies rather than the server: a flow's or
// table's name, a column's name, a payload, the text of a reply, the code of
// a CODE step. The literal check skips it, except for the {{...}} references
// inside it, whose path up to its last member (e.g. "{{trigger.body.") must
// be known: the last member is the user's own field.
type said struct{ v any }

func (s said) MarshalJSON() ([]byte, error) { return json.Marshal(s.v) }

// newAgent starts a bridge on stdio with an in-memory sandbox and learns
// what a client learns when it connects.
func newAgent(t *testing.T) *agent {
	t.Helper()
	tr, _ := stdioTransport(t, hermeticEnv(t))
	c, res, err := tryConnect(t, tr, legacyEra)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	a := &agent{t: t, c: c}
	a.learn(res.Instructions)
	ctx := testContext(t)
	tools, err := c.ListTools(ctx, mcp.ListToolsRequest{})
	if err != nil {
		t.Fatalf("tools/list: %v", err)
	}
	a.learnJSON(tools.Tools)
	prompts, err := c.ListPrompts(ctx, mcp.ListPromptsRequest{})
	if err != nil {
		t.Fatalf("prompts/list: %v", err)
	}
	a.learnJSON(prompts.Prompts)
	resources, err := c.ListResources(ctx, mcp.ListResourcesRequest{})
	if err != nil {
		t.Fatalf("resources/list: %v", err)
	}
	a.learnJSON(resources.Resources)
	return a
}

func (a *agent) learn(text string) {
	a.corpus.WriteString(text)
	a.corpus.WriteString("\n")
}

func (a *agent) learnJSON(v any) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		a.t.Fatal(err)
	}
	a.learn(buf.String())
}

// call makes one tools/call that counts towards the task; it must succeed.
func (a *agent) call(name string, args map[string]any) map[string]any {
	a.t.Helper()
	a.calls++
	return a.send(name, args)
}

// prepare makes a tools/call that sets the task up; it is checked the same
// way but not counted.
func (a *agent) prepare(name string, args map[string]any) map[string]any {
	a.t.Helper()
	a.setup++
	return a.send(name, args)
}

func (a *agent) send(name string, args map[string]any) map[string]any {
	a.t.Helper()
	if unknown := a.unknown(name, args); len(unknown) > 0 {
		a.t.Fatalf("%s: the agent would send what nothing told it: %s", name, strings.Join(unknown, "; "))
	}
	res := callRaw(a.t, a.c, name, args, nil)
	a.learn(text(res))
	if res.IsError {
		a.t.Fatalf("%s %s: tool error: %s", name, marshal(a.t, args), text(res))
	}
	return structured(a.t, res)
}

// readPrompt gets a listed prompt, as a client offers it to the user.
func (a *agent) readPrompt(name string) string {
	a.t.Helper()
	if !a.knows(name) {
		a.t.Fatalf("prompt %s was never listed", name)
	}
	a.reads++
	req := mcp.GetPromptRequest{}
	req.Params.Name = name
	res, err := a.c.GetPrompt(testContext(a.t), req)
	if err != nil {
		a.t.Fatalf("prompts/get %s: %v", name, err)
	}
	var parts []string
	for _, m := range res.Messages {
		if tc, ok := m.Content.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	got := strings.Join(parts, "\n")
	a.learn(got)
	return got
}

// readResource reads a resource whose URI the agent has seen.
func (a *agent) readResource(uri string) string {
	a.t.Helper()
	if !a.knows(uri) {
		a.t.Fatalf("resource %s was never listed", uri)
	}
	a.reads++
	got := readText(a.t, a.c, uri)
	a.learn(got)
	return got
}

// done reports the task's counts and holds it to its budget of tool calls.
func (a *agent) done(task string, most int) {
	a.t.Helper()
	a.t.Logf("%s: %d tool calls (at most %d), %d prompt/resource reads, %d setup calls", task, a.calls, most, a.reads, a.setup)
	if a.calls > most {
		a.t.Errorf("%s took %d tool calls, want at most %d", task, a.calls, most)
	}
}

// unknown lists what a call would send that the agent was never told: the
// tool's name, every key, and every string value outside said.
func (a *agent) unknown(tool string, args map[string]any) []string {
	var out []string
	if !a.knows(tool) {
		out = append(out, "tool "+tool)
	}
	a.walk(args, "", &out)
	return out
}

func (a *agent) walk(v any, path string, out *[]string) {
	switch v := v.(type) {
	case said:
		a.walkRefs(v.v, path, out)
	case map[string]any:
		for _, k := range sortedKeys(v) {
			p := strings.TrimPrefix(path+"."+k, ".")
			if !a.knows(k) {
				*out = append(*out, "key "+p)
			}
			a.walk(v[k], p, out)
		}
	case []any:
		for i, x := range v {
			a.walk(x, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case string:
		if !a.knows(v) {
			*out = append(*out, fmt.Sprintf("%s = %q", path, v))
		}
	case bool, int, float64, nil:
	default:
		a.t.Fatalf("%s: a %T is not JSON the literal check reads", path, v)
	}
}

var templateRef = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// walkRefs checks the {{...}} references in what the user supplies.
func (a *agent) walkRefs(v any, path string, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			a.walkRefs(v[k], path+"."+k, out)
		}
	case []any:
		for i, x := range v {
			a.walkRefs(x, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case string:
		for _, m := range templateRef.FindAllStringSubmatch(v, -1) {
			ref := m[1]
			known := a.knows(ref)
			if i := strings.LastIndex(ref, "."); i > 0 {
				known = strings.Contains(a.corpus.String(), "{{"+ref[:i+1])
			}
			if !known {
				*out = append(*out, fmt.Sprintf("%s: reference {{%s}}", path, ref))
			}
		}
	}
}

// knows reports whether lit occurs in what the server said as a whole token:
// not inside a longer name, so GREATER_THAN is not known from
// NUMBER_IS_GREATER_THAN.
func (a *agent) knows(lit string) bool {
	if lit == "" {
		return false
	}
	corpus := a.corpus.String()
	for from := 0; ; {
		i := strings.Index(corpus[from:], lit)
		if i < 0 {
			return false
		}
		i += from
		if !identByte(corpus, i-1) && !identByte(corpus, i+len(lit)) {
			return true
		}
		from = i + 1
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// identByte reports whether s[i] is part of a name.
func identByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
