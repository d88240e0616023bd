package config

import (
	"fmt"
	"strings"
)

// Usage returns the help text for one command, or the overview (every command with
// every flag and environment variable) when topic is empty.
func Usage(topic string) string {
	var b strings.Builder
	if topic == "" {
		b.WriteString("mcp-bridge exposes a workflow engine (iMBRACE, Activepieces, or a built-in sandbox) as MCP tools.\n\n")
		b.WriteString("Usage:\n  mcp-bridge [COMMAND] [FLAGS]\n\nCommands:\n")
		for _, c := range commands {
			fmt.Fprintf(&b, "  %-9s %s\n", c.Name, c.Summary)
		}
		for _, c := range commands {
			if len(c.Groups) > 0 {
				b.WriteString("\n")
				writeCommand(&b, c)
			}
		}
		b.WriteString("\nA flag wins over its environment variable, which wins over the default.\n")
		b.WriteString("Credentials are read only from the environment, never from flags.\n")
		return b.String()
	}
	c, _ := findCommand(topic)
	writeCommand(&b, c)
	return b.String()
}

func writeCommand(b *strings.Builder, c command) {
	line := "mcp-bridge " + c.Name
	if c.Args != "" {
		line += " " + c.Args
	}
	if len(c.Groups) > 0 {
		line += " [FLAGS]"
	}
	fmt.Fprintf(b, "%s\n  %s\n", line, c.Summary)
	var flags, envOnly []*option
	for _, g := range c.Groups {
		for _, o := range g {
			if o.Flag != "" {
				flags = append(flags, o)
			} else {
				envOnly = append(envOnly, o)
			}
		}
	}
	if len(flags) > 0 {
		b.WriteString("Flags:\n")
		for _, o := range flags {
			name := "--" + o.Flag
			if !o.Bool {
				name += " VALUE"
			}
			fmt.Fprintf(b, "  %-28s %s%s\n", name, o.Usage, annotation(o))
		}
	}
	if len(envOnly) > 0 {
		b.WriteString("Environment:\n")
		for _, o := range envOnly {
			fmt.Fprintf(b, "  %-28s %s%s\n", o.Env, o.Usage, annotation(o))
		}
	}
}

// annotation is the "[env X, default Y]" suffix of a help line.
func annotation(o *option) string {
	var parts []string
	if o.Flag != "" && o.Env != "" {
		parts = append(parts, "env "+o.Env)
	}
	if o.Default != "" {
		parts = append(parts, "default "+o.Default)
	}
	if o.Secret {
		parts = append(parts, "secret")
	}
	if len(parts) == 0 {
		return ""
	}
	return " [" + strings.Join(parts, ", ") + "]"
}
