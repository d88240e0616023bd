package sandbox

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestSeekPageUnit(t *testing.T) {
	items := []store.Item[int]{{Seq: 1, Value: 1}, {Seq: 2, Value: 2}, {Seq: 3, Value: 3}, {Seq: 4, Value: 4}, {Seq: 5, Value: 5}}
	first := seekPage(items, pageRequest{Limit: 2}, false)
	if !slices.Equal(first.Data, []int{1, 2}) || first.Next == nil || first.Previous != nil {
		t.Fatalf("first page %+v", first)
	}
	c, _ := decodeCursor(*first.Next)
	second := seekPage(items, pageRequest{Limit: 2, Cursor: c}, false)
	if !slices.Equal(second.Data, []int{3, 4}) || second.Next == nil || second.Previous == nil {
		t.Fatalf("second page %+v", second)
	}
	back, _ := decodeCursor(*second.Previous)
	if again := seekPage(items, pageRequest{Limit: 2, Cursor: back}, false); !slices.Equal(again.Data, []int{1, 2}) || again.Previous != nil {
		t.Fatalf("previous of the second page %+v", again)
	}
	c, _ = decodeCursor(*second.Next)
	last := seekPage(items, pageRequest{Limit: 2, Cursor: c}, false)
	if !slices.Equal(last.Data, []int{5}) || last.Next != nil {
		t.Fatalf("last page %+v", last)
	}
	// Newest first: the same items in descending seq.
	desc := newestFirst(items)
	top := seekPage(desc, pageRequest{Limit: 3}, true)
	c, _ = decodeCursor(*top.Next)
	rest := seekPage(append([]store.Item[int]{{Seq: 9, Value: 9}}, desc...), pageRequest{Limit: 3, Cursor: c}, true)
	if !slices.Equal(top.Data, []int{5, 4, 3}) || !slices.Equal(rest.Data, []int{2, 1}) {
		t.Fatalf("newest-first pages %v then %v", top.Data, rest.Data)
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

	bad := []struct{ name, query, message string }{
		{"limit not a number", "limit=ten", "querystring/limit must be a non-negative integer"},
		{"negative limit", "limit=-1", "querystring/limit must be a non-negative integer"},
		{"forged cursor", "cursor=bm90LWEtY3Vyc29y", "querystring/cursor must be a cursor from a previous page's next or previous"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "GET", gw+"/v1/flows?"+tc.query, nil).expectError(t, 400, "FST_ERR_VALIDATION", tc.message)
		})
	}

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
		call(t, srv, "POST", gw+"/v1/mcp-servers", map[string]any{"projectId": projectID}).expect(t, 201)
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
