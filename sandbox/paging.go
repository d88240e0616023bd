package sandbox

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// defaultLimit is Activepieces' page size when the caller gives none.
const defaultLimit = 10

// pageRequest is a parsed limit and cursor.
type pageRequest struct {
	Limit  int
	Cursor cursor
}

// cursor marks a place in a list: the seq of the item next to it, and whether
// the page wanted lies after it (next) or before it (previous) in list order.
// Anchoring on seq keeps pages stable while items are added.
type cursor struct {
	Set    bool
	Seq    int64
	Before bool
}

func (c cursor) encode() string {
	dir := "n"
	if c.Before {
		dir = "p"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(dir + ":" + strconv.FormatInt(c.Seq, 10)))
}

func decodeCursor(s string) (cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	dir, num, ok := strings.Cut(string(raw), ":")
	seq, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || seq < 0 || (dir != "n" && dir != "p") {
		return cursor{}, false
	}
	return cursor{Set: true, Seq: seq, Before: dir == "p"}, true
}

// parsePage reads limit and cursor from a query string.
func parsePage(q url.Values) (pageRequest, *apierr.Error) {
	p := pageRequest{Limit: defaultLimit}
	if raw := q.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return p, apierr.BadField("querystring", "limit", "must be a non-negative integer")
		}
		if n > 0 {
			p.Limit = n
		}
	}
	if raw := q.Get("cursor"); raw != "" {
		c, ok := decodeCursor(raw)
		if !ok {
			return p, apierr.BadField("querystring", "cursor", "must be a cursor from a previous page's next or previous")
		}
		p.Cursor = c
	}
	return p, nil
}

// seekPage cuts one page out of items, which are already filtered and in list
// order (newestFirst says whether that order is descending seq).
func seekPage[T any](items []store.Item[T], p pageRequest, newestFirst bool) workflows.SeekPage[T] {
	// after reports whether seq a comes after seq b in list order.
	after := func(a, b int64) bool {
		if newestFirst {
			return a < b
		}
		return a > b
	}
	var start, end int // every case sets end; start stays 0 unless a cursor moves it
	switch {
	case p.Cursor.Set && !p.Cursor.Before:
		start = len(items)
		for i, it := range items {
			if after(it.Seq, p.Cursor.Seq) {
				start = i
				break
			}
		}
		end = min(start+p.Limit, len(items))
	case p.Cursor.Set && p.Cursor.Before:
		end = 0
		for i, it := range items {
			if !after(it.Seq, p.Cursor.Seq) && it.Seq != p.Cursor.Seq {
				end = i + 1
			}
		}
		start = max(0, end-p.Limit)
	default:
		end = min(p.Limit, len(items))
	}
	page := workflows.SeekPage[T]{Data: make([]T, 0, end-start)}
	for _, it := range items[start:end] {
		page.Data = append(page.Data, it.Value)
	}
	if end < len(items) && end > start {
		s := cursor{Set: true, Seq: items[end-1].Seq}.encode()
		page.Next = &s
	}
	if start > 0 && end > start {
		s := cursor{Set: true, Seq: items[start].Seq, Before: true}.encode()
		page.Previous = &s
	}
	return page
}

// newestFirst returns items in descending seq order.
func newestFirst[T any](items []store.Item[T]) []store.Item[T] {
	out := slices.Clone(items)
	slices.Reverse(out)
	return out
}

// filterItems keeps the items keep accepts.
func filterItems[T any](items []store.Item[T], keep func(T) bool) []store.Item[T] {
	out := items[:0:0]
	for _, it := range items {
		if keep(it.Value) {
			out = append(out, it)
		}
	}
	return out
}
