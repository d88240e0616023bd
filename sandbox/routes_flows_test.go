package sandbox

import (
	"encoding/json"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestCreateFlow(t *testing.T) {
	_, srv := testEngine(t)
	projectID := defaultProject(t, srv)
	a := call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "New flow", "projectId": projectID, "metadata": map[string]any{"k": "v"}}).expect(t, 201)
	var raw map[string]json.RawMessage
	json.Unmarshal(a.Body, &raw)
	for _, key := range []string{"id", "created", "updated", "projectId", "status", "version", "operationStatus", "externalId"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("created flow lacks %q: %s", key, a.Body)
		}
	}
	f := decode[workflows.Flow](t, a)
	v := f.Version
	switch {
	case !store.ValidID(f.ID) || !store.ValidID(v.ID) || v.FlowID != f.ID:
		t.Fatalf("ids %q %q %q", f.ID, v.ID, v.FlowID)
	case f.Status != workflows.FlowDisabled || f.PublishedVersionID != nil || f.FolderID != nil:
		t.Fatalf("new flow %+v, want DISABLED, unpublished, unfiled", f)
	case v.State != workflows.VersionDraft || v.Trigger.Type != workflows.TriggerEmpty || v.Trigger.Name != "trigger" || v.Valid:
		t.Fatalf("new version %+v, want an invalid DRAFT with an EMPTY trigger", v)
	case v.DisplayName != "New flow" || string(f.Metadata) != `{"k":"v"}`:
		t.Fatalf("name %q metadata %s", v.DisplayName, f.Metadata)
	case len(f.Created) != len("2006-01-02T15:04:05.000Z") || f.Created[len(f.Created)-1] != 'Z':
		t.Fatalf("created %q is not an ISO timestamp", f.Created)
	case string(v.Trigger.Extra["lastUpdatedDate"]) != `"`+f.Created+`"`:
		t.Fatalf("the trigger's lastUpdatedDate is %s, want the creation time", v.Trigger.Extra["lastUpdatedDate"])
	}

	t.Run("into a folder by id", func(t *testing.T) {
		folder := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": "Mine"}).expect(t, 200))
		f := decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "x", "folderId": folder.ID}).expect(t, 201))
		if f.FolderID == nil || *f.FolderID != folder.ID {
			t.Fatalf("folderId %v, want %s", f.FolderID, folder.ID)
		}
	})
	t.Run("into a folder by name, reusing it case-insensitively", func(t *testing.T) {
		f := decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "y", "folderName": "others"}).expect(t, 201))
		folders := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=100", nil).expect(t, 200))
		for _, folder := range folders.Data {
			if folder.DisplayName == "Others" && (f.FolderID == nil || *f.FolderID != folder.ID) {
				t.Fatalf("folderName others filed the flow in %v, not the Others folder %s", f.FolderID, folder.ID)
			}
		}
		if len(folders.Data) != 5 {
			t.Fatalf("%d folders, want the 4 seeded and Mine", len(folders.Data))
		}
	})

	errs := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"no name", map[string]any{}, 400, "FST_ERR_VALIDATION", "body/displayName is required: must be string"},
		{"name not a string", map[string]any{"displayName": 3}, 400, "FST_ERR_VALIDATION", "body/displayName must be string"},
		{"folderId not a string", map[string]any{"displayName": "x", "folderId": true}, 400, "FST_ERR_VALIDATION", "body/folderId must be string"},
		{"metadata not an object", map[string]any{"displayName": "x", "metadata": "m"}, 400, "FST_ERR_VALIDATION", "body/metadata must be object"},
		{"body not an object", `[1]`, 400, "FST_ERR_VALIDATION", "body must be object"},
		{"malformed JSON", `{`, 400, "FST_ERR_CTP_INVALID_JSON_BODY", ""},
		{"missing folder", map[string]any{"displayName": "x", "folderId": missingID}, 404, "ENTITY_NOT_FOUND", "folder " + missingID + " not found"},
		{"missing project", map[string]any{"displayName": "x", "projectId": missingID}, 404, "ENTITY_NOT_FOUND", "project " + missingID + " not found"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, "POST", gw+"/v1/flows", tc.body).expectError(t, tc.status, tc.code, tc.msg)
		})
	}
}

func TestListFlowsFilters(t *testing.T) {
	_, srv := testEngine(t)
	folder := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": "Sales"}).expect(t, 200))
	call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "Lead intake", "folderId": folder.ID}).expect(t, 201)
	createFlow(t, srv, "Invoice reminder")
	projectID := defaultProject(t, srv)
	names := func(query string) []string {
		page := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?"+query, nil).expect(t, 200))
		var out []string
		for _, f := range page.Data {
			out = append(out, f.Version.DisplayName)
		}
		return out
	}
	cases := []struct {
		name, query string
		want        []string
	}{
		{"all, newest first", "projectId=" + projectID, []string{"Invoice reminder", "Lead intake", EchoFlowName}},
		{"by folder", "folderId=" + folder.ID, []string{"Lead intake"}},
		{"unfiled", "folderId=NULL", []string{"Invoice reminder"}},
		{"enabled", "status=ENABLED", []string{EchoFlowName}},
		{"either status", "status=ENABLED&status=DISABLED", []string{"Invoice reminder", "Lead intake", EchoFlowName}},
		{"by name, case-insensitive part", "name=INVOICE", []string{"Invoice reminder"}},
		{"another project", "projectId=" + missingID, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := names(tc.query)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
	call(t, srv, "GET", gw+"/v1/flows?status=ON", nil).expectError(t, 400, "FST_ERR_VALIDATION",
		"querystring/status must be equal to one of the allowed values: ENABLED, DISABLED")
}

func TestGetAndDeleteFlow(t *testing.T) {
	_, srv := testEngine(t)
	flow := createFlow(t, srv, "to delete")
	got := decode[workflows.Flow](t, call(t, srv, "GET", ap+"/v1/flows/"+flow.ID, nil).expect(t, 200))
	if got.Version == nil || got.Version.ID != flow.Version.ID {
		t.Fatalf("get returned version %+v", got.Version)
	}
	byVersion := decode[workflows.Flow](t, call(t, srv, "GET", ap+"/v1/flows/"+flow.ID+"?versionId="+flow.Version.ID, nil).expect(t, 200))
	if byVersion.Version.ID != flow.Version.ID {
		t.Fatalf("versionId selected %s", byVersion.Version.ID)
	}
	call(t, srv, "GET", ap+"/v1/flows/"+flow.ID+"?versionId="+missingID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
	call(t, srv, "GET", ap+"/v1/flows/"+flow.ID+"?versionId=bad", nil).expectError(t, 400, "FST_ERR_VALIDATION",
		"querystring/versionId must be a 21-character id of letters and digits")

	a := call(t, srv, "DELETE", ap+"/v1/flows/"+flow.ID, nil).expect(t, 204)
	if len(a.Body) != 0 {
		t.Fatalf("204 with a body %q", a.Body)
	}
	call(t, srv, "GET", ap+"/v1/flows/"+flow.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "flow "+flow.ID+" not found")
	call(t, srv, "DELETE", ap+"/v1/flows/"+flow.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}

func TestApplyFlowOperationBody(t *testing.T) {
	_, srv := testEngine(t)
	flow := createFlow(t, srv, "ops")
	cases := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"no type", map[string]any{"request": map[string]any{}}, 400, "FST_ERR_VALIDATION", "body/type is required: must be string"},
		{"type not a string", map[string]any{"type": 7, "request": map[string]any{}}, 400, "FST_ERR_VALIDATION", "body/type must be string"},
		{"unknown type", map[string]any{"type": "MOVE_TO_FOLDER", "request": map[string]any{}}, 400, "FST_ERR_VALIDATION", ""},
		{"request not an object", map[string]any{"type": "CHANGE_NAME", "request": "x"}, 400, "FST_ERR_VALIDATION", "body/request must be object"},
		{"missing flow", nil, 404, "ENTITY_NOT_FOUND", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := flow.ID
			body := tc.body
			if body == nil {
				id, body = missingID, map[string]any{"type": "CHANGE_NAME", "request": map[string]any{"displayName": "x"}}
			}
			call(t, srv, "POST", gw+"/v1/flows/"+id, body).expectError(t, tc.status, tc.code, tc.msg)
		})
	}
}

func TestApplyFlowOperationStoresTheResult(t *testing.T) {
	_, srv := testEngine(t)
	flow := createFlow(t, srv, "before")
	renamed := decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, workflows.ChangeName("after")).expect(t, 200))
	if renamed.Version == nil || renamed.Version.DisplayName != "after" {
		t.Fatalf("CHANGE_NAME answered %+v", renamed.Version)
	}
	stored := decode[workflows.Flow](t, call(t, srv, "GET", gw+"/v1/flows/"+flow.ID, nil).expect(t, 200))
	if stored.Version.DisplayName != "after" {
		t.Fatalf("the rename was not stored: %q", stored.Version.DisplayName)
	}

	// Publishing locks the version; the next edit works on a new draft, and the
	// published version stays as it was.
	call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, workflows.UpdateTrigger(workflows.WebhookTrigger(store.SeededWebhookVersion))).expect(t, 200)
	published := decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, workflows.LockAndPublish()).expect(t, 200))
	if published.Status != workflows.FlowEnabled || published.PublishedVersionID == nil || published.Version.State != workflows.VersionLocked {
		t.Fatalf("after LOCK_AND_PUBLISH: status %s, published %v, state %s", published.Status, published.PublishedVersionID, published.Version.State)
	}
	edited := decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, workflows.ChangeName("after again")).expect(t, 200))
	if edited.Version.ID == published.Version.ID || edited.Version.State != workflows.VersionDraft {
		t.Fatalf("editing a locked version kept id %s, state %s", edited.Version.ID, edited.Version.State)
	}
	latest := decode[workflows.Flow](t, call(t, srv, "GET", gw+"/v1/flows/"+flow.ID, nil).expect(t, 200))
	if latest.Version.ID != edited.Version.ID {
		t.Fatalf("get returns version %s, want the new draft %s", latest.Version.ID, edited.Version.ID)
	}
	old := decode[workflows.Flow](t, call(t, srv, "GET", gw+"/v1/flows/"+flow.ID+"?versionId="+published.Version.ID, nil).expect(t, 200))
	if old.Version.DisplayName != "after" || old.Version.State != workflows.VersionLocked {
		t.Fatalf("the published version changed: %+v", old.Version)
	}

	t.Run("an operation's own error passes through", func(t *testing.T) {
		call(t, srv, "POST", gw+"/v1/flows/"+flow.ID, workflows.DeleteAction("no_such_step")).expect(t, 400)
	})
}
