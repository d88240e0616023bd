// Package logging builds mcp-bridge's logger: tint text on stderr (colour only on a
// terminal) or slog JSON for hosted use, always behind a redacting handler so no
// credential, connection value or MCP token reaches a log.
package logging

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/lmittmann/tint"
)

// Options say how to log.
type Options struct {
	Level   slog.Level
	JSON    bool     // slog JSON lines instead of human text
	Color   bool     // colour in text mode; set it only when w is a terminal
	Secrets []string // exact values to mask wherever they appear
}

// New returns a logger writing to w.
func New(w io.Writer, opts Options) *slog.Logger {
	var inner slog.Handler
	if opts.JSON {
		inner = slog.NewJSONHandler(w, &slog.HandlerOptions{Level: opts.Level})
	} else {
		inner = tint.NewTextHandler(w, &tint.Options{Level: opts.Level, TimeFormat: time.TimeOnly, NoColor: !opts.Color})
	}
	return slog.New(NewRedactor(inner, opts.Secrets))
}

// IsTerminal reports whether f is a character device (a terminal), the only place
// colour codes belong.
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
