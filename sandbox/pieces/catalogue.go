package pieces

import (
	"sort"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Catalogue is the sandbox's piece catalogue: the pieces its executor can run,
// each at the versions flows may name, with Activepieces' real metadata.
type Catalogue struct {
	pieces map[string]catalogued
}

// catalogued is a piece with its versions parsed, ascending.
type catalogued struct {
	Piece
	versions []semver
}

// NewCatalogue catalogues the given pieces (All, outside tests). A malformed
// version or a piece listed twice is a programming error in the list, so it
// panics.
func NewCatalogue(list []Piece) *Catalogue {
	c := &Catalogue{pieces: map[string]catalogued{}}
	for _, p := range list {
		if _, twice := c.pieces[p.Name]; twice {
			panic("pieces: " + p.Name + " is listed twice")
		}
		entry := catalogued{Piece: p}
		for _, s := range p.Versions {
			v, ok := parseSemver(s)
			if !ok {
				panic("pieces: bad version " + s + " of " + p.Name)
			}
			entry.versions = append(entry.versions, v)
		}
		sort.Slice(entry.versions, func(i, j int) bool { return entry.versions[i].less(entry.versions[j]) })
		c.pieces[p.Name] = entry
	}
	return c
}

// Summaries lists every piece at its latest version, sorted by name, with
// actions and triggers as counts (what GET /v1/pieces answers).
func (c *Catalogue) Summaries() []workflows.PieceSummary {
	names := c.sortedNames()
	out := make([]workflows.PieceSummary, 0, len(names))
	for _, name := range names {
		p := c.pieces[name]
		m := p.Metadata(p.versions[len(p.versions)-1].String())
		out = append(out, workflows.PieceSummary{
			Name: m.Name, DisplayName: m.DisplayName, Description: m.Description, LogoURL: m.LogoURL,
			Version: m.Version, Authors: m.Authors, Categories: m.Categories,
			Actions: len(m.Actions), Triggers: len(m.Triggers),
			PieceType: m.PieceType, PackageType: m.PackageType, Extra: m.Extra,
		})
	}
	return out
}

// Metadata returns a piece's full metadata at the highest version that meets
// version ("" for the latest, "1.2.3", "^1.2.3" or "~1.2.3"); a piece or
// version the catalogue lacks is a 404, as on a server where it is not installed.
func (c *Catalogue) Metadata(name, version string) (*workflows.Piece, error) {
	p, ok := c.pieces[name]
	if !ok {
		return nil, apierr.NotFound("piece", name)
	}
	v, ok := highestSatisfying(p.versions, version)
	if !ok {
		return nil, apierr.NotFound("piece", name+"@"+strings.TrimSpace(version))
	}
	return p.Metadata(v.String()), nil
}

// Has reports whether the catalogue has the named piece, at any version.
func (c *Catalogue) Has(name string) bool {
	_, ok := c.pieces[name]
	return ok
}

// Action returns what runs an action of a piece; false when the sandbox
// cannot run it. Every version of a piece runs an action the same way.
func (c *Catalogue) Action(pieceName, actionName string) (Action, bool) {
	run, ok := c.pieces[pieceName].Actions[actionName]
	return run, ok && run != nil
}

// Accepts reports whether a webhook call with these headers may start a run
// of a flow whose trigger is t: whether it passes the checks of t's piece
// trigger (the webhook's authentication). Triggers without checks, and
// triggers of pieces outside the catalogue, accept every call.
func (c *Catalogue) Accepts(t *workflows.Trigger, headers map[string]string) bool {
	if t.Type != workflows.TriggerPiece {
		return true
	}
	check := c.pieces[t.Settings.PieceName].Triggers[t.Settings.TriggerName].Accepts
	return check == nil || check(t.Settings.Input, headers)
}

// Names lists the catalogue's piece names, for messages.
func (c *Catalogue) Names() string {
	return strings.Join(c.sortedNames(), ", ")
}

func (c *Catalogue) sortedNames() []string {
	names := make([]string, 0, len(c.pieces))
	for name := range c.pieces {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Runnable lists what the sandbox runs, piece by piece, for messages:
// "@activepieces/piece-delay (delayFor, delay_until), …", with the triggers
// that start runs marked as such.
func (c *Catalogue) Runnable() string {
	names := c.sortedNames()
	parts := make([]string, 0, len(names))
	for _, name := range names {
		p := c.pieces[name]
		m := p.Metadata(p.versions[len(p.versions)-1].String())
		var components []string
		for _, trigger := range sortedKeys(m.Triggers) {
			components = append(components, "trigger "+trigger)
		}
		for _, action := range sortedKeys(m.Actions) {
			if _, ok := c.Action(name, action); ok {
				components = append(components, action)
			}
		}
		parts = append(parts, name+" ("+strings.Join(components, ", ")+")")
	}
	return strings.Join(parts, "; ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
