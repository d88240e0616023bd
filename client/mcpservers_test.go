package client

import (
	"context"
	"net/http"
	"testing"
)

func TestMcpServersRouteGone(t *testing.T) {
	routeGone := answer(404, `{"message":"Route GET:/v1/mcp-servers not found","error":"Not Found","statusCode":404}`)
	cases := []struct {
		name  string
		reply http.HandlerFunc
		call  func(c *Client) error
		want  string
	}{
		{"list on a server without the API", routeGone, func(c *Client) error { _, err := c.ListMcpServers(context.Background(), "p1", Page{}); return err },
			"GET /v1/mcp-servers: 404 Not Found: " + mcpRouteGone},
		{"rotate on a server without the API", routeGone, func(c *Client) error { _, err := c.RotateMcpToken(context.Background(), "m1"); return err },
			"POST /v1/mcp-servers/m1/rotate: 404 Not Found: " + mcpRouteGone},
		{"a missing server is only that", answer(404, `{"code":"ENTITY_NOT_FOUND","params":{"message":"McpServer m1 not found"}}`),
			func(c *Client) error { _, err := c.GetMcpServer(context.Background(), "m1"); return err },
			"GET /v1/mcp-servers/m1: 404 Not Found: ENTITY_NOT_FOUND: McpServer m1 not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, tc.reply)
			err := tc.call(mustNew(t, imbraceConfig(e)))
			if err == nil || err.Error() != tc.want || !IsNotFound(err) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
