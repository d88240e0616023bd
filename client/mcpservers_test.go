package client

import (
	"context"
	"net/http"
	"strings"
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

// TestMcpServerAnswersInEitherForm: a create is 201 on Activepieces and 200
// on the gateway, and tokens come as 21-character ids (Activepieces' apId,
// and the sandbox's) or longer strings (older servers); the client takes all.
func TestMcpServerAnswersInEitherForm(t *testing.T) {
	tokens := []string{"mCpT0ken0000000000001", strings.Repeat("t0K", 24)}
	for _, status := range []int{http.StatusOK, http.StatusCreated} {
		for _, token := range tokens {
			body := `{"id": "mCp5erver00000000001", "projectId": "p1", "token": "` + token + `", "tools": []}`
			c := mustNew(t, imbraceConfig(newEngine(t, answer(status, body))))
			created, err := c.CreateMcpServer(context.Background(), CreateMcpServerRequest{ProjectID: "p1"})
			if err != nil || created.Token != token {
				t.Errorf("create answered %d with a %d-character token: %+v, %v", status, len(token), created, err)
			}
			rotated, err := c.RotateMcpToken(context.Background(), "mCp5erver00000000001")
			if err != nil || rotated.Token != token {
				t.Errorf("rotate with a %d-character token: %+v, %v", len(token), rotated, err)
			}
		}
	}
}
