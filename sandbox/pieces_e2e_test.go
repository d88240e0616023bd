package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The tests in this file build flows through the HTTP API, publish them, call
// their sync webhook, and check what the pieces computed: the path an agent's
// flow takes, with the real executor, store and (offline) network.

// pieceStep is one piece step of a flow built for a test.
type pieceStep struct {
	piece, version, action string
	input                  map[string]any
}

// respondWith is the Return Response step that answers the sync call with body.
func respondWith(body any) pieceStep {
	return pieceStep{"@activepieces/piece-webhook", "0.1.29", "return_response",
		map[string]any{"responseType": "json", "respond": "stop", "fields": map[string]any{"status": 200, "body": body}}}
}

// flowOp applies a flow operation through the API.
func flowOp(t *testing.T, srv *httptest.Server, flowID, opType string, request any) workflows.Flow {
	t.Helper()
	body := map[string]any{"type": opType, "request": request}
	return decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows/"+flowID, body).expect(t, 200))
}

// publishedPieceFlow builds webhook → steps (step_1, step_2, …), publishes it
// and returns its id.
func publishedPieceFlow(t *testing.T, srv *httptest.Server, name string, steps ...pieceStep) string {
	t.Helper()
	flow := createFlow(t, srv, name)
	flowOp(t, srv, flow.ID, "UPDATE_TRIGGER", map[string]any{
		"name": "trigger", "displayName": "Catch Webhook", "valid": true, "type": "PIECE_TRIGGER",
		"settings": map[string]any{"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.29",
			"triggerName": "catch_webhook", "input": map[string]any{"authType": "none"}, "propertySettings": map[string]any{}},
	})
	parent := "trigger"
	for i, s := range steps {
		name := fmt.Sprintf("step_%d", i+1)
		flowOp(t, srv, flow.ID, "ADD_ACTION", map[string]any{"parentStep": parent, "stepLocationRelativeToParent": "AFTER",
			"action": map[string]any{"name": name, "displayName": s.action, "valid": true, "type": "PIECE",
				"settings": map[string]any{"pieceName": s.piece, "pieceVersion": s.version, "actionName": s.action,
					"input": s.input, "propertySettings": map[string]any{}}}})
		parent = name
	}
	published := flowOp(t, srv, flow.ID, "LOCK_AND_PUBLISH", map[string]any{})
	if published.Status != workflows.FlowEnabled {
		t.Fatalf("the flow was not enabled: %+v", published)
	}
	return flow.ID
}

// syncJSON calls a flow's sync webhook with body and decodes the answer.
func syncJSON(t *testing.T, srv *httptest.Server, flowID string, body any) map[string]any {
	t.Helper()
	return decode[map[string]any](t, call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"/sync", body).expect(t, 200))
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestStorePieceEndToEnd(t *testing.T) {
	_, srv := testEngine(t)
	const store = "@activepieces/piece-store"
	writer := publishedPieceFlow(t, srv, "Store writer",
		pieceStep{store, "0.6.20", "append", map[string]any{"key": "log", "value": "{{trigger.body.value}}", "separator": ",", "store_scope": "FLOW"}},
		pieceStep{store, "0.6.20", "add_to_list", map[string]any{"key": "seen", "value": []any{"{{trigger.body.value}}"},
			"ignore_if_exists": true, "store_scope": "COLLECTION"}},
		pieceStep{store, "0.6.20", "get", map[string]any{"key": "mine", "store_scope": "RUN", "defaultValue": "fresh"}},
		pieceStep{store, "0.6.20", "put", map[string]any{"key": "mine", "value": "{{trigger.body.value}}", "store_scope": "RUN"}},
		respondWith(map[string]any{"log": "{{step_1}}", "seen": "{{step_2}}", "runBefore": "{{step_3}}", "runAfter": "{{step_4}}"}),
	)
	for _, tc := range []struct{ value, want string }{
		{"a", `{"log":"a","runAfter":"a","runBefore":"fresh","seen":["a"]}`},
		{"b", `{"log":"a,b","runAfter":"b","runBefore":"fresh","seen":["a","b"]}`},
		{"a", `{"log":"a,b,a","runAfter":"a","runBefore":"fresh","seen":["a","b"]}`},
	} {
		if got := jsonText(t, syncJSON(t, srv, writer, map[string]any{"value": tc.value})); got != tc.want {
			t.Fatalf("after %q: %s, want %s", tc.value, got, tc.want)
		}
	}
	// Another flow shares the project's keys but not the writer's flow keys.
	reader := publishedPieceFlow(t, srv, "Store reader",
		pieceStep{store, "0.6.20", "get", map[string]any{"key": "log", "store_scope": "FLOW", "defaultValue": "none"}},
		pieceStep{store, "0.6.20", "remove_from_list", map[string]any{"key": "seen", "value": "a", "store_scope": "COLLECTION"}},
		pieceStep{store, "0.6.20", "remove_value", map[string]any{"key": "seen", "store_scope": "COLLECTION"}},
		pieceStep{store, "0.6.20", "get", map[string]any{"key": "seen", "store_scope": "COLLECTION"}},
		respondWith(map[string]any{"log": "{{step_1}}", "seen": "{{step_2}}", "removed": "{{step_3}}", "gone": "{{step_4}}"}),
	)
	if got := jsonText(t, syncJSON(t, srv, reader, map[string]any{})); got != `{"gone":null,"log":"none","removed":{"success":true},"seen":["b"]}` {
		t.Fatalf("reader: %s", got)
	}
}

func TestDataMapperPieceEndToEnd(t *testing.T) {
	_, srv := testEngine(t)
	flowID := publishedPieceFlow(t, srv, "Mapper",
		pieceStep{"@activepieces/piece-data-mapper", "0.3.15", "advanced_mapping", map[string]any{"mapping": map[string]any{
			"greeting": "Hello {{trigger.body.name}}", "items": "{{trigger.body.items}}", "first": "{{trigger.body.items[0]}}"}}},
		respondWith("{{step_1}}"),
	)
	got := jsonText(t, syncJSON(t, srv, flowID, map[string]any{"name": "Ada", "items": []any{3, 4}}))
	if got != `{"first":3,"greeting":"Hello Ada","items":[3,4]}` {
		t.Fatalf("mapping: %s", got)
	}
}

// fieldIDs maps the seeded Customers table's field names to their ids.
func fieldIDs(t *testing.T, srv *httptest.Server) (tableID string, ids map[string]string) {
	t.Helper()
	tables := decode[workflows.SeekPage[workflows.Table]](t, call(t, srv, "GET", gw+"/v1/tables", nil).expect(t, 200))
	if len(tables.Data) != 1 || tables.Data[0].Name != store.SampleTableName || tables.Data[0].ExternalID != store.SampleTableExternalID {
		t.Fatalf("a new sandbox's tables: %+v", tables.Data)
	}
	tableID = tables.Data[0].ID
	fields := decode[[]workflows.Field](t, call(t, srv, "GET", gw+"/v1/fields?tableId="+tableID, nil).expect(t, 200))
	ids = map[string]string{}
	for _, f := range fields {
		ids[f.Name] = f.ID
	}
	if len(ids) != 5 {
		t.Fatalf("seeded fields: %+v", fields)
	}
	records := decode[workflows.SeekPage[workflows.Record]](t, call(t, srv, "GET", gw+"/v1/records?tableId="+tableID, nil).expect(t, 200))
	if len(records.Data) != 3 || records.Data[0].Cells[ids["Name"]].Value != "Ada Lovelace" || records.Data[0].Cells[ids["Seats"]].FieldName != "Seats" {
		t.Fatalf("seeded records: %+v", records.Data)
	}
	return tableID, ids
}

func TestTablesPieceEndToEnd(t *testing.T) {
	_, srv := testEngine(t)
	tableID, ids := fieldIDs(t, srv)
	const tables, v = "@activepieces/piece-tables", "0.2.16"
	nameFilter := func(op, value string) map[string]any {
		return map[string]any{"filters": []any{map[string]any{"field": map[string]any{"id": ids["Name"], "type": "TEXT", "name": "Name"},
			"operator": op, "value": value}}}
	}
	flowID := publishedPieceFlow(t, srv, "Tables",
		pieceStep{tables, v, "tables-create-records", map[string]any{"table_id": "customers", "values": map[string]any{"values": []any{
			map[string]any{ids["Name"]: "{{trigger.body.name}}", ids["Seats"]: "{{trigger.body.seats}}", ids["Email"]: ""}}}}},
		pieceStep{tables, v, "tables-find-records", map[string]any{"table_id": "customers", "filters": nameFilter("eq", "{{trigger.body.name}}")}},
		pieceStep{tables, v, "tables-update-record", map[string]any{"table_id": "customers", "record_id": "{{step_1[0].id}}",
			"values": map[string]any{ids["Plan"]: "Pro"}}},
		pieceStep{tables, v, "tables-find-records", map[string]any{"table_id": "customers", "limit": 2, "filters": map[string]any{"filters": []any{
			map[string]any{"field": map[string]any{"id": ids["Seats"], "type": "NUMBER", "name": "Seats"}, "operator": "gte", "value": "5"}}}}},
		pieceStep{tables, v, "tables-get-record", map[string]any{"table_id": "customers", "record_id": "{{step_1[0].id}}"}},
		pieceStep{tables, v, "tables-delete-record", map[string]any{"table_id": "customers", "records_ids": []any{"{{step_1[0].id}}"}}},
		pieceStep{tables, v, "tables-find-records", map[string]any{"table_id": "customers", "filters": nameFilter("co", "{{trigger.body.name}}")}},
		respondWith(map[string]any{"created": "{{step_1}}", "found": "{{step_2}}", "updated": "{{step_3}}", "bigAccounts": "{{step_4}}",
			"got": "{{step_5}}", "deleted": "{{step_6}}", "after": "{{step_7}}"}),
	)
	out := syncJSON(t, srv, flowID, map[string]any{"name": "Edsger Dijkstra", "seats": 12})
	cell := func(record any, field string) any {
		return record.(map[string]any)["cells"].(map[string]any)[ids[field]].(map[string]any)["value"]
	}
	created := out["created"].([]any)
	if len(created) != 1 || cell(created[0], "Name") != "Edsger Dijkstra" || cell(created[0], "Seats") != "12" {
		t.Fatalf("created: %s", jsonText(t, out["created"]))
	}
	if _, hasEmail := created[0].(map[string]any)["cells"].(map[string]any)[ids["Email"]]; hasEmail {
		t.Errorf("an empty value was stored: %s", jsonText(t, created))
	}
	if found := out["found"].([]any); len(found) != 1 || found[0].(map[string]any)["id"] != created[0].(map[string]any)["id"] {
		t.Errorf("found: %s", jsonText(t, out["found"]))
	}
	if cell(out["updated"], "Plan") != "Pro" || cell(out["updated"], "Name") != "Edsger Dijkstra" {
		t.Errorf("updated: %s", jsonText(t, out["updated"]))
	}
	if big := out["bigAccounts"].([]any); len(big) != 2 || cell(big[0], "Name") != "Ada Lovelace" || cell(big[1], "Name") != "Grace Hopper" {
		t.Errorf("seats >= 5, limit 2: %s", jsonText(t, out["bigAccounts"]))
	}
	if got := out["got"].(map[string]any); got["tableId"] != tableID || got["id"] != created[0].(map[string]any)["id"] {
		t.Errorf("got: %s", jsonText(t, got))
	}
	if jsonText(t, out["deleted"]) != `{"success":true}` || jsonText(t, out["after"]) != `[]` {
		t.Errorf("deleted %s, then found %s", jsonText(t, out["deleted"]), jsonText(t, out["after"]))
	}
	records := decode[workflows.SeekPage[workflows.Record]](t, call(t, srv, "GET", gw+"/v1/records?tableId="+tableID, nil).expect(t, 200))
	if len(records.Data) != 3 {
		t.Errorf("%d records left, want the 3 seeded", len(records.Data))
	}
}

func TestTablesPieceRefusals(t *testing.T) {
	_, srv := testEngine(t)
	_, ids := fieldIDs(t, srv)
	flowID := publishedPieceFlow(t, srv, "Tables refusals",
		pieceStep{"@activepieces/piece-tables", "0.2.16", "tables-create-records", map[string]any{"table_id": "{{trigger.body.table}}",
			"values": map[string]any{"values": []any{map[string]any{ids["Seats"]: "{{trigger.body.seats}}"}}}}},
	)
	for _, tc := range []struct{ table, seats, message string }{
		{"nope", "1", "Table with externalId nope not found is null or undefined"},
		{"customers", "many", `"` + ids["Seats"] + `": "Invalid number for field \"Seats\""`},
	} {
		call(t, srv, "POST", gw+"/v1/webhooks/"+flowID+"/sync", map[string]any{"table": tc.table, "seats": tc.seats}).expect(t, 500)
		run := waitForRun(t, srv, flowID)
		if run.Status != workflows.RunFailed || run.FailedStep == nil || !strings.Contains(run.FailedStep.Message, tc.message) {
			t.Errorf("%s/%s: run %s, failed step %+v", tc.table, tc.seats, run.Status, run.FailedStep)
		}
	}
}

// A sandbox refuses to publish a flow with a step it cannot run, and says
// what it runs.
func TestPublishListsWhatRuns(t *testing.T) {
	e, srv := testEngine(t)
	flowID := publishedPieceFlow(t, srv, "Publish check", respondWith("{{trigger.body}}"))
	flow, err := store.LoadFlow(t.Context(), e.store.DB, flowID)
	if err != nil {
		t.Fatal(err)
	}
	if flow.Version.State != workflows.VersionLocked {
		t.Fatalf("state %s", flow.Version.State)
	}
	edited := flowOp(t, srv, flowID, "UPDATE_ACTION", map[string]any{"name": "step_1", "displayName": "Respond", "valid": true, "type": "PIECE",
		"settings": map[string]any{"pieceName": "@activepieces/piece-webhook", "pieceVersion": "0.1.29",
			"actionName": "return_response_and_wait_for_next_webhook", "input": map[string]any{}, "propertySettings": map[string]any{}}})
	if edited.Version.Valid {
		t.Fatal("an action the catalogue lacks made a valid version")
	}
	call(t, srv, "POST", gw+"/v1/flows/"+flowID, map[string]any{"type": "LOCK_AND_PUBLISH", "request": map[string]any{}}).
		expectError(t, 400, "FLOW_OPERATION_INVALID", "the flow cannot be published: the sandbox does not run step step_1 "+
			"(@activepieces/piece-webhook return_response_and_wait_for_next_webhook); it runs "+e.catalogue.Runnable())
}
