package tools

import (
	"context"
	"strings"
	"sync"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// pieceFetchers bounds the piece metadata a search fetches at once.
const pieceFetchers = 8

// pieceIndex remembers the action and trigger names of each piece version a
// search has fetched. A version's metadata never changes, so nothing goes
// stale; the first search pays for the lookups, later ones are free.
type pieceIndex struct {
	mu    sync.Mutex
	names map[string][]string // "name@version" → "action return_response (Return Response)", …
}

func newPieceIndex() *pieceIndex { return &pieceIndex{names: map[string][]string{}} }

// searchWords splits a query or a name into lower-case words, so that
// "Return Response" and "return_response" meet.
func searchWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '/' || r == '@' || r == '.' || r == ','
	})
}

// matchesAll reports whether every query word occurs in text.
func matchesAll(words []string, text string) bool {
	hay := strings.Join(searchWords(text), " ")
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// search lists the pieces whose name or description, or one of whose actions
// or triggers, matches every word of query: piece-level matches first, in the
// catalogue's order. Piece metadata is fetched only as far as needed to fill
// the page (and to tell whether more follow).
func (x *pieceIndex) search(ctx context.Context, c *client.Client, query string, categories []string, limit int) (*listPiecesOutput, error) {
	words := searchWords(query)
	all, err := c.ListPieces(ctx, client.ListPiecesParams{Categories: categories})
	if err != nil {
		return nil, err
	}
	out := &listPiecesOutput{Pieces: []pieceSummaryOut{}}
	var rest []workflows.PieceSummary
	for _, p := range all {
		if matchesAll(words, p.Name+" "+p.DisplayName+" "+p.Description) {
			out.Pieces = append(out.Pieces, pieceSummary(p, nil))
		} else {
			rest = append(rest, p)
		}
	}
	for start := 0; start < len(rest) && len(out.Pieces) <= limit; start += pieceFetchers {
		batch := rest[start:min(start+pieceFetchers, len(rest))]
		names, err := x.componentNames(ctx, c, batch)
		if err != nil {
			return nil, err
		}
		for i, p := range batch {
			var matches []string
			for _, n := range names[i] {
				// Match the name and display name, not the "action"/"trigger" label.
				if matchesAll(words, n[strings.IndexByte(n, ' ')+1:]) {
					matches = append(matches, n)
				}
			}
			if len(matches) > 0 {
				out.Pieces = append(out.Pieces, pieceSummary(p, matches))
			}
		}
	}
	if len(out.Pieces) > limit {
		out.Pieces, out.HasMore = out.Pieces[:limit], true
	}
	return out, nil
}

// componentNames returns, for each piece, its actions and triggers as
// "action name (Display Name)", fetching the pieces not yet indexed at once.
func (x *pieceIndex) componentNames(ctx context.Context, c *client.Client, pieces []workflows.PieceSummary) ([][]string, error) {
	out := make([][]string, len(pieces))
	errs := make([]error, len(pieces))
	var wg sync.WaitGroup
	for i, p := range pieces {
		key := p.Name + "@" + p.Version
		x.mu.Lock()
		names, ok := x.names[key]
		x.mu.Unlock()
		if ok {
			out[i] = names
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			meta, err := c.GetPiece(ctx, p.Name, p.Version)
			if err != nil {
				if !client.IsNotFound(err) { // a piece listed but gone since is simply not matched
					errs[i] = err
				}
				return
			}
			out[i] = describeComponents(meta)
			x.mu.Lock()
			x.names[key] = out[i]
			x.mu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func describeComponents(p *workflows.Piece) []string {
	var names []string
	for _, kind := range []struct {
		label string
		m     map[string]workflows.PieceComponent
	}{{"action", p.Actions}, {"trigger", p.Triggers}} {
		for _, name := range sortedKeys(kind.m) {
			names = append(names, kind.label+" "+name+" ("+kind.m[name].DisplayName+")")
		}
	}
	return names
}
