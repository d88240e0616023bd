package tools

import (
	"fmt"
	"regexp"
	"unicode/utf8"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/schema"
)

// IDPattern is the engine's id format: 21 letters and digits. Ids in paths are
// checked against it before anything is sent (the engine answers 400 anyway).
// The reference (docs/tools.md) shows an argument with this pattern as "id".
const IDPattern = "^[0-9A-Za-z]{21}$"

// defaultLimit is the engine's own default page size.
const defaultLimit = 10

// pageArgs are the paging arguments of every list tool.
type pageArgs struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"minimum=1,maximum=100" jsonschema_description:"Default 10"`
	Cursor string `json:"cursor,omitempty" jsonschema_description:"From nextCursor"`
}

func (p pageArgs) page() client.Page {
	limit := p.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	return client.Page{Limit: limit, Cursor: p.Cursor}
}

// pageInfo is the paging part of every list result.
type pageInfo struct {
	NextCursor string `json:"nextCursor,omitempty" jsonschema_description:"Pass as cursor to get the next page"`
	HasMore    bool   `json:"hasMore" jsonschema_description:"True when more items follow"`
}

func pageOf(next *string) pageInfo {
	if next == nil || *next == "" {
		return pageInfo{}
	}
	return pageInfo{NextCursor: *next, HasMore: true}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// projectArg is the optional project of tools whose SDK call needs one.
type projectArg struct {
	ProjectID string `json:"projectId,omitempty" jsonschema_description:"Default: bridge project"`
}

// detailArg selects how much a get_* tool returns.
type detailArg struct {
	Detail string `json:"detail,omitempty" jsonschema:"enum=summary,enum=full" jsonschema_description:"Default summary"`
}

func (d detailArg) full() bool { return d.Detail == "full" }

// deleted is the result of every delete tool.
type deleted struct {
	Deleted bool   `json:"deleted" jsonschema_description:"True once the item is gone"`
	ID      string `json:"id" jsonschema_description:"Id of the deleted item"`
}

// idPattern is IDPattern compiled, for ids checked in code rather than in a
// schema (where the pattern would cost bytes in every definition).
var idPattern = regexp.MustCompile(IDPattern)

// Input length limits, checked before anything is sent: the engine stores what
// it is given, and one huge name would then weigh on every list that shows it.
// They are documented in docs/tools.md (schema maxLength where the definition
// can afford the bytes).
const (
	maxNameChars = 255     // names and display names
	maxCodeChars = 1 << 16 // a CODE step's source
)

// checkLength records a string longer than max characters, naming the limit
// and the length given (never the value: it may be huge).
func checkLength(chk *specCheck, path, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		chk.problems = append(chk.problems, &schema.FieldError{Path: path, Problem: "invalid",
			Expected: fmt.Sprintf("at most %d characters", max), Got: fmt.Sprintf("%d characters", n)})
	}
}

// Limit is one input limit the tools check before sending anything.
type Limit struct{ What, Max string }

// Limits lists the input limits, for the reference (docs/tools.md): a model
// that reads them there, or in an error, need not find them by failing.
func Limits() []Limit {
	return []Limit{
		{"a name or display name (flow, folder, step, router branch, table, column, connection, MCP server, connection key)", fmt.Sprintf("%d characters", maxNameChars)},
		{"a CODE step's source", fmt.Sprintf("%d characters", maxCodeChars)},
		{"a trigger payload (trigger_flow, trigger_flow_sync)", "1 MiB of JSON"},
		{"all the arguments of one call", "2 MiB of JSON"},
		{"steps in one build_flow spec", fmt.Sprintf("%d", maxBuildSteps)},
		{"records in one insert_records call", fmt.Sprintf("%d", client.MaxRecordsPerCall)},
		{"a result", "32 KiB of JSON: longer strings in it are cut, marked \"…[cut, N bytes]\"; past that the tool says how to ask for less"},
	}
}
