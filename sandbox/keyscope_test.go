package sandbox

import (
	"fmt"
	"sync"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// TestKeysBoundToProjects checks that a key bound to a project reads, lists,
// creates and deletes only there, by id too, also when both keys work at once.
func TestKeysBoundToProjects(t *testing.T) {
	_, srv := testEngine(t, WithKeyProjects(map[string]string{"key-one-000000": "projectA", "key-two-000000": "projectB"}),
		WithAPIKeys("admin-key-0000"))
	a, b := store.ProjectIDFor("projectA"), store.ProjectIDFor("projectB")
	as := func(key string) []string { return []string{"x-api-key", key} }
	create := func(key, name string) workflows.Flow {
		return decode[workflows.Flow](t, call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": name}, as(key)...).expect(t, 201))
	}
	list := func(key string) []workflows.Flow {
		return decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?limit=100", nil, as(key)...).expect(t, 200)).Data
	}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(2)
		go func() { defer wg.Done(); create("key-one-000000", fmt.Sprint("A", i)) }()
		go func() { defer wg.Done(); create("key-two-000000", fmt.Sprint("B", i)) }()
	}
	wg.Wait()
	flowB := create("key-two-000000", "B-last")
	for key, want := range map[string]string{"key-one-000000": a, "key-two-000000": b} {
		flows := list(key)
		// Ten created and the echo flow every project starts with; B-last in B.
		if wantN := map[string]int{a: 11, b: 12}[want]; len(flows) != wantN {
			t.Errorf("%s lists %d flows, want %d", key, len(flows), wantN)
		}
		for _, f := range flows {
			if f.ProjectID != want {
				t.Errorf("%s sees flow %s of project %s", key, f.ID, f.ProjectID)
			}
		}
		projects := decode[workflows.SeekPage[store.Project]](t, call(t, srv, "GET", gw+"/v1/projects", nil, as(key)...).expect(t, 200)).Data
		if len(projects) != 1 || projects[0].ID != want {
			t.Errorf("%s lists projects %+v", key, projects)
		}
		for _, layout := range []string{gw, ap} {
			current := decode[store.Project](t, call(t, srv, "GET", layout+"/v1/users/projects/current", nil, as(key)...).expect(t, 200))
			if current.ID != want {
				t.Errorf("%s: the current project of %s is %s, want %s", layout, key, current.ID, want)
			}
		}
	}
	call(t, srv, "GET", gw+"/v1/flows/"+flowB.ID, nil, as("key-one-000000")...).expect(t, 404)
	call(t, srv, "DELETE", gw+"/v1/flows/"+flowB.ID, nil, as("key-one-000000")...).expect(t, 404)
	call(t, srv, "GET", gw+"/v1/flows?projectId="+b, nil, as("key-one-000000")...).expect(t, 200)
	if got := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?projectId="+b, nil, as("key-one-000000")...)).Data; len(got) != 0 {
		t.Errorf("naming the other project lists %d of its flows", len(got))
	}
	call(t, srv, "POST", gw+"/v1/flows", map[string]any{"displayName": "x", "projectId": b}, as("key-one-000000")...).expect(t, 404)
	call(t, srv, "GET", gw+"/v1/flows/"+flowB.ID, nil, as("key-two-000000")...).expect(t, 200)
	// An unbound key sees every project; two keys of two projects are refused.
	if n := len(decode[workflows.SeekPage[store.Project]](t, call(t, srv, "GET", gw+"/v1/projects", nil, as("admin-key-0000")...)).Data); n != 3 {
		t.Errorf("the unbound key lists %d projects, want 3", n)
	}
	// and works in the default project, the one neither bound key has.
	if current := decode[store.Project](t, call(t, srv, "GET", ap+"/v1/users/projects/current", nil, as("admin-key-0000")...).expect(t, 200)); current.ID == a || current.ID == b || current.ID == "" {
		t.Errorf("the unbound key's current project is %q, want the default one", current.ID)
	}
	call(t, srv, "GET", gw+"/v1/flows", nil, "x-api-key", "key-one-000000", "Authorization", "Bearer key-two-000000").expect(t, 401)
}
