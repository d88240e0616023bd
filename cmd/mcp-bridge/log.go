package main

import (
	"io"
	"log/slog"
	"os"

	"github.com/workflows-mcp/mcp-bridge/internal/config"
	"github.com/workflows-mcp/mcp-bridge/internal/logging"
)

// newLogger logs to stderr (stdout belongs to the protocol), masking every
// credential the configuration holds. Colour needs a terminal and no NO_COLOR.
func newLogger(cfg *config.Config, stderr io.Writer, getenv func(string) string) *slog.Logger {
	color := false
	if f, ok := stderr.(*os.File); ok && cfg.LogFormat == config.LogFormatText {
		color = logging.IsTerminal(f) && getenv("NO_COLOR") == ""
	}
	return logging.New(stderr, logging.Options{
		Level:   cfg.LogLevel,
		JSON:    cfg.LogFormat == config.LogFormatJSON,
		Color:   color,
		Secrets: cfg.Secrets(),
	})
}
