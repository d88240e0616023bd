package client

import (
	"context"
	"errors"
)

// ErrTooManyPages is returned by Collect when the item bound is reached before the last page.
var ErrTooManyPages = errors.New("more items than the bound allows; narrow the query")

// Collect follows next cursors from the first page until the last page or until
// maxItems items were gathered (then it returns them with ErrTooManyPages).
func Collect[T any](ctx context.Context, maxItems int, fetch func(ctx context.Context, cursor string) (*SeekPage[T], error)) ([]T, error) {
	var all []T
	cursor := ""
	seen := map[string]bool{}
	for {
		page, err := fetch(ctx, cursor)
		if err != nil {
			return all, err
		}
		all = append(all, page.Data...)
		if len(all) >= maxItems {
			if len(all) > maxItems || (page.Next != nil && *page.Next != "") {
				return all[:maxItems], ErrTooManyPages
			}
			return all, nil
		}
		if page.Next == nil || *page.Next == "" || seen[*page.Next] {
			return all, nil
		}
		seen[*page.Next] = true
		cursor = *page.Next
	}
}
