package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// ErrTooManyPages is returned by Collect when the item bound is reached before the last page.
var ErrTooManyPages = errors.New("more items than the bound allows; narrow the query")

// Collect follows next cursors from the first page until the last page or until
// maxItems items were gathered (then it returns them with ErrTooManyPages).
// It stops at an empty page, and fails when the server hands back a cursor it
// already gave (a loop that would never end). maxItems must be positive.
func Collect[T any](ctx context.Context, maxItems int, fetch func(ctx context.Context, cursor string) (*workflows.SeekPage[T], error)) ([]T, error) {
	if maxItems <= 0 {
		return nil, fmt.Errorf("paging: maxItems must be positive, got %d", maxItems)
	}
	var all []T
	cursor := ""
	seen := map[string]bool{}
	for {
		if err := ctx.Err(); err != nil {
			return all, err
		}
		page, err := fetch(ctx, cursor)
		if err != nil {
			return all, err
		}
		if page == nil {
			return all, nil
		}
		all = append(all, page.Data...)
		more := page.Next != nil && *page.Next != ""
		if len(all) >= maxItems {
			if len(all) > maxItems || more {
				return all[:maxItems], ErrTooManyPages
			}
			return all, nil
		}
		if !more || len(page.Data) == 0 {
			return all, nil
		}
		if seen[*page.Next] {
			return all, fmt.Errorf("paging: the server returned cursor %q twice", *page.Next)
		}
		seen[*page.Next] = true
		cursor = *page.Next
	}
}
