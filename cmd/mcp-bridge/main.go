// Command mcp-bridge serves a workflow engine's API (iMBRACE, Activepieces, or the
// built-in sandbox) as MCP tools over stdio, SSE or Streamable HTTP.
//
// Run "mcp-bridge help" for every command, flag and environment variable.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/sandbox/jsrun/jsmain"
)

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1 // a runtime failure, or the called tool reported an error
	exitBadConfig = 2 // bad flags, environment or arguments
)

func main() {
	// A child process started to run a CODE step's JavaScript serves it and
	// exits here, before anything of the bridge starts.
	jsmain.Main()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// After the first signal a second one kills the process at once.
	go func() { <-ctx.Done(); stop() }()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// usageError marks an error caused by how the command was invoked.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := config.Load(args, getenv)
	var help *config.HelpRequested
	switch {
	case errors.As(err, &help):
		fmt.Fprint(stdout, config.Usage(help.Topic))
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "mcp-bridge: %v\n", err)
		return exitBadConfig
	}
	app := &app{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}
	app.logger = newLogger(cfg, stderr, getenv)

	switch cfg.Command {
	case config.CommandVersion:
		fmt.Fprintln(stdout, versionLine())
		return exitOK
	case config.CommandTools:
		err = app.listTools()
	case config.CommandCall:
		err = app.call(ctx)
	case config.CommandSandbox:
		err = app.serveSandbox(ctx)
	default:
		err = app.serve(ctx)
	}
	if err == nil {
		return exitOK
	}
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	fmt.Fprintf(stderr, "mcp-bridge: %v\n", err)
	if errors.As(err, new(usageError)) {
		return exitBadConfig
	}
	return exitFailure
}

// exitError ends the process with code after its output is already written.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// app carries what every command needs.
type app struct {
	cfg    *config.Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	logger *slog.Logger
}
