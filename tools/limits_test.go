package tools

import (
	"strings"
	"testing"
)

// One folder with a huge name (made behind the tools' back) must not make
// list_folders fail at every page size: long strings are cut, with a marker.
func TestListsStayUsableWhenOneEntityIsHuge(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	huge := strings.Repeat("n", 1<<20)
	made := h.seed("/v1/folders", `{"displayName":"`+huge+`"}`)
	for _, limit := range []string{"1", "10", "100"} {
		var out listFoldersOutput
		h.ok("list_folders", `{"limit":`+limit+`}`, &out)
		found := false
		for _, f := range out.Folders {
			if f.ID == made["id"] {
				found = strings.HasSuffix(f.DisplayName, "…[cut, 1048576 bytes]") && len(f.DisplayName) < 2000
			}
		}
		if !found && limit != "1" {
			t.Errorf("limit %s: the huge folder is missing or not cut: %d folders", limit, len(out.Folders))
		}
	}
	var one folderOut
	h.ok("get_folder", `{"folderId":"`+made["id"].(string)+`"}`, &one)
	if !strings.Contains(one.DisplayName, "…[cut, 1048576 bytes]") {
		t.Errorf("get_folder name not cut: %.80s", one.DisplayName)
	}
}

func TestNamesAndPayloadsOverTheirLimitsAreRefusedBeforeSending(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	long := strings.Repeat("a", 256)
	h.rejects("create_folder", `{"displayName":"`+long+`"}`, `invalid argument displayName: expected a string of at most 255 characters, got "`+long[:40]+`…"`)
	h.rejects("create_flow", `{"displayName":"`+long+`"}`, `invalid argument displayName: expected a string of at most 255 characters, got "`+long[:40]+`…"`)
	flowID := h.echoFlowID()
	h.rejects("apply_flow_operation", `{"flowId":"`+flowID+`","type":"CHANGE_NAME","displayName":"`+long+`"}`,
		"invalid argument displayName: expected at most 255 characters, got 256 characters")
	h.refuses("build_flow", `{"displayName":"x","steps":[{"type":"CODE","code":"x","displayName":"`+long+`"}]}`,
		"invalid argument steps[0].displayName: expected at most 255 characters, got 256 characters")
	big := strings.Repeat("p", 1<<20)
	h.rejects("trigger_flow", `{"flowId":"`+flowID+`","payload":{"text":"`+big+`"}}`,
		"invalid argument payload: expected a JSON body of at most 1048576 bytes (1 MiB), got 1048587 bytes")
	huge := strings.Repeat("q", 2<<20)
	text := h.fails("trigger_flow_sync", `{"flowId":"`+flowID+`","payload":"`+huge+`"}`, "over the limit of 2097152 (2 MiB) for one call")
	if len(text) > 300 {
		t.Errorf("the refusal quotes the argument: %d bytes", len(text))
	}
}
