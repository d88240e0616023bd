package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/backend"
	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func piecesToolset(c *client.Client) *toolkit.Toolset {
	return toolkit.NewToolset("pieces", "Pieces: the integrations whose actions and triggers flows use").
		AddReadTools(ListPieces(c), GetPiece(c))
}

// defaultPieceLimit is list_pieces' page size when none is given: the engine has no default.
const defaultPieceLimit = 20

type listPiecesInput struct {
	SearchQuery string   `json:"searchQuery,omitempty" jsonschema_description:"Words in piece, action or trigger names or descriptions"`
	Categories  []string `json:"categories,omitempty" jsonschema_description:"Only these categories, e.g. ARTIFICIAL_INTELLIGENCE"`
	Limit       int      `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100" jsonschema_description:"At most this many (default 20)"`
}

type pieceSummaryOut struct {
	Name        string   `json:"name" jsonschema_description:"Piece name for pieceName"`
	DisplayName string   `json:"displayName"`
	Description string   `json:"description,omitempty"`
	Version     string   `json:"version" jsonschema_description:"Latest version"`
	Actions     int      `json:"actions" jsonschema_description:"Number of actions"`
	Triggers    int      `json:"triggers" jsonschema_description:"Number of triggers"`
	Matches     []string `json:"matches,omitempty" jsonschema_description:"Actions and triggers that match searchQuery"`
}

type listPiecesOutput struct {
	Pieces  []pieceSummaryOut `json:"pieces"`
	HasMore bool              `json:"hasMore" jsonschema_description:"True when the limit was reached: raise it or refine searchQuery"`
	Note    string            `json:"note,omitempty" jsonschema_description:"On the built-in sandbox: that it runs only these pieces"`
}

// sandboxNote says, on the built-in sandbox, that the list is all it runs.
const sandboxNote = "The built-in sandbox runs only these pieces (plus CODE steps, loops and routers); a flow using another is refused when published."

// ListPieces lists available pieces (SDK listPieces). A searchQuery is
// matched here, over the whole catalogue, against pieces and their actions'
// and triggers' names: servers search only piece names and descriptions, so
// "return response" would not find the webhook piece's return_response.
func ListPieces(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "list_pieces", Title: "List pieces", Hints: toolkit.ReadHints, Narrow: "use a smaller limit or a searchQuery",
		Description: "List pieces (integrations) with their latest version and counts of actions and triggers; " +
			"searchQuery also finds actions and triggers by name. get_piece shows them."}
	index := newPieceIndex()
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *listPiecesInput) (*listPiecesOutput, error) {
		limit := in.Limit
		if limit == 0 {
			limit = defaultPieceLimit
		}
		if strings.TrimSpace(in.SearchQuery) != "" {
			out, err := index.search(ctx, c, in.SearchQuery, in.Categories, limit)
			if err == nil && backend.IsSandbox(c) {
				out.Note = sandboxNote
			}
			return out, err
		}
		pieces, err := c.ListPieces(ctx, client.ListPiecesParams{Categories: in.Categories, Limit: limit})
		if err != nil {
			return nil, err
		}
		out := &listPiecesOutput{Pieces: []pieceSummaryOut{}, HasMore: len(pieces) >= limit}
		if backend.IsSandbox(c) {
			out.Note = sandboxNote
		}
		for _, p := range pieces {
			if len(out.Pieces) == limit {
				break
			}
			out.Pieces = append(out.Pieces, pieceSummary(p, nil))
		}
		return out, nil
	})
}

func pieceSummary(p workflows.PieceSummary, matches []string) pieceSummaryOut {
	return pieceSummaryOut{Name: p.Name, DisplayName: p.DisplayName, Description: shorten(p.Description, 160),
		Version: p.Version, Actions: p.Actions, Triggers: p.Triggers, Matches: matches}
}

type getPieceInput struct {
	PieceName string `json:"pieceName" jsonschema:"minLength=1" jsonschema_description:"e.g. @activepieces/piece-http"`
	Version   string `json:"version,omitempty" jsonschema_description:"Exact, ^ or ~ version (default: latest)"`
	detailArg
}

type propOut struct {
	Name         string `json:"name"`
	DisplayName  string `json:"displayName,omitempty"`
	Type         string `json:"type" jsonschema_description:"SHORT_TEXT, NUMBER, JSON, STATIC_DROPDOWN, ..."`
	Required     bool   `json:"required"`
	Description  string `json:"description,omitempty"`
	DefaultValue any    `json:"defaultValue,omitempty"`
	Options      any    `json:"options,omitempty" jsonschema_description:"Dropdown choices"`
}

type componentOut struct {
	Name        string    `json:"name" jsonschema_description:"actionName or triggerName"`
	DisplayName string    `json:"displayName,omitempty"`
	Description string    `json:"description,omitempty"`
	Required    string    `json:"required,omitempty" jsonschema_description:"Inputs to give: key (label, type: choices)"`
	Optional    string    `json:"optional,omitempty" jsonschema_description:"Other inputs; required ones with a default are filled in"`
	Props       []propOut `json:"props,omitempty" jsonschema_description:"detail=full: every input"`
}

type pieceOut struct {
	Name        string         `json:"name"`
	DisplayName string         `json:"displayName"`
	Description string         `json:"description,omitempty"`
	Version     string         `json:"version"`
	Use         string         `json:"use" jsonschema_description:"How a flow step or trigger names this piece"`
	Actions     []componentOut `json:"actions"`
	Triggers    []componentOut `json:"triggers"`
}

// GetPiece shows a piece's actions and triggers (the SDK's generated API).
func GetPiece(c *client.Client) toolkit.Tool {
	sp := toolkit.Spec{Name: "get_piece", Title: "Get piece", Hints: toolkit.ReadHints, FindIDs: "list_pieces lists piece names", Narrow: "use detail=summary",
		Description: "Get a piece's actions and triggers with the inputs each takes (required ones with their types); detail=full describes every input."}
	return newTool(c, sp, func(ctx context.Context, _ mcp.CallToolRequest, in *getPieceInput) (*pieceOut, error) {
		p, err := c.GetPiece(ctx, in.PieceName, in.Version)
		if err != nil {
			return nil, err
		}
		use := fmt.Sprintf(`build_flow step {"type":"PIECE","pieceName":%q,"actionName":"<action>","input":{<required>}}; trigger {"pieceName":%q,"triggerName":"<trigger>"}`, p.Name, p.Name)
		return &pieceOut{Name: p.Name, DisplayName: p.DisplayName, Description: p.Description, Version: p.Version, Use: use,
			Actions: components(p.Actions, in.full()), Triggers: components(p.Triggers, in.full())}, nil
	})
}

// components lists actions or triggers, each with its inputs on one line:
// what to give (key, label, type and choices) and what else it takes.
func components(m map[string]workflows.PieceComponent, full bool) []componentOut {
	out := []componentOut{}
	for _, name := range sortedKeys(m) {
		pc := m[name]
		co := componentOut{Name: name, DisplayName: pc.DisplayName, Description: shorten(pc.Description, 200)}
		var required, optional []string
		for _, prop := range sortedKeys(pc.Props) {
			p := pc.Props[prop]
			switch {
			case p.Type == "MARKDOWN":
			case p.Required && defaultOf(p) == nil:
				required = append(required, propSummary(prop, p))
			case defaultOf(p) != nil:
				optional = append(optional, fmt.Sprintf("%s (default %v)", prop, defaultOf(p)))
			default:
				optional = append(optional, prop)
			}
			if full {
				co.Props = append(co.Props, propOut{Name: prop, DisplayName: p.DisplayName, Type: p.Type, Required: p.Required,
					Description: p.Description, DefaultValue: rawOrNil(p.DefaultValue), Options: rawOrNil(p.Options)})
			}
		}
		co.Required, co.Optional = strings.Join(required, ", "), strings.Join(optional, ", ")
		out = append(out, co)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func rawOrNil(raw json.RawMessage) any {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return raw
}

// shorten cuts s to at most n runes, marking the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
