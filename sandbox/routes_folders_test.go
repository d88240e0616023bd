package sandbox

import (
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func TestFolders(t *testing.T) {
	_, srv := testEngine(t)
	created := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": "Support"}).expect(t, 200))
	if !store.ValidID(created.ID) || created.DisplayName != "Support" || created.ProjectID != defaultProject(t, srv) {
		t.Fatalf("created %+v", created)
	}
	again := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": "  SUPPORT "}).expect(t, 200))
	// Activepieces renames the folder to the new spelling (the sandbox used to keep the old one).
	if again.ID != created.ID || again.DisplayName != "SUPPORT" {
		t.Fatalf("creating the same name (other case) answered %+v, want folder %s renamed SUPPORT", again, created.ID)
	}

	call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "filed", "folderId": created.ID}).expect(t, 201)
	got := decode[workflows.Folder](t, call(t, srv, "GET", gw+"/v1/folders/"+created.ID, nil).expect(t, 200))
	if got.NumberOfFlows == nil || *got.NumberOfFlows != 1 {
		t.Fatalf("numberOfFlows %v, want 1", got.NumberOfFlows)
	}
	list := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders", nil).expect(t, 200))
	counts := map[string]int{}
	for _, f := range list.Data {
		if f.NumberOfFlows == nil {
			t.Fatalf("listed folder %s lacks numberOfFlows", f.DisplayName)
		}
		counts[f.DisplayName] = *f.NumberOfFlows
	}
	if counts["SUPPORT"] != 1 || counts["Others"] != 1 || counts["Channel Workflow"] != 0 {
		t.Fatalf("flow counts %v", counts)
	}

	renamed := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders/"+created.ID, map[string]any{"displayName": "Helpdesk"}).expect(t, 200))
	if renamed.DisplayName != "Helpdesk" || renamed.ID != created.ID {
		t.Fatalf("renamed %+v", renamed)
	}
	call(t, srv, "POST", gw+"/v1/folders/"+created.ID, map[string]any{"displayName": "others"}).expectError(t, 409, "VALIDATION",
		"a folder named Others already exists in this project")
	call(t, srv, "POST", gw+"/v1/folders/"+created.ID, map[string]any{}).expectError(t, 400, "FST_ERR_VALIDATION",
		"body/displayName is required: must be string")
	call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": ""}).expectError(t, 400, "FST_ERR_VALIDATION",
		"body/displayName must not be empty")
	call(t, srv, "POST", gw+"/v1/folders/"+missingID, map[string]any{"displayName": "x"}).expectError(t, 404, "ENTITY_NOT_FOUND", "")

	a := call(t, srv, "DELETE", gw+"/v1/folders/"+created.ID, nil).expect(t, 200)
	if len(a.Body) != 0 || a.Header.Get("Content-Length") != "0" {
		t.Fatalf("delete answered %q with Content-Length %q, want an empty 200 with Content-Length: 0", a.Body, a.Header.Get("Content-Length"))
	}
	unfiled := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?folderId=NULL", nil).expect(t, 200))
	if len(unfiled.Data) != 1 || unfiled.Data[0].Version.DisplayName != "filed" {
		t.Fatalf("after deleting its folder the flow is not unfiled: %+v", unfiled.Data)
	}
	call(t, srv, "GET", gw+"/v1/folders/"+created.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "folder "+created.ID+" not found")
	call(t, srv, "DELETE", gw+"/v1/folders/"+created.ID, nil).expectError(t, 404, "ENTITY_NOT_FOUND", "")
}
