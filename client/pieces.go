package client

import (
	"context"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ListPiecesParams filters ListPieces.
type ListPiecesParams struct {
	SearchQuery string
	Categories  []string
	Limit       int
}

// ListPieces lists piece summaries (a plain array, not a page).
func (c *Client) ListPieces(ctx context.Context, p ListPiecesParams) ([]workflows.PieceSummary, error) {
	q := query{}.set("searchQuery", p.SearchQuery).list("categories", p.Categories...).int("limit", p.Limit)
	out, err := get[[]workflows.PieceSummary](ctx, c, "/v1/pieces", q.values())
	if err != nil {
		return nil, err
	}
	return *out, nil
}

// GetPiece returns a piece's full metadata; version may be empty, exact, or ^/~ prefixed.
// Scoped names (@scope/name) are sent as two escaped path segments.
func (c *Client) GetPiece(ctx context.Context, name, version string) (*workflows.Piece, error) {
	scope, rest, scoped := strings.Cut(name, "/")
	if !scoped {
		scope, rest = "", name
	}
	path, err := idPath("pieceName", rest, "v1", "pieces")
	if err != nil {
		return nil, err
	}
	if scoped {
		if path, err = idPath("pieceName", scope, "v1", "pieces"); err != nil {
			return nil, err
		}
		path += pathOf(rest)
	}
	return get[workflows.Piece](ctx, c, path, query{}.set("version", version).values())
}
