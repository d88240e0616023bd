package sandbox

import (
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// unitItems are n items created one millisecond apart, with ids and values 1..n.
func unitItems(n int) []store.Item[int] {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	items := make([]store.Item[int], n)
	for i := range items {
		items[i] = store.Item[int]{Seq: int64(i + 1), ID: fmt.Sprintf("item%017d", i+1), Created: store.ISOTime(base.Add(time.Duration(i) * time.Millisecond)), Value: i + 1}
	}
	return items
}

func TestSeekPageUnit(t *testing.T) {
	items := unitItems(5)
	asc := byCreated[int](false)
	first := seekPage(items, pageRequest{Limit: 2}, asc)
	if !slices.Equal(first.Data, []int{1, 2}) || first.Next == nil || first.Previous != nil {
		t.Fatalf("first page %+v", first)
	}
	c, _ := decodeCursor(*first.Next)
	second := seekPage(items, pageRequest{Limit: 2, Cursor: c}, asc)
	if !slices.Equal(second.Data, []int{3, 4}) || second.Next == nil || second.Previous == nil {
		t.Fatalf("second page %+v", second)
	}
	back, _ := decodeCursor(*second.Previous)
	if again := seekPage(items, pageRequest{Limit: 2, Cursor: back}, asc); !slices.Equal(again.Data, []int{1, 2}) || again.Previous != nil {
		t.Fatalf("previous of the second page %+v", again)
	}
	c, _ = decodeCursor(*second.Next)
	last := seekPage(items, pageRequest{Limit: 2, Cursor: c}, asc)
	if !slices.Equal(last.Data, []int{5}) || last.Next != nil {
		t.Fatalf("last page %+v", last)
	}
	// Newest first: an item added after the first page does not shift the next one.
	desc := byCreated[int](true)
	top := seekPage(items, pageRequest{Limit: 3}, desc)
	c, _ = decodeCursor(*top.Next)
	rest := seekPage(unitItems(9), pageRequest{Limit: 3, Cursor: c}, desc)
	if !slices.Equal(top.Data, []int{5, 4, 3}) || !slices.Equal(rest.Data, []int{2, 1}) {
		t.Fatalf("newest-first pages %v then %v", top.Data, rest.Data)
	}
	if all := seekPage(items, pageRequest{Limit: noLimit}, desc); len(all.Data) != 5 || all.Next != nil || all.Previous != nil {
		t.Fatalf("limit -1 answered %+v, want every item and no cursors", all)
	}
}

func TestSeekPageTiesAndDeletedAnchors(t *testing.T) {
	items := unitItems(6)
	for i := range items {
		items[i].Created = items[0].Created // all in one millisecond: seq orders them
	}
	asc := byCreated[int](false)
	first := seekPage(items, pageRequest{Limit: 2}, asc)
	c, _ := decodeCursor(*first.Next)
	if second := seekPage(items, pageRequest{Limit: 2, Cursor: c}, asc); !slices.Equal(second.Data, []int{3, 4}) {
		t.Fatalf("the page after a tie %v, want [3 4]", second.Data)
	}
	// The item the cursor names was deleted: the page repeats none but may
	// start over within the millisecond, never skipping an item.
	if without := seekPage(items[2:], pageRequest{Limit: 2, Cursor: c}, asc); !slices.Equal(without.Data, []int{3, 4}) {
		t.Fatalf("after a deleted anchor %v, want [3 4]", without.Data)
	}
}

func TestCursorFormat(t *testing.T) {
	c := cursor{Set: true, Field: "updated", Millis: 1767323045123, ID: "abcdefghijklmnopqrstu"}
	encoded := c.encode()
	outer, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || !strings.HasPrefix(string(outer), "next_") {
		t.Fatalf("cursor %q is not base64 of next_...: %q %v", encoded, outer, err)
	}
	inner, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(outer), "next_"))
	if err != nil || string(inner) != "updated:1767323045123,id:abcdefghijklmnopqrstu" {
		t.Fatalf("cursor key %q (%v), want the sort key and the id", inner, err)
	}
	for _, form := range []string{encoded, strings.TrimRight(encoded, "="), strings.NewReplacer("+", "-", "/", "_").Replace(encoded), strings.ReplaceAll(encoded, "+", " ")} {
		if got, ok := decodeCursor(form); !ok || got != c {
			t.Fatalf("decodeCursor(%q) = %+v, %v; want %+v", form, got, ok, c)
		}
	}
	prev := c
	prev.Before = true
	if got, ok := decodeCursor(prev.encode()); !ok || got != prev {
		t.Fatalf("previous cursor read back as %+v", got)
	}
	for _, bad := range []string{"", "!!", "bjox", base64.StdEncoding.EncodeToString([]byte("next_" + base64.StdEncoding.EncodeToString([]byte("seq:1")))),
		base64.StdEncoding.EncodeToString([]byte("up_" + base64.StdEncoding.EncodeToString([]byte("created:1"))))} {
		if got, ok := decodeCursor(bad); ok {
			t.Fatalf("decodeCursor(%q) read %+v", bad, got)
		}
	}
}

func TestParsePage(t *testing.T) {
	cases := []struct {
		query string
		limit int
		set   bool
	}{
		{"", defaultLimit, false},
		{"limit=0", defaultLimit, false},
		{"limit=-1", noLimit, false},
		{"limit=-5", defaultLimit, false},
		{"limit=25", 25, false},
		{"limit=2.5", 2, false},
		{"cursor=not-a-cursor", defaultLimit, false},
		{"limit=3&cursor=" + url.QueryEscape(cursor{Set: true, Field: "created", Millis: 5, ID: missingID}.encode()), 3, true},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		p, aerr := parsePage(q)
		if aerr != nil || p.Limit != tc.limit || p.Cursor.Set != tc.set {
			t.Errorf("%q: %+v, %v; want limit %d, cursor set %v", tc.query, p, aerr, tc.limit, tc.set)
		}
	}
	if _, aerr := parsePage(url.Values{"limit": {"ten"}}); aerr == nil || aerr.Message != "querystring/limit must be number" {
		t.Errorf("limit=ten: %v", aerr)
	}
}

// pageThrough follows next cursors, running between after each page, and returns every item's key.
func pageThrough[T any](t *testing.T, srv *httptest.Server, path string, limit int, key func(T) string, between func(page int)) []string {
	t.Helper()
	var keys []string
	cursor := ""
	for page := 0; page < 100; page++ {
		q := url.Values{"limit": {fmt.Sprint(limit)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p := decode[workflows.SeekPage[T]](t, call(t, srv, "GET", gw+path+"?"+q.Encode(), nil).expect(t, 200))
		if len(p.Data) > limit {
			t.Fatalf("page of %d items with limit %d", len(p.Data), limit)
		}
		for _, v := range p.Data {
			keys = append(keys, key(v))
		}
		if p.Next == nil {
			return keys
		}
		cursor = *p.Next
		if between != nil {
			between(page)
		}
	}
	t.Fatal("paging did not end")
	return nil
}

func TestPagingOverHTTP(t *testing.T) {
	_, srv := testEngine(t)
	for i := range 30 {
		call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": fmt.Sprintf("folder %02d", i)}).expect(t, 200)
		createFlow(t, srv, fmt.Sprintf("flow %02d", i))
	}

	t.Run("folders oldest first, stable while folders are added", func(t *testing.T) {
		added := 0
		names := pageThrough(t, srv, "/v1/folders", 7, func(f workflows.Folder) string { return f.DisplayName }, func(int) {
			added++
			call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": fmt.Sprintf("late %02d", added)}).expect(t, 200)
		})
		want := append([]string{}, store.SystemFolders...)
		for i := range 30 {
			want = append(want, fmt.Sprintf("folder %02d", i))
		}
		for i := 1; i <= added; i++ {
			want = append(want, fmt.Sprintf("late %02d", i))
		}
		if !slices.Equal(names, want) {
			t.Fatalf("folders paged as\n%v\nwant\n%v", names, want)
		}
	})

	t.Run("flows newest first, stable while flows are added", func(t *testing.T) {
		names := pageThrough(t, srv, "/v1/flows", 8, func(f workflows.Flow) string { return f.Version.DisplayName }, func(page int) {
			createFlow(t, srv, fmt.Sprintf("new %d", page))
		})
		var want []string
		for i := 29; i >= 0; i-- {
			want = append(want, fmt.Sprintf("flow %02d", i))
		}
		want = append(want, EchoFlowName)
		if !slices.Equal(names, want) {
			t.Fatalf("flows paged as\n%v\nwant\n%v", names, want)
		}
	})

	t.Run("default limit is 10", func(t *testing.T) {
		p := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows", nil).expect(t, 200))
		if len(p.Data) != 10 || p.Next == nil || p.Previous != nil {
			t.Fatalf("first page has %d flows, next %v, previous %v", len(p.Data), p.Next, p.Previous)
		}
	})

	t.Run("previous goes back", func(t *testing.T) {
		first := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=5", nil).expect(t, 200))
		second := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=5&cursor="+*first.Next, nil).expect(t, 200))
		back := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=5&cursor="+*second.Previous, nil).expect(t, 200))
		if len(back.Data) != 5 || back.Data[0].ID != first.Data[0].ID || back.Data[4].ID != first.Data[4].ID {
			t.Fatalf("previous page %v, want %v", back.Data, first.Data)
		}
	})

	t.Run("limit not a number", func(t *testing.T) {
		call(t, srv, "GET", gw+"/v1/flows?limit=ten", nil).expectError(t, 400, "FST_ERR_VALIDATION", "querystring/limit must be number")
	})

	t.Run("list routes tolerate limit and cursor", func(t *testing.T) {
		for _, path := range []string{"/v1/pieces?limit=3", "/v1/app-connections?limit=3", "/v1/tables?limit=3&cursor=",
			"/v1/flow-runs?limit=3", "/v1/projects?limit=3", "/v1/user-invitations?type=PROJECT&limit=3"} {
			call(t, srv, "GET", gw+path, nil).expect(t, 200)
		}
		call(t, srv, "GET", "/channel-service/v1/workflows/channel_automation?limit=3&cursor=x", nil).expect(t, 200)
	})
}

func TestEveryListRoutePagesPastTwentyFive(t *testing.T) {
	_, srv := testEngine(t, withRunner(fakeRun(workflows.RunSucceeded, nil)))
	projectID := defaultProject(t, srv)
	table := decode[workflows.Table](t, call(t, srv, "POST", gw+"/v1/tables", map[string]any{"name": "rows"}).expect(t, 201))
	echo := echoFlowID(t, srv)
	const n = 26
	for i := range n {
		call(t, srv, "POST", gw+"/v1/app-connections", connectionBody(fmt.Sprint(i), "NO_AUTH", map[string]any{"type": "NO_AUTH"})).expect(t, 201)
		call(t, srv, "POST", gw+"/v1/tables", map[string]any{"name": fmt.Sprint("t", i)}).expect(t, 201)
		call(t, srv, "POST", gw+"/v1/mcp-servers", map[string]any{"projectId": projectID}).expect(t, 200)
		call(t, srv, "POST", gw+"/v1/user-invitations", map[string]any{"email": fmt.Sprintf("u%d@example.com", i), "type": "PLATFORM"}).expect(t, 201)
		call(t, srv, "POST", gw+"/v1/records", map[string]any{"tableId": table.ID, "records": []any{[]any{}}}).expect(t, 201)
		call(t, srv, "POST", gw+"/v1/webhooks/"+echo+"/sync", `{}`).expect(t, 408)
	}
	routes := []struct {
		path string
		want int
	}{
		{"/v1/app-connections", n},
		{"/v1/tables", n + 2}, // and the seeded Customers table, and rows
		{"/v1/mcp-servers?projectId=" + projectID, n},
		{"/v1/user-invitations?type=PLATFORM", n},
		{"/v1/records?tableId=" + table.ID, n},
		{"/v1/flow-runs", n},
	}
	for _, route := range routes {
		t.Run(route.path, func(t *testing.T) {
			sep := "?"
			if strings.Contains(route.path, "?") {
				sep = "&"
			}
			ids := map[string]bool{}
			cursor, pages := "", 0
			for {
				path := route.path + sep + "limit=10"
				if cursor != "" {
					path += "&cursor=" + cursor
				}
				page := decode[workflows.SeekPage[workflows.Base]](t, call(t, srv, "GET", gw+path, nil).expect(t, 200))
				pages++
				for _, it := range page.Data {
					if ids[it.ID] || !store.ValidID(it.ID) {
						t.Fatalf("id %q repeated or malformed on page %d", it.ID, pages)
					}
					ids[it.ID] = true
				}
				if page.Next == nil {
					break
				}
				cursor = *page.Next
			}
			if len(ids) != route.want || pages != (route.want+9)/10 {
				t.Fatalf("%d items on %d pages, want %d items", len(ids), pages, route.want)
			}
		})
	}
}

// TestPagingAsActivepieces checks, on both layouts, what Activepieces'
// paginator does with limits and cursors: -1 lists everything, 0 is the
// default, and a cursor it cannot read gives the first page (the sandbox
// used to answer 400 for these).
func TestPagingAsActivepieces(t *testing.T) {
	_, srv := testEngine(t)
	for i := range 12 {
		createFlow(t, srv, fmt.Sprintf("flow %02d", i))
	}
	for _, base := range []string{gw, ap} {
		t.Run(base, func(t *testing.T) {
			list := func(query string) workflows.SeekPage[workflows.Flow] {
				return decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", base+"/v1/flows?"+query, nil).expect(t, 200))
			}
			if all := list("limit=-1"); len(all.Data) != 13 || all.Next != nil || all.Previous != nil {
				t.Fatalf("limit=-1: %d flows, next %v; want all 13 and no cursors", len(all.Data), all.Next)
			}
			first := list("")
			if zero := list("limit=0"); len(zero.Data) != defaultLimit || zero.Data[0].ID != first.Data[0].ID {
				t.Fatalf("limit=0: %d flows, want the default page of %d", len(zero.Data), defaultLimit)
			}
			for _, forged := range []string{"bm90LWEtY3Vyc29y", "!!!", base64.StdEncoding.EncodeToString([]byte("n:16"))} {
				if p := list("limit=3&cursor=" + url.QueryEscape(forged)); len(p.Data) != 3 || p.Data[0].ID != first.Data[0].ID || p.Previous != nil {
					t.Fatalf("cursor %q: %d flows from %s, want the first page", forged, len(p.Data), p.Data[0].ID)
				}
			}
			// A cursor is base64 of next_ and the base64 of the sort key and id.
			outer, err := base64.StdEncoding.DecodeString(*first.Next)
			if err != nil || !strings.HasPrefix(string(outer), "next_") {
				t.Fatalf("next cursor %q is not Activepieces' form", *first.Next)
			}
			inner, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(outer), "next_"))
			last := first.Data[len(first.Data)-1]
			if want := fmt.Sprintf("updated:%d,id:%s", millisOf(last.Updated), last.ID); string(inner) != want {
				t.Fatalf("cursor key %q, want %q", inner, want)
			}
			pieces := decode[[]workflows.PieceSummary](t, call(t, srv, "GET", base+"/v1/pieces?limit=1", nil).expect(t, 200))
			if len(pieces) < 2 {
				t.Fatalf("GET /v1/pieces?limit=1 listed %d pieces: Activepieces ignores limit there", len(pieces))
			}
			call(t, srv, "GET", base+"/v1/pieces?limit=x", nil).expect(t, 200)
			call(t, srv, "GET", base+"/v1/flow-runs?flowId=notanid", nil).expectError(t, 400, "FST_ERR_VALIDATION",
				`querystring/flowId/0 must match pattern "^[0-9a-zA-Z]{21}$"`)
		})
	}
}
