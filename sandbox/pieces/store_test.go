package pieces

import (
	"strings"
	"testing"
)

func TestStoreScopes(t *testing.T) {
	run := newFakeRun()
	for scope, key := range map[string]string{
		"COLLECTION": "k",
		"FLOW":       "flow_flow1/k",
		"RUN":        "flow_flow1/run_run1/k",
	} {
		if _, err := storePut(run, props(t, `{"key": "k", "value": "`+scope+`", "store_scope": "`+scope+`"}`)); err != nil {
			t.Fatal(err)
		}
		if v, ok := run.stored(key); !ok || v != scope {
			t.Errorf("%s: stored under %q = %v, %v", scope, key, v, ok)
		}
		res, err := storeGet(run, props(t, `{"key": "k", "store_scope": "`+scope+`"}`))
		if err != nil || res.Output != scope {
			t.Errorf("%s: get = %v, %v", scope, res.Output, err)
		}
	}
	res, err := storeGet(run, props(t, `{"key": "missing", "store_scope": "FLOW", "defaultValue": "fallback"}`))
	if err != nil || res.Output != "fallback" {
		t.Errorf("default = %v, %v", res.Output, err)
	}
	if _, err := storeRemoveValue(run, props(t, `{"key": "k", "store_scope": "FLOW"}`)); err != nil {
		t.Fatal(err)
	}
	if _, ok := run.stored("flow_flow1/k"); ok {
		t.Error("remove_value left the key")
	}
	for _, bad := range []struct{ props, message string }{
		{`{"key": "` + strings.Repeat("k", 129) + `", "store_scope": "FLOW"}`,
			"{\n  \"errors\": {\n    \"key\": \"Too big: expected string to have <=128 characters\"\n  }\n}"},
		{`{"store_scope": "FLOW"}`, "{\n  \"errors\": {\n    \"key\": \"Invalid input: expected string, received undefined\"\n  }\n}"},
		{`{"key": "k", "store_scope": "PROJECT"}`, `store_scope must be COLLECTION (Project), FLOW or RUN, not "PROJECT"`},
	} {
		if _, err := storeGet(run, props(t, bad.props)); err == nil || err.Error() != bad.message {
			t.Errorf("%s: error %v, want %q", bad.props, err, bad.message)
		}
	}
}

func TestStoreAppendAndLists(t *testing.T) {
	run := newFakeRun()
	step := func(action Action, p string) any {
		t.Helper()
		res, err := action(run, props(t, p))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return res.Output
	}
	step(storeAppend, `{"key": "log", "value": "a", "separator": "\\n", "store_scope": "COLLECTION"}`)
	if got := step(storeAppend, `{"key": "log", "value": "b", "separator": "\\n", "store_scope": "COLLECTION"}`); got != "a\nb" {
		t.Errorf("append = %q", got)
	}
	if got := step(storeAppend, `{"key": "log", "value": "", "store_scope": "COLLECTION"}`); got != "a\nb" {
		t.Errorf("appending nothing = %q", got)
	}
	step(storeAddToList, `{"key": "l", "value": [1, {"a": 1}], "store_scope": "COLLECTION"}`)
	got := step(storeAddToList, `{"key": "l", "value": "[1, 2, {\"a\": 1}]", "ignore_if_exists": true, "store_scope": "COLLECTION"}`)
	if jsonOf(t, got) != `[1,{"a":1},2]` {
		t.Errorf("add_to_list = %s", jsonOf(t, got))
	}
	if got := step(storeRemoveFromList, `{"key": "l", "value": "1", "store_scope": "COLLECTION"}`); jsonOf(t, got) != `[{"a":1},2]` {
		t.Errorf("remove_from_list = %s", jsonOf(t, got))
	}
	step(storePut, `{"key": "n", "value": 5, "store_scope": "COLLECTION"}`)
	for _, bad := range []struct {
		action       Action
		props, error string
	}{
		{storeAppend, `{"key": "l", "value": "x", "store_scope": "COLLECTION"}`, "Key l is not a string"},
		{storeAddToList, `{"key": "n", "value": [1], "store_scope": "COLLECTION"}`, "An unexpected error occurred: Key n is not a list."},
		{storeAddToList, `{"key": "l", "value": "{}", "store_scope": "COLLECTION"}`, "An unexpected error occurred: Provided value is not a list."},
		{storeRemoveFromList, `{"key": "log", "value": "a", "store_scope": "COLLECTION"}`, "Key log is not an array"},
		{storePut, `{"key": "big", "value": "` + strings.Repeat("x", storeMaxValue) + `", "store_scope": "COLLECTION"}`,
			"the value of key big is 524290 bytes, more than the storage's limit of 512 KB"},
	} {
		if _, err := bad.action(run, props(t, bad.props)); err == nil || err.Error() != bad.error {
			t.Errorf("%.80s: error %v, want %q", bad.props, err, bad.error)
		}
	}
}

func TestAdvancedMapping(t *testing.T) {
	for in, want := range map[string]string{
		`{"mapping": {"a": 1, "b": [true]}}`: `{"a":1,"b":[true]}`,
		`{"mapping": "{\"a\": 1}"}`:          `{"a":1}`,
		`{"mapping": "not json"}`:            `"not json"`,
	} {
		res, err := advancedMapping(newFakeRun(), props(t, in))
		if err != nil || jsonOf(t, res.Output) != want {
			t.Errorf("%s: %s, %v", in, jsonOf(t, res.Output), err)
		}
	}
}
