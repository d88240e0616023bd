package tools

import (
	"strings"
	"testing"
)

func TestConnectionTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	const secret = "xoxb-very-secret-token"
	var conn connectionOut
	h.ok("upsert_connection", `{"externalId":"slack-main","displayName":"Slack","pieceName":"@activepieces/piece-webhook","type":"SECRET_TEXT","value":{"secret_text":"`+secret+`"}}`, &conn)
	if conn.ExternalID != "slack-main" || conn.Type != "SECRET_TEXT" || conn.Status != "ACTIVE" {
		t.Fatalf("upsert_connection = %+v", conn)
	}
	var list listConnectionsOutput
	h.ok("list_connections", `{"pieceName":"@activepieces/piece-webhook"}`, &list)
	if len(list.Connections) != 1 || list.Connections[0].ID != conn.ID {
		t.Fatalf("list_connections = %+v", list.Connections)
	}
	res := h.call("get_connection", `{"connectionId":"`+conn.ID+`","detail":"full"}`, nil)
	var got connectionOut
	h.decode("get_connection", res, &got)
	if got.ID != conn.ID || len(got.ProjectIDs) != 1 {
		t.Errorf("get_connection full = %+v", got)
	}
	if strings.Contains(resultText(res), secret) {
		t.Error("get_connection shows the secret")
	}
	var gone deleted
	h.ok("delete_connection", `{"connectionId":"`+conn.ID+`"}`, &gone)
	h.fails("get_connection", `{"connectionId":"`+conn.ID+`"}`, "404", "list_connections lists connection ids")

	h.rejects("upsert_connection", `{"externalId":"a","displayName":"A","pieceName":"p","type":"SECRET_TEXT","value":{}}`,
		"missing required argument value.secret_text: expected the secret_text of a SECRET_TEXT connection")
	text := h.fails("upsert_connection", `{"externalId":"a","displayName":"A","pieceName":"p","type":"BASIC_AUTH","value":{"username":"u","password":12345}}`,
		"invalid argument value.password: expected a string")
	if strings.Contains(text, "12345") {
		t.Errorf("an error echoes a secret value: %s", text)
	}
	h.rejects("upsert_connection", `{"externalId":"a","displayName":"A","pieceName":"p","type":"SECRET_TEXT","value":"`+secret+`"}`,
		"invalid argument value: expected an object (SECRET_TEXT {secret_text}; BASIC_AUTH {username,password}; CUSTOM_AUTH {props}; OAUTH2 {client_id,client_secret,code,redirect_url,scope})")
	h.rejects("upsert_connection", `{"externalId":"a","displayName":"A","pieceName":"p","type":"API_KEY"}`,
		`invalid argument type: expected one of SECRET_TEXT, BASIC_AUTH, CUSTOM_AUTH, NO_AUTH, OAUTH2, CLOUD_OAUTH2, PLATFORM_OAUTH2, got "API_KEY"`)
	h.rejects("list_connections", `{"scope":"GLOBAL"}`, `invalid argument scope: expected one of PROJECT, PLATFORM, got "GLOBAL"`)
	h.rejects("get_connection", `{"connectionId":""}`, `invalid argument connectionId: expected an id of 21 letters and digits (Connection id), got ""`)
	h.rejects("delete_connection", `{"id":"x"}`, "missing required argument connectionId: expected an id of 21 letters and digits (Connection id); unknown argument id: expected one of connectionId")
}
