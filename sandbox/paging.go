package sandbox

import (
	"cmp"
	"encoding/base64"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// defaultLimit is Activepieces' page size when the caller gives none.
const defaultLimit = 10

// noLimit is the limit that asks for every item on one page, as Activepieces'
// paginator reads limit=-1.
const noLimit = -1

// pageRequest is a parsed limit and cursor.
type pageRequest struct {
	Limit  int // noLimit for all items
	Cursor cursor
}

// cursor marks a place in a list, as Activepieces' keyset cursors do: the
// value of the timestamp the list is sorted by (Field, in milliseconds) on
// the item next to it, and that item's id, which places it among items
// stamped in the same millisecond. Before says whether the page wanted lies
// before it (a previous cursor) or after it (next) in list order. A keyset
// keeps pages stable while items are added.
type cursor struct {
	Set    bool
	Before bool
	Field  string // "created" or "updated"
	Millis int64
	ID     string
}

// encode writes the cursor the way Activepieces does: base64 of
// "next_"/"prev_" and the base64 of the sort key's columns
// ("created:<ms>,id:<id>"), so a cursor reads as one of theirs.
func (c cursor) encode() string {
	key := c.Field + ":" + strconv.FormatInt(c.Millis, 10)
	if c.ID != "" {
		key += ",id:" + c.ID
	}
	dir := "next_"
	if c.Before {
		dir = "prev_"
	}
	return base64.StdEncoding.EncodeToString([]byte(dir + base64.StdEncoding.EncodeToString([]byte(key))))
}

// decodeBase64 reads standard or URL-safe base64, padded or not. A "+" that
// reached the server unescaped arrives as a space, so spaces read as "+".
func decodeBase64(s string) ([]byte, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "+")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

// decodeCursor reads a cursor; false when s is not one the sandbox wrote.
func decodeCursor(s string) (cursor, bool) {
	outer, ok := decodeBase64(s)
	if !ok {
		return cursor{}, false
	}
	dir, rest, ok := strings.Cut(string(outer), "_")
	if !ok || (dir != "next" && dir != "prev") {
		return cursor{}, false
	}
	inner, ok := decodeBase64(rest)
	if !ok {
		return cursor{}, false
	}
	c := cursor{Set: true, Before: dir == "prev"}
	for column := range strings.SplitSeq(string(inner), ",") {
		name, value, _ := strings.Cut(column, ":")
		switch name {
		case "created", "updated":
			ms, err := strconv.ParseInt(value, 10, 64)
			if err != nil || c.Field != "" {
				return cursor{}, false
			}
			c.Field, c.Millis = name, ms
		case "id":
			if !store.ValidID(value) {
				return cursor{}, false
			}
			c.ID = value
		default:
			return cursor{}, false
		}
	}
	if c.Field == "" {
		return cursor{}, false
	}
	return c, true
}

// parsePage reads limit and cursor from a query string the way Activepieces
// does: a limit that is not a number is a 400, -1 means no limit, and 0 (or
// another negative number) is ignored; a cursor the sandbox cannot read asks
// for the first page, as Activepieces' paginator falls back to it.
func parsePage(q url.Values) (pageRequest, *apierr.Error) {
	p := pageRequest{Limit: defaultLimit}
	if raw := strings.TrimSpace(q.Get("limit")); raw != "" {
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return p, apierr.BadField("querystring", "limit", "must be number")
		}
		switch {
		case n == noLimit:
			p.Limit = noLimit
		case n >= 1:
			p.Limit = int(min(n, math.MaxInt32))
		}
	}
	if raw := q.Get("cursor"); raw != "" {
		if c, ok := decodeCursor(raw); ok {
			p.Cursor = c
		}
	}
	return p, nil
}

// listOrder says how a list is sorted: by which timestamp of its items
// (Field, read by Time), newest or oldest first. Items stamped in the same
// millisecond keep their store order (seq).
type listOrder[T any] struct {
	Field string
	Desc  bool
	Time  func(store.Item[T]) string
}

// byCreated sorts a list by creation time, as most Activepieces lists are.
func byCreated[T any](desc bool) listOrder[T] {
	return listOrder[T]{Field: "created", Desc: desc, Time: func(it store.Item[T]) string { return it.Created }}
}

// millisOf reads an ISO timestamp as Unix milliseconds; 0 when it is not one.
func millisOf(ts string) int64 {
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return 0
	}
	return t.UnixMilli()
}

// position is an item's place in its list: the sort timestamp, then seq.
type position struct {
	Millis int64
	Seq    int64
}

func (a position) compare(b position) int {
	if c := cmp.Compare(a.Millis, b.Millis); c != 0 {
		return c
	}
	return cmp.Compare(a.Seq, b.Seq)
}

// seekPage sorts items (already filtered) in list order and cuts one page out
// of them.
func seekPage[T any](items []store.Item[T], p pageRequest, o listOrder[T]) workflows.SeekPage[T] {
	pos := func(it store.Item[T]) position { return position{millisOf(o.Time(it)), it.Seq} }
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b store.Item[T]) int {
		if o.Desc {
			return pos(b).compare(pos(a))
		}
		return pos(a).compare(pos(b))
	})
	// ahead reports whether a comes after b in list order.
	ahead := func(a, b position) bool {
		if o.Desc {
			return a.compare(b) < 0
		}
		return a.compare(b) > 0
	}
	start, end := 0, len(sorted)
	if p.Limit != noLimit {
		end = min(p.Limit, len(sorted))
		if p.Cursor.Set {
			anchor := anchorOf(sorted, p.Cursor, o.Desc)
			if !p.Cursor.Before {
				start = slices.IndexFunc(sorted, func(it store.Item[T]) bool { return ahead(pos(it), anchor) })
				if start < 0 {
					start = len(sorted)
				}
				end = min(start+p.Limit, len(sorted))
			} else {
				end = 0
				for i, it := range sorted {
					if ahead(anchor, pos(it)) {
						end = i + 1
					}
				}
				start = max(0, end-p.Limit)
			}
		}
	}
	page := workflows.SeekPage[T]{Data: make([]T, 0, end-start)}
	for _, it := range sorted[start:end] {
		page.Data = append(page.Data, it.Value)
	}
	if p.Limit == noLimit || end == start {
		return page
	}
	if end < len(sorted) {
		s := cursor{Set: true, Field: o.Field, Millis: millisOf(o.Time(sorted[end-1])), ID: sorted[end-1].ID}.encode()
		page.Next = &s
	}
	if start > 0 {
		s := cursor{Set: true, Before: true, Field: o.Field, Millis: millisOf(o.Time(sorted[start])), ID: sorted[start].ID}.encode()
		page.Previous = &s
	}
	return page
}

// anchorOf places a cursor in a list: at its time, and among items of that
// millisecond by the seq of the item it names. When that item is gone, the
// anchor takes in every item of that millisecond, so a page may repeat one
// but never skips one.
func anchorOf[T any](items []store.Item[T], c cursor, desc bool) position {
	if i := slices.IndexFunc(items, func(it store.Item[T]) bool { return it.ID == c.ID }); i >= 0 && c.ID != "" {
		return position{c.Millis, items[i].Seq}
	}
	// Next in a newest-first list, or previous in an oldest-first one: the
	// wanted items have smaller positions, so the anchor sits above them all.
	if desc != c.Before {
		return position{c.Millis, math.MaxInt64}
	}
	return position{c.Millis, math.MinInt64}
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
