package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// pages serves numbered items in pages keyed by cursor: pages[cursor] = (items, next).
type fakePage struct {
	items []int
	next  string
}

func fetchFrom(pages map[string]fakePage, cursors *[]string) func(context.Context, string) (*workflows.SeekPage[int], error) {
	return func(_ context.Context, cursor string) (*workflows.SeekPage[int], error) {
		*cursors = append(*cursors, cursor)
		p, ok := pages[cursor]
		if !ok {
			return nil, fmt.Errorf("no page at cursor %q", cursor)
		}
		out := &workflows.SeekPage[int]{Data: p.items}
		if p.next != "" {
			out.Next = &p.next
		}
		return out, nil
	}
}

func TestCollect(t *testing.T) {
	three := map[string]fakePage{"": {[]int{1, 2}, "c1"}, "c1": {[]int{3, 4}, "c2"}, "c2": {[]int{5}, ""}}
	cases := []struct {
		name        string
		pages       map[string]fakePage
		max         int
		want        []int
		wantCursors []string
		wantErr     string
	}{
		{"follows next cursors to the last page", three, 100, []int{1, 2, 3, 4, 5}, []string{"", "c1", "c2"}, ""},
		{"bound met exactly on the last page", three, 5, []int{1, 2, 3, 4, 5}, []string{"", "c1", "c2"}, ""},
		{"bound met before the last page", three, 4, []int{1, 2, 3, 4}, []string{"", "c1"}, ErrTooManyPages.Error()},
		{"bound inside a page", three, 3, []int{1, 2, 3}, []string{"", "c1"}, ErrTooManyPages.Error()},
		{"an empty page ends it", map[string]fakePage{"": {[]int{1}, "c1"}, "c1": {nil, "c2"}}, 10, []int{1}, []string{"", "c1"}, ""},
		{"a cursor loop is an error", map[string]fakePage{"": {[]int{1}, "c1"}, "c1": {[]int{2}, "c1"}}, 10, []int{1, 2}, []string{"", "c1"},
			`paging: the server returned cursor "c1" twice`},
		{"a failing page keeps what came before", map[string]fakePage{"": {[]int{1}, "gone"}}, 10, []int{1}, []string{"", "gone"},
			`no page at cursor "gone"`},
		{"the bound must be positive", three, 0, nil, nil, "paging: maxItems must be positive, got 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var cursors []string
			got, err := Collect(context.Background(), tc.max, fetchFrom(tc.pages, &cursors))
			if (err == nil) != (tc.wantErr == "") || (err != nil && err.Error() != tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(cursors, tc.wantCursors) {
				t.Errorf("got %v after cursors %q, want %v after %q", got, cursors, tc.want, tc.wantCursors)
			}
		})
	}
}

func TestCollectStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Collect(ctx, 100, func(context.Context, string) (*workflows.SeekPage[int], error) {
		calls++
		cancel()
		next := fmt.Sprint("c", calls)
		return &workflows.SeekPage[int]{Data: []int{calls}, Next: &next}, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("err = %v after %d pages, want context.Canceled after 1", err, calls)
	}
}

func TestCollectFlowsFromAServer(t *testing.T) {
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("cursor") {
		case "":
			answer(200, page("cUrS0r+1/2=", folderJSON, folderJSON))(w, r)
		case "cUrS0r+1/2=":
			answer(200, page("", folderJSON))(w, r)
		default:
			answer(400, `{"code":"VALIDATION","params":{}}`)(w, r)
		}
	})
	c := mustNew(t, imbraceConfig(e))
	folders, err := Collect(context.Background(), 50, func(ctx context.Context, cursor string) (*workflows.SeekPage[workflows.Folder], error) {
		return c.ListFolders(ctx, "p1", Page{Limit: 2, Cursor: cursor})
	})
	if err != nil || len(folders) != 3 {
		t.Fatalf("got %d folders, %v", len(folders), err)
	}
	if q := e.requests()[1].RawQuery; q != "cursor=cUrS0r%2B1%2F2%3D&limit=2&projectId=p1" {
		t.Errorf("second page query %q: the cursor must be escaped", q)
	}
}
