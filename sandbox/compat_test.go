package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The tests in this file pin answers where the sandbox used to differ from
// Activepieces; each runs on both URL layouts.

// layouts are the two URL layouts every compatibility test runs under.
var layouts = []string{gw, ap}

func TestRecordsOfAMissingTableAre404(t *testing.T) {
	_, srv := testEngine(t)
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			call(t, srv, "GET", base+"/v1/records?tableId="+missingID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "table "+missingID+" not found")
		})
	}
}

func TestFlowsAreListedByLastUpdate(t *testing.T) {
	_, srv := testEngine(t)
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			var ids []string
			for _, name := range []string{"a", "b", "c"} {
				ids = append(ids, createFlow(t, srv, base+name).ID)
				time.Sleep(3 * time.Millisecond) // timestamps have millisecond precision
			}
			call(t, srv, "POST", base+"/v1/flows/"+ids[0], map[string]any{"type": "CHANGE_NAME", "request": map[string]any{"displayName": base + "a2"}}).expect(t, 200)
			page := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", base+"/v1/flows?limit=3", nil).expect(t, 200))
			var got []string
			for _, f := range page.Data {
				got = append(got, f.ID)
			}
			if want := []string{ids[0], ids[2], ids[1]}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
				t.Fatalf("flows listed %v, want the renamed one first: %v", got, want)
			}
			// The next page follows on from the cursor's update time.
			rest := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", base+"/v1/flows?limit=3&cursor="+*page.Next, nil).expect(t, 200))
			for _, f := range rest.Data {
				for _, id := range ids {
					if f.ID == id {
						t.Fatalf("flow %s listed on two pages", id)
					}
				}
			}
		})
	}
}

func TestNullableMembersAreNull(t *testing.T) {
	_, srv := testEngine(t)
	nullable := []string{"publishedVersionId", "folderId", "ownerId", "metadata", "templateId", "timeSavedPerRun"}
	check := func(t *testing.T, what string, flow map[string]json.RawMessage) {
		t.Helper()
		for _, name := range nullable {
			if raw, ok := flow[name]; !ok || string(raw) != "null" {
				t.Fatalf("%s: %s is %q, want null", what, name, raw)
			}
		}
		var version map[string]json.RawMessage
		if json.Unmarshal(flow["version"], &version) != nil || string(version["updatedBy"]) != "null" {
			t.Fatalf("%s: version.updatedBy is not null", what)
		}
	}
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			created := decode[map[string]json.RawMessage](t, call(t, srv, "POST", base+"/v1/flows", map[string]any{"displayName": "nulls"}).expect(t, 201))
			check(t, "created", created)
			var id string
			json.Unmarshal(created["id"], &id)
			check(t, "got", decode[map[string]json.RawMessage](t, call(t, srv, "GET", base+"/v1/flows/"+id, nil).expect(t, 200)))
			listed := decode[workflows.SeekPage[map[string]json.RawMessage]](t, call(t, srv, "GET", base+"/v1/flows?limit=1", nil).expect(t, 200))
			check(t, "listed", listed.Data[0])
			filed := decode[map[string]json.RawMessage](t, call(t, srv, "POST", base+"/v1/flows/"+id,
				map[string]any{"type": "CHANGE_FOLDER", "request": map[string]any{"folderId": defaultFolder(t, srv)}}).expect(t, 200))
			if string(filed["folderId"]) == "null" || string(filed["publishedVersionId"]) != "null" {
				t.Fatalf("a filed flow answers folderId %s, publishedVersionId %s", filed["folderId"], filed["publishedVersionId"])
			}
			folder := decode[map[string]json.RawMessage](t, call(t, srv, "POST", base+"/v1/folders", map[string]any{"displayName": "nulls " + base}).expect(t, 200))
			if string(folder["externalId"]) != "null" {
				t.Fatalf("a created folder answers externalId %q, want null", folder["externalId"])
			}
		})
	}
}

// defaultFolder returns the id of one of the seeded folders.
func defaultFolder(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	page := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=1", nil).expect(t, 200))
	return page.Data[0].ID
}

func TestFolderUpsertTakesTheNewSpelling(t *testing.T) {
	_, srv := testEngine(t)
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			first := decode[workflows.Folder](t, call(t, srv, "POST", base+"/v1/folders", map[string]any{"displayName": "Billing" + base}).expect(t, 200))
			again := decode[workflows.Folder](t, call(t, srv, "POST", base+"/v1/folders", map[string]any{"displayName": "BILLING" + base}).expect(t, 200))
			if again.ID != first.ID || again.DisplayName != "BILLING"+base {
				t.Fatalf("upsert in another case answered %s %q, want %s renamed", again.ID, again.DisplayName, first.ID)
			}
			got := decode[workflows.Folder](t, call(t, srv, "GET", base+"/v1/folders/"+first.ID, nil).expect(t, 200))
			if got.DisplayName != "BILLING"+base {
				t.Fatalf("the rename was not stored: %q", got.DisplayName)
			}
		})
	}
}

func TestAddActionUnderAMissingParentDoesNothing(t *testing.T) {
	_, srv := testEngine(t)
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			flow := createFlow(t, srv, "missing parent")
			op := map[string]any{"type": "ADD_ACTION", "request": map[string]any{"parentStep": "step_9", "action": map[string]any{
				"name": "step_1", "displayName": "Wait", "type": "PIECE", "settings": map[string]any{
					"pieceName": "@activepieces/piece-delay", "pieceVersion": "0.3.26", "actionName": "delayFor", "input": map[string]any{}}}}}
			after := decode[workflows.Flow](t, call(t, srv, "POST", base+"/v1/flows/"+flow.ID, op).expect(t, 200))
			if after.Version.Trigger.NextAction != nil {
				t.Fatalf("a step was added under a parent that does not exist: %+v", after.Version.Trigger.NextAction)
			}
		})
	}
}

// TestSyncWebhookAnswersCarryTheCallID: every answer to a sync webhook call
// carries the call's x-webhook-id, the flow's own reply included, and a
// header of that name set by the flow does not replace it.
func TestSyncWebhookAnswersCarryTheCallID(t *testing.T) {
	cases := []struct {
		name   string
		run    runFunc
		status map[string]int // by layout
	}{
		{"the flow's reply", fakeRun(workflows.RunSucceeded, &pieces.Response{Status: 201, Body: map[string]any{"ok": true},
			Headers: map[string]string{"X-Webhook-Id": "spoofed", "X-Flow": "yes"}}), map[string]int{gw: 201, ap: 201}},
		{"no reply", fakeRun(workflows.RunSucceeded, nil), map[string]int{gw: 408, ap: 204}},
		{"a failed run", fakeRun(workflows.RunFailed, nil), map[string]int{gw: 500, ap: 500}},
	}
	for _, tc := range cases {
		_, srv := testEngine(t, withRunner(tc.run))
		flowID := echoFlowID(t, srv)
		for _, base := range layouts {
			t.Run(tc.name+base, func(t *testing.T) {
				a := call(t, srv, "POST", base+"/v1/webhooks/"+flowID+"/sync", `{}`).expect(t, tc.status[base])
				if id := a.Header.Get("x-webhook-id"); !store.ValidID(id) {
					t.Fatalf("x-webhook-id %q, want the call's id", id)
				}
			})
		}
	}
}

// keyedPiece is a piece whose auth is a secret text, as most pieces' is.
var keyedPiece = pieces.Piece{Name: "@activepieces/piece-keyed", Versions: []string{"0.1.0"},
	Metadata: func(version string) *workflows.Piece {
		return &workflows.Piece{Name: "@activepieces/piece-keyed", DisplayName: "Keyed", Version: version,
			Actions: map[string]workflows.PieceComponent{}, Triggers: map[string]workflows.PieceComponent{},
			Extra: workflows.Extra{"auth": json.RawMessage(`{"type":"SECRET_TEXT","displayName":"API key","required":true}`)}}
	}}

func TestConnectionsAreCheckedAgainstThePiece(t *testing.T) {
	e, srv := testEngine(t)
	e.catalogue = pieces.NewCatalogue(append(append([]pieces.Piece{}, pieces.All...), keyedPiece))
	projectID := defaultProject(t, srv)
	upsert := func(base, piece, connType string, value map[string]any) answer {
		body := connectionBody("checked", connType, value)
		body["pieceName"], body["projectId"] = piece, projectID
		return call(t, srv, "POST", base+"/v1/app-connections", body)
	}
	secret := map[string]any{"type": "SECRET_TEXT", "secret_text": "s3cret"}
	basic := map[string]any{"type": "BASIC_AUTH", "username": "u", "password": "p"}
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			upsert(base, "@activepieces/piece-nowhere", "SECRET_TEXT", secret).expectError(t, 404, "ENTITY_NOT_FOUND", "piece @activepieces/piece-nowhere not found")
			upsert(base, keyedPiece.Name, "BASIC_AUTH", basic).expectError(t, 400, "INVALID_APP_CONNECTION",
				"piece @activepieces/piece-keyed authenticates with SECRET_TEXT, not BASIC_AUTH")
			upsert(base, keyedPiece.Name, "SECRET_TEXT", secret).expect(t, 201)
			// Activepieces validates no NO_AUTH value, so it asks nothing of the piece.
			upsert(base, "@activepieces/piece-nowhere", "NO_AUTH", map[string]any{"type": "NO_AUTH"}).expect(t, 201)
		})
	}
	t.Run("projectId is required on Activepieces' layout", func(t *testing.T) {
		body := connectionBody("no-project", "SECRET_TEXT", secret)
		call(t, srv, "POST", ap+"/v1/app-connections", body).expectError(t, 400, "FST_ERR_VALIDATION", "body/projectId is required: must be string")
		call(t, srv, "POST", gw+"/v1/app-connections", body).expect(t, 201)
	})
}

// TestASandboxWithoutKeysWantsACredential: without keys configured the engine
// takes any key but, like the gateway and Activepieces, refuses a request
// over the network that carries none; webhooks stay public, and requests
// served in-process (the bridge's own) need none.
func TestASandboxWithoutKeysWantsACredential(t *testing.T) {
	e, srv := testEngine(t)
	for _, base := range layouts {
		t.Run(base, func(t *testing.T) {
			send(t, srv, "GET", base+"/v1/flows", nil).expectError(t, 401, "AUTHENTICATION", "")
			send(t, srv, "GET", base+"/v1/flows", nil, "x-api-key", "  ").expectError(t, 401, "AUTHENTICATION", "")
			send(t, srv, "GET", base+"/v1/flows", nil, "Authorization", "Bearer ").expectError(t, 401, "AUTHENTICATION", "")
			for _, h := range [][]string{{"x-api-key", "anything"}, {"x-access-token", "tok"}, {"Authorization", "Bearer sk-any"}} {
				send(t, srv, "GET", base+"/v1/flows", nil, h...).expect(t, 200)
			}
			send(t, srv, "POST", base+"/v1/webhooks/"+missingID, `{}`).expectWebhookAnswer(t, 410)
		})
	}
	send(t, srv, "GET", "/channel-service/v1/workflows/channel_automation", nil).expectError(t, 401, "AUTHENTICATION", "")
	resp, err := e.HTTPClient().Get(InProcessBaseURL + gw + "/v1/flows")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("an in-process request without a key answered %d, want 200", resp.StatusCode)
	}
}
