package sandbox

import "github.com/workflows-mcp/mcp-bridge/client"

// catalogue is the sandbox's piece catalogue. (Being filled in: see flowops/executor owner.)
type catalogue struct{}

func newCatalogue() *catalogue { return &catalogue{} }

func (c *catalogue) summaries() []client.PieceSummary { return []client.PieceSummary{} }

func (c *catalogue) piece(name, version string) (*client.Piece, error) {
	return nil, notFound("piece", name)
}
