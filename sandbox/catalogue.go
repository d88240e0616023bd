package sandbox

import (
	"sort"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// catalogue is the sandbox's piece catalogue: the pieces its executor can run,
// each at the versions flows may name, with Activepieces' real metadata.
type catalogue struct {
	pieces map[string]cataloguePiece
}

// cataloguePiece is one piece at all its known versions.
type cataloguePiece struct {
	versions []pieceSemver                         // ascending
	build    func(version string) *workflows.Piece // fresh metadata, so callers may modify it
}

// Piece names the sandbox knows.
const (
	webhookPieceName = workflows.WebhookPieceName
	delayPieceName   = "@activepieces/piece-delay"
)

func newCatalogue() *catalogue {
	c := &catalogue{pieces: map[string]cataloguePiece{}}
	// 0.1.24 is the version iMBRACE's documentation examples pin; 0.1.29 is current.
	c.add(webhookPieceName, webhookPiece, "0.1.24", "0.1.25", "0.1.26", "0.1.27", "0.1.28", "0.1.29")
	c.add(delayPieceName, delayPiece, "0.3.24", "0.3.25", "0.3.26")
	return c
}

func (c *catalogue) add(name string, build func(string) *workflows.Piece, versions ...string) {
	p := cataloguePiece{build: build}
	for _, s := range versions {
		v, ok := parsePieceSemver(s)
		if !ok {
			panic("catalogue: bad version " + s + " of " + name) // a programming error in the table above
		}
		p.versions = append(p.versions, v)
	}
	sort.Slice(p.versions, func(i, j int) bool { return p.versions[i].less(p.versions[j]) })
	c.pieces[name] = p
}

// summaries lists every piece at its latest version, sorted by name, with
// actions and triggers as counts (what GET /v1/pieces answers).
func (c *catalogue) summaries() []workflows.PieceSummary {
	names := make([]string, 0, len(c.pieces))
	for name := range c.pieces {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]workflows.PieceSummary, 0, len(names))
	for _, name := range names {
		p := c.pieces[name]
		m := p.build(p.versions[len(p.versions)-1].String())
		out = append(out, workflows.PieceSummary{
			Name: m.Name, DisplayName: m.DisplayName, Description: m.Description, LogoURL: m.LogoURL,
			Version: m.Version, Authors: m.Authors, Categories: m.Categories,
			Actions: len(m.Actions), Triggers: len(m.Triggers),
			PieceType: m.PieceType, PackageType: m.PackageType, Extra: m.Extra,
		})
	}
	return out
}

// piece returns a piece's full metadata at the highest version that meets
// version ("" for the latest, "1.2.3", "^1.2.3" or "~1.2.3"); a piece or
// version the catalogue lacks is a 404.
func (c *catalogue) piece(name, version string) (*workflows.Piece, error) {
	p, ok := c.pieces[name]
	if !ok {
		return nil, apierr.NotFound("piece", name)
	}
	v, ok := highestSatisfying(p.versions, version)
	if !ok {
		return nil, apierr.NotFound("piece", name+"@"+strings.TrimSpace(version))
	}
	return p.build(v.String()), nil
}

// pieceNames lists the catalogue's piece names, for messages.
func (c *catalogue) pieceNames() string {
	names := make([]string, 0, len(c.pieces))
	for name := range c.pieces {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
