package mcpextra

import (
	"testing"

	"github.com/mark3labs/mcp-go/server"
)

// BenchmarkRegister is what the extras add to start-up (docs/resources.md):
// building them, their server options, and registering on a server.
func BenchmarkRegister(b *testing.B) {
	served := Prompts()[0].Tools()
	for _, p := range Prompts()[1:] {
		served = append(served, p.Tools()...)
	}
	for b.Loop() {
		x := New(Options{})
		s := server.NewMCPServer("mcp-bridge", "0", x.ServerOptions()...)
		x.Register(s, served)
	}
}
