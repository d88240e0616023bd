package tools

import "testing"

func TestFolderTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var list listFoldersOutput
	h.ok("list_folders", `{}`, &list)
	if len(list.Folders) != 4 {
		t.Fatalf("list_folders = %+v, want the 4 system folders", list.Folders)
	}
	var page listFoldersOutput
	h.ok("list_folders", `{"limit":2}`, &page)
	if len(page.Folders) != 2 || !page.HasMore || page.NextCursor == "" {
		t.Fatalf("list_folders limit=2 = %+v", page)
	}
	var rest listFoldersOutput
	h.ok("list_folders", `{"limit":2,"cursor":"`+page.NextCursor+`"}`, &rest)
	if len(rest.Folders) != 2 || rest.Folders[0].ID == page.Folders[0].ID {
		t.Errorf("second page = %+v", rest.Folders)
	}

	var created folderOut
	h.ok("create_folder", `{"displayName":"Sales"}`, &created)
	var again folderOut
	h.ok("create_folder", `{"displayName":"sales"}`, &again)
	if again.ID != created.ID {
		t.Errorf("create_folder is an upsert by name: got %s then %s", created.ID, again.ID)
	}
	var got folderOut
	h.ok("get_folder", `{"folderId":"`+created.ID+`"}`, &got)
	// The upsert renames the folder to the last spelling given, as Activepieces does.
	if got.DisplayName != "sales" || got.Created != "" {
		t.Errorf("get_folder = %+v", got)
	}
	var full folderOut
	h.ok("get_folder", `{"folderId":"`+created.ID+`","detail":"full"}`, &full)
	if full.Created == "" || full.DisplayOrder == nil {
		t.Errorf("get_folder detail=full = %+v", full)
	}
	var renamed folderOut
	h.ok("update_folder", `{"folderId":"`+created.ID+`","displayName":"Deals"}`, &renamed)
	if renamed.DisplayName != "Deals" || renamed.ID != created.ID {
		t.Errorf("update_folder = %+v", renamed)
	}
	var gone deleted
	h.ok("delete_folder", `{"folderId":"`+created.ID+`"}`, &gone)
	h.fails("get_folder", `{"folderId":"`+created.ID+`"}`, "404", "list_folders lists folder ids")

	h.rejects("list_folders", `{"cursor":5}`, "invalid argument cursor: expected a string (From nextCursor), got 5")
	h.rejects("get_folder", `{}`, "missing required argument folderId: expected an id of 21 letters and digits (Folder id)")
	h.rejects("create_folder", `{"displayName":""}`, `invalid argument displayName: expected a string of at least 1 character(s), got ""`)
	h.rejects("update_folder", `{"folderId":"`+created.ID+`"}`, "missing required argument displayName: expected a string (New name)")
	h.rejects("delete_folder", `{"folderId":"`+created.ID+`","force":true}`, "unknown argument force: expected one of folderId")
}
