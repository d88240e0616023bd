package sandbox

import (
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// connectionBody is an upsert of a connection to the webhook piece, which the
// catalogue has and which declares no auth, so any kind of value fits it.
func connectionBody(externalID, connType string, value map[string]any) map[string]any {
	return map[string]any{"externalId": externalID, "displayName": "Slack " + externalID, "pieceName": workflows.WebhookPieceName,
		"type": connType, "value": value}
}

func TestUpsertConnection(t *testing.T) {
	_, srv := testEngine(t)
	accepted := []struct {
		name, connType string
		value          map[string]any
	}{
		{"secret text", "SECRET_TEXT", map[string]any{"type": "SECRET_TEXT", "secret_text": "xoxb-very-secret"}},
		{"basic auth", "BASIC_AUTH", map[string]any{"type": "BASIC_AUTH", "username": "u", "password": "very-secret-pw"}},
		{"custom auth", "CUSTOM_AUTH", map[string]any{"type": "CUSTOM_AUTH", "props": map[string]any{"apiKey": "very-secret-key"}}},
		{"no auth", "NO_AUTH", map[string]any{"type": "NO_AUTH"}},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, srv, "POST", gw+"/v1/app-connections", connectionBody(tc.name, tc.connType, tc.value)).expect(t, 201)
			if strings.Contains(string(a.Body), "very-secret") || strings.Contains(string(a.Body), `"value"`) {
				t.Fatalf("the answer carries the secret: %s", a.Body)
			}
			c := decode[workflows.AppConnection](t, a)
			if !store.ValidID(c.ID) || c.Type != workflows.ConnectionType(tc.connType) || c.Status != workflows.ConnActive || c.Scope != workflows.ScopeProject ||
				len(c.ProjectIDs) != 1 || c.ExternalID != tc.name || c.PieceVersion != store.SeededWebhookVersion {
				t.Fatalf("connection %+v", c)
			}
			if string(c.Extra["preSelectForNewProjects"]) != "false" || string(c.Extra["usingSecretManager"]) != "false" {
				t.Fatalf("connection lacks Activepieces' required flags: %s", a.Body)
			}
			got := call(t, srv, "GET", gw+"/v1/app-connections/"+c.ID, nil).expect(t, 200)
			if strings.Contains(string(got.Body), "very-secret") {
				t.Fatalf("get carries the secret: %s", got.Body)
			}
		})
	}

	t.Run("upsert by externalId keeps the id", func(t *testing.T) {
		first := decode[workflows.AppConnection](t, call(t, srv, "POST", gw+"/v1/app-connections",
			connectionBody("same", "SECRET_TEXT", map[string]any{"type": "SECRET_TEXT", "secret_text": "a"})).expect(t, 201))
		body := connectionBody("same", "SECRET_TEXT", map[string]any{"type": "SECRET_TEXT", "secret_text": "b"})
		body["displayName"] = "Renamed"
		second := decode[workflows.AppConnection](t, call(t, srv, "POST", gw+"/v1/app-connections", body).expect(t, 201))
		if second.ID != first.ID || second.DisplayName != "Renamed" || second.Created != first.Created {
			t.Fatalf("upsert made %+v from %+v", second, first)
		}
	})

	refused := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		msg    string
	}{
		{"oauth2", connectionBody("o", "OAUTH2", map[string]any{"type": "OAUTH2", "client_id": "c"}), 400, "INVALID_APP_CONNECTION",
			"OAUTH2 connections need an OAuth2 authorization with the app's provider, which the sandbox cannot perform; use SECRET_TEXT, BASIC_AUTH, CUSTOM_AUTH or NO_AUTH"},
		{"cloud oauth2", connectionBody("o", "CLOUD_OAUTH2", map[string]any{"type": "CLOUD_OAUTH2"}), 400, "INVALID_APP_CONNECTION", ""},
		{"platform oauth2", connectionBody("o", "PLATFORM_OAUTH2", map[string]any{"type": "PLATFORM_OAUTH2"}), 400, "INVALID_APP_CONNECTION", ""},
		{"unknown type", connectionBody("o", "API_KEY", map[string]any{"type": "API_KEY"}), 400, "FST_ERR_VALIDATION", ""},
		{"value type differs", connectionBody("o", "SECRET_TEXT", map[string]any{"type": "NO_AUTH"}), 400, "FST_ERR_VALIDATION",
			"body/value/type must equal the connection type SECRET_TEXT"},
		{"secret missing", connectionBody("o", "SECRET_TEXT", map[string]any{"type": "SECRET_TEXT"}), 400, "FST_ERR_VALIDATION",
			"body/value/secret_text is required: must be string"},
		{"password missing", connectionBody("o", "BASIC_AUTH", map[string]any{"type": "BASIC_AUTH", "username": "u"}), 400, "FST_ERR_VALIDATION",
			"body/value/password is required: must be string"},
		{"props not an object", connectionBody("o", "CUSTOM_AUTH", map[string]any{"type": "CUSTOM_AUTH", "props": "x"}), 400, "FST_ERR_VALIDATION",
			"body/value/props must be object"},
		{"no value", map[string]any{"externalId": "o", "displayName": "d", "pieceName": "p", "type": "NO_AUTH"}, 400, "FST_ERR_VALIDATION",
			"body/value is required: must be object"},
		{"no externalId", map[string]any{"displayName": "d", "pieceName": "p", "type": "NO_AUTH", "value": map[string]any{"type": "NO_AUTH"}}, 400, "FST_ERR_VALIDATION",
			"body/externalId is required: must be string"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "POST", gw+"/v1/app-connections", tc.body).expectError(t, tc.status, tc.code, tc.msg)
		})
	}
}

func TestConnectionPieceVersion(t *testing.T) {
	_, srv := testEngine(t)
	cases := []struct{ name, pieceName, given, want string }{
		{"given", "@activepieces/piece-slack", "0.9.1", "0.9.1"},
		{"from the catalogue", workflows.WebhookPieceName, "", store.SeededWebhookVersion},
		{"unknown piece", "@activepieces/piece-slack", "", unknownPieceVersion},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := connectionBody(tc.name, "NO_AUTH", map[string]any{"type": "NO_AUTH"})
			body["pieceName"] = tc.pieceName
			if tc.given != "" {
				body["pieceVersion"] = tc.given
			}
			c := decode[workflows.AppConnection](t, call(t, srv, "POST", gw+"/v1/app-connections", body).expect(t, 201))
			if c.PieceVersion != tc.want {
				t.Fatalf("pieceVersion %q, want %q", c.PieceVersion, tc.want)
			}
		})
	}
}

func TestListAndDeleteConnections(t *testing.T) {
	_, srv := testEngine(t)
	for _, name := range []string{"one", "two", "three"} {
		body := connectionBody(name, "NO_AUTH", map[string]any{"type": "NO_AUTH"})
		if name == "three" {
			body["pieceName"] = "@activepieces/piece-gmail"
		}
		call(t, srv, "POST", gw+"/v1/app-connections", body).expect(t, 201)
	}
	list := func(query string) []string {
		page := decode[workflows.SeekPage[workflows.AppConnection]](t, call(t, srv, "GET", gw+"/v1/app-connections?"+query, nil).expect(t, 200))
		var out []string
		for _, c := range page.Data {
			out = append(out, c.ExternalID)
		}
		return out
	}
	cases := []struct{ name, query, want string }{
		{"oldest first", "", "one,two,three"},
		{"by piece", "pieceName=@activepieces/piece-gmail", "three"},
		{"by display name part", "displayName=slack%20t", "two,three"},
		{"by status", "status=ACTIVE&status=ERROR", "one,two,three"},
		{"by scope", "scope=PLATFORM", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(list(tc.query), ","); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	call(t, srv, "GET", gw+"/v1/app-connections?status=BROKEN", nil).expectError(t, 400, "FST_ERR_VALIDATION", "")

	page := decode[workflows.SeekPage[workflows.AppConnection]](t, call(t, srv, "GET", gw+"/v1/app-connections", nil).expect(t, 200))
	id := page.Data[0].ID
	call(t, srv, "DELETE", gw+"/v1/app-connections/"+id, nil).expect(t, 204)
	call(t, srv, "GET", gw+"/v1/app-connections/"+id, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
	call(t, srv, "DELETE", gw+"/v1/app-connections/"+id, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}
