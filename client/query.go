package client

import (
	"net/url"
	"strconv"
)

// query builds a query string, skipping empty values; arrays become repeated keys.
type query url.Values

func (q query) set(key, value string) query {
	if value != "" {
		url.Values(q).Set(key, value)
	}
	return q
}

func (q query) list(key string, values ...string) query {
	for _, v := range values {
		if v != "" {
			url.Values(q).Add(key, v)
		}
	}
	return q
}

func (q query) int(key string, v int) query {
	if v > 0 {
		url.Values(q).Set(key, strconv.Itoa(v))
	}
	return q
}

func (q query) values() url.Values { return url.Values(q) }

// Page selects a page of a list endpoint. The server's default limit is 10.
type Page struct {
	Limit  int
	Cursor string
}

func (p Page) query() query { return query{}.int("limit", p.Limit).set("cursor", p.Cursor) }

func strs[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}
