package mcpextra

import (
	"context"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// flowCandidates are the project's newest flows, by id and display name.
func flowCandidates(ctx context.Context, c *client.Client, _ map[string]string) ([]candidate, bool, error) {
	projectID, err := c.ResolveProjectID(ctx, "")
	if err != nil {
		return nil, false, err
	}
	page, err := c.ListFlowSummaries(ctx, client.ListFlowsParams{ProjectID: projectID, Page: client.Page{Limit: completePage}})
	if err != nil {
		return nil, false, err
	}
	out := make([]candidate, 0, len(page.Data))
	for _, f := range page.Data {
		cand := candidate{value: f.ID}
		if f.Version != nil {
			cand.label = f.Version.DisplayName
		}
		out = append(out, cand)
	}
	return out, hasNext(page.Next), nil
}

// runCandidates are the newest runs, of the chosen flow when args has a flowId.
func runCandidates(ctx context.Context, c *client.Client, args map[string]string) ([]candidate, bool, error) {
	projectID, err := c.ResolveProjectID(ctx, "")
	if err != nil {
		return nil, false, err
	}
	p := client.ListRunsParams{ProjectID: projectID, Page: client.Page{Limit: completePage}}
	if flowID := args["flowId"]; isID(flowID) {
		p.FlowID = []string{flowID}
	}
	page, err := c.ListRuns(ctx, p)
	if err != nil {
		return nil, false, err
	}
	out := make([]candidate, 0, len(page.Data))
	for _, r := range page.Data {
		out = append(out, candidate{value: r.ID, label: r.FlowDisplayName})
	}
	return out, hasNext(page.Next), nil
}

// folderCandidates are the project's folders, by id and display name.
func folderCandidates(ctx context.Context, c *client.Client, _ map[string]string) ([]candidate, bool, error) {
	projectID, err := c.ResolveProjectID(ctx, "")
	if err != nil {
		return nil, false, err
	}
	page, err := c.ListFolders(ctx, projectID, client.Page{Limit: completePage})
	if err != nil {
		return nil, false, err
	}
	out := make([]candidate, 0, len(page.Data))
	for _, f := range page.Data {
		out = append(out, candidate{value: f.ID, label: f.DisplayName})
	}
	return out, hasNext(page.Next), nil
}

// tableCandidates are the project's tables, by id and name.
func tableCandidates(ctx context.Context, c *client.Client, _ map[string]string) ([]candidate, bool, error) {
	projectID, err := c.ResolveProjectID(ctx, "")
	if err != nil {
		return nil, false, err
	}
	page, err := c.ListTables(ctx, projectID, client.Page{Limit: completePage})
	if err != nil {
		return nil, false, err
	}
	out := make([]candidate, 0, len(page.Data))
	for _, t := range page.Data {
		out = append(out, candidate{value: t.ID, label: t.Name})
	}
	return out, hasNext(page.Next), nil
}

// pieceCandidates are the pieces the engine finds for args["query"] (all, up
// to a page, when it is empty), by name and display name.
func pieceCandidates(ctx context.Context, c *client.Client, args map[string]string) ([]candidate, bool, error) {
	pieces, err := c.ListPieces(ctx, client.ListPiecesParams{SearchQuery: args["query"], Limit: completePage})
	if err != nil {
		return nil, false, err
	}
	out := make([]candidate, 0, len(pieces))
	for _, p := range pieces {
		out = append(out, candidate{value: p.Name, label: p.DisplayName})
	}
	return out, len(pieces) >= completePage, nil
}

// pieceQuery is what to search the engine for while a piece name is typed:
// the short name, without the scope and "piece-" ("@activepieces/piece-ht" →
// "ht"), and nothing while only the scope is typed ("@activepie").
func pieceQuery(typed string) string {
	typed = strings.TrimSpace(typed)
	if strings.HasPrefix(typed, "@") && !strings.Contains(typed, "/") {
		return ""
	}
	return shortPieceName(typed)
}

// shortPieceName drops a piece name's scope and "piece-" prefix.
func shortPieceName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimPrefix(name, "piece-")
}

// hasNext reports whether a page says more follow.
func hasNext(next *string) bool { return next != nil && *next != "" }
