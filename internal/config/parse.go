package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// HelpRequested is returned by Load when the user asked for help; Topic is the
// command whose help to show ("" for the overview). Print Usage(Topic) and exit 0.
type HelpRequested struct{ Topic string }

func (h *HelpRequested) Error() string { return "help requested" }

// values holds what one Load saw for each option, and where it came from.
type values struct {
	val    map[*option]string
	source map[*option]string // "--flag" or "ENV_NAME", for error messages
}

func (v *values) get(o *option) string { return v.val[o] }

// where names the place a value came from, so an error points at what to fix.
func (v *values) where(o *option) string {
	if s := v.source[o]; s != "" {
		return s
	}
	if o.Flag != "" {
		return "--" + o.Flag
	}
	return o.Env
}

func (v *values) bool(o *option) (bool, error) {
	raw := v.get(o)
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return false, fmt.Errorf("%s: %q is not a boolean: use true or false", v.where(o), raw)
	}
	return b, nil
}

// Load resolves the command line args (without the program name) and the
// environment, read through getenv, into a checked Config.
func Load(args []string, getenv func(string) string) (*Config, error) {
	name, explicit := CommandServe, false
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		return &Config{Command: CommandVersion, LogLevel: slog.LevelInfo, LogFormat: LogFormatText}, nil
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args, explicit = args[0], args[1:], true
	}
	cmd, ok := findCommand(name)
	if !ok {
		return nil, fmt.Errorf("unknown command %q: use %s", name, commandNames())
	}
	if cmd.Name == CommandHelp {
		topic := ""
		if len(args) > 0 {
			topic = args[0]
			if _, ok := findCommand(topic); !ok {
				return nil, fmt.Errorf("unknown command %q: use %s", topic, commandNames())
			}
		}
		return nil, &HelpRequested{Topic: topic}
	}

	var toolName string
	if cmd.Name == CommandCall && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		toolName, args = args[0], args[1:]
	}

	v, rest, err := parseOptions(cmd, args, getenv)
	var help *HelpRequested
	if errors.As(err, &help) && !explicit {
		help.Topic = "" // plain --help shows everything
	}
	if err != nil {
		return nil, err
	}
	if cmd.Name == CommandCall && toolName == "" && len(rest) > 0 {
		toolName, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%s: unexpected argument %q (run 'mcp-bridge help %s')", cmd.Name, rest[0], cmd.Name)
	}
	cfg := &Config{Command: cmd.Name, ToolName: toolName}
	if cmd.Name == CommandCall && toolName == "" {
		return nil, errors.New("call: name the tool to call: mcp-bridge call TOOL --args '{...}' (mcp-bridge tools lists them)")
	}
	if err := resolve(cfg, cmd, v, getenv); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseOptions registers the command's flags, parses args and fills in every option
// from flag, environment or default.
func parseOptions(cmd command, args []string, getenv func(string) string) (*values, []string, error) {
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Load's caller prints errors and help; stdout is the protocol's
	flagVals := map[*option]*string{}
	flagBools := map[*option]*bool{}
	for _, group := range cmd.Groups {
		for _, o := range group {
			if o.Flag == "" {
				continue
			}
			if o.Bool {
				flagBools[o] = fs.Bool(o.Flag, false, o.Usage)
			} else {
				flagVals[o] = fs.String(o.Flag, "", o.Usage)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, &HelpRequested{Topic: cmd.Name}
		}
		return nil, nil, fmt.Errorf("%s: %v (run 'mcp-bridge help %s')", cmd.Name, err, cmd.Name)
	}
	setOnCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setOnCommandLine[f.Name] = true })

	v := &values{val: map[*option]string{}, source: map[*option]string{}}
	for _, group := range cmd.Groups {
		for _, o := range group {
			switch {
			case o.Flag != "" && setOnCommandLine[o.Flag]:
				if o.Bool {
					v.val[o] = strconv.FormatBool(*flagBools[o])
				} else {
					v.val[o] = *flagVals[o]
				}
				v.source[o] = "--" + o.Flag
			case o.Env != "" && envValue(getenv, o.Env) != "":
				v.val[o] = envValue(getenv, o.Env)
				v.source[o] = o.Env
			case o.Bool:
				v.val[o] = "false"
			default:
				v.val[o] = defaultValue(o)
			}
		}
	}
	return v, fs.Args(), nil
}

// defaultValue is the value an unset option takes. Defaults that depend on the
// machine (the state directory) are worked out later, so they show in help as text.
func defaultValue(o *option) string {
	switch o {
	case &optSandboxData, &optImbraceEnv, &optTimeout:
		return ""
	}
	return o.Default
}

func commandNames() string {
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, c.Name)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// splitList reads a comma-separated list, dropping blanks.
func splitList(raw string) []string {
	var out []string
	for _, part := range strings.Split(raw, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// envValue reads an environment variable. A value that is still an unsubstituted
// template such as "${user_config.api_key}" counts as unset: a bundle host leaves
// it so when the user skipped an optional setting, and it must not pass for a key.
func envValue(getenv func(string) string, name string) string {
	v := getenv(name)
	if strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}") {
		return ""
	}
	return v
}
