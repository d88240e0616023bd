package mcpextra

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
)

// Step is one tool call of a prompt's recipe. Args are real arguments of the
// tool; a string value "<...>" is a placeholder the model fills in from an
// earlier step's result. TestPromptsNameRealTools checks every step against
// the tool's input schema.
type Step struct {
	Tool string
	Args map[string]any
	Why  string // what to do with the result
}

// PromptArg is an argument of a prompt. Those named like a tool argument
// (flowId, folderId, ...) are completed like it.
type PromptArg struct {
	Name, Description string
	Required          bool
	ID                bool // an engine id: checked for its format
	Null              bool // with ID: NULL (no folder) is accepted too
}

// Prompt is a worked recipe: an intro, the tool calls in order, and a closing
// note, rendered from the arguments a client passes.
type Prompt struct {
	Name, Title, Description string
	Args                     []PromptArg
	// Render returns the intro, the steps and the closing note for args (only
	// the arguments given are present).
	Render func(args map[string]string) (intro string, steps []Step, outro string)
}

// definition is the prompt as prompts/list shows it.
func (p Prompt) definition() mcp.Prompt {
	opts := []mcp.PromptOption{mcp.WithPromptDescription(p.Description)}
	for _, a := range p.Args {
		argOpts := []mcp.ArgumentOption{mcp.ArgumentDescription(a.Description)}
		if a.Required {
			argOpts = append(argOpts, mcp.RequiredArgument())
		}
		opts = append(opts, mcp.WithArgument(a.Name, argOpts...))
	}
	def := mcp.NewPrompt(p.Name, opts...)
	def.Title = p.Title
	return def
}

// Tools returns the tools the recipe calls, in order, with repeats.
func (p Prompt) Tools() []string {
	_, steps, _ := p.Render(map[string]string{})
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.Tool
	}
	return names
}

// available reports whether every tool of the recipe is served.
func (p Prompt) available(served []string) bool {
	for _, t := range p.Tools() {
		if !has(served, t) {
			return false
		}
	}
	return true
}

// get answers prompts/get.
func (p Prompt) get(_ context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
	args := map[string]string{}
	for _, a := range p.Args {
		v := strings.TrimSpace(req.Params.Arguments[a.Name])
		switch {
		case v == "" && a.Required:
			return nil, fmt.Errorf("prompt %s needs the argument %s: %s", p.Name, a.Name, a.Description)
		case v != "" && a.ID && !isID(v) && !(a.Null && v == "NULL"):
			return nil, fmt.Errorf("argument %s of prompt %s: expected a 21-character id%s, got %q", a.Name, p.Name, orNull(a.Null), v)
		case v != "":
			args[a.Name] = v
		}
	}
	text, err := p.Text(args)
	if err != nil {
		return nil, err
	}
	return mcp.NewGetPromptResult(p.Description, []mcp.PromptMessage{
		mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent(text)),
	}), nil
}

// Text renders the recipe for args as the prompt's message.
func (p Prompt) Text(args map[string]string) (string, error) {
	intro, steps, outro := p.Render(args)
	var b strings.Builder
	b.WriteString(intro)
	b.WriteString("\n\nSteps:\n")
	for i, s := range steps {
		call, err := compact(s.Args)
		if err != nil {
			return "", fmt.Errorf("prompt %s step %d: %w", p.Name, i+1, err)
		}
		fmt.Fprintf(&b, "%d. %s %s\n   %s\n", i+1, s.Tool, call, s.Why)
	}
	if outro != "" {
		b.WriteString("\n")
		b.WriteString(outro)
	}
	return b.String(), nil
}

// compact encodes v as one line of JSON, keeping {{...}} and <...> readable.
func compact(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSpace(buf.String()), nil
}

// setIf puts args[name] into m under key when it was given, else fallback when
// that is not nil.
func setIf(m map[string]any, key string, args map[string]string, name string, fallback any) {
	if v, ok := args[name]; ok {
		m[key] = v
	} else if fallback != nil {
		m[key] = fallback
	}
}

// orNull is what an id argument also takes, for its error message.
func orNull(null bool) string {
	if null {
		return " or NULL"
	}
	return ""
}

// or returns v, or def when v is empty.
func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
