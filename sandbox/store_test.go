package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// openEngine opens an engine on path, closed when the test ends (a test may
// close it earlier: Close is idempotent).
func openEngine(t *testing.T, path string, opts ...Option) *Engine {
	t.Helper()
	e, err := Open(path, opts...)
	if err != nil {
		t.Fatalf("Open %s: %v", path, err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// openServed opens an engine on path and serves it.
func openServed(t *testing.T, path string, opts ...Option) (*Engine, *httptest.Server) {
	t.Helper()
	e := openEngine(t, path, opts...)
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(srv.Close)
	return e, srv
}

func TestStateSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	e, srv := openServed(t, path, withRunner(fakeRun(workflows.RunSucceeded, nil)))
	projectID := defaultProject(t, srv)
	flow := createFlow(t, srv, "kept")
	folder := decode[workflows.Folder](t, call(t, srv, "POST", gw+"/v1/folders", map[string]any{"displayName": "Kept"}).expect(t, 200))
	echo := echoFlowID(t, srv)
	call(t, srv, "POST", gw+"/v1/webhooks/"+echo, `{}`).expect(t, 200)
	run := waitForRun(t, srv, echo)
	first := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?limit=1", nil).expect(t, 200))
	srv.Close()
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	_, srv2 := openServed(t, path)
	if got := defaultProject(t, srv2); got != projectID {
		t.Fatalf("project %s after reopening, want %s", got, projectID)
	}
	got := decode[workflows.Flow](t, call(t, srv2, "GET", gw+"/v1/flows/"+flow.ID, nil).expect(t, 200))
	if got.Version.DisplayName != "kept" || got.Version.ID != flow.Version.ID {
		t.Fatalf("flow after reopening %+v", got.Version)
	}
	call(t, srv2, "GET", gw+"/v1/folders/"+folder.ID, nil).expect(t, 200)
	if r := decode[workflows.FlowRun](t, call(t, srv2, "GET", gw+"/v1/flow-runs/"+run.ID, nil).expect(t, 200)); r.Status != workflows.RunSucceeded {
		t.Fatalf("run after reopening %+v", r)
	}
	// A cursor from before the restart still works.
	next := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv2, "GET", gw+"/v1/flows?limit=1&cursor="+*first.Next, nil).expect(t, 200))
	if len(next.Data) != 1 || next.Data[0].ID != echo {
		t.Fatalf("the old cursor led to %+v", next.Data)
	}
	// Not seeded twice.
	flows := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv2, "GET", gw+"/v1/flows?name=echo", nil).expect(t, 200))
	folders := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv2, "GET", gw+"/v1/folders?limit=100", nil).expect(t, 200))
	if len(flows.Data) != 1 || len(folders.Data) != len(store.SystemFolders)+1 {
		t.Fatalf("after reopening: %d echo flows, %d folders", len(flows.Data), len(folders.Data))
	}
}

func TestTwoEnginesShareOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	// Both open at once: the store is seeded exactly once.
	var wg sync.WaitGroup
	engines := make([]*Engine, 2)
	errs := make([]error, 2)
	for i := range engines {
		wg.Go(func() { engines[i], errs[i] = Open(path) })
	}
	wg.Wait()
	servers := make([]*httptest.Server, 2)
	for i, e := range engines {
		if errs[i] != nil {
			t.Fatalf("Open #%d: %v", i, errs[i])
		}
		servers[i] = httptest.NewServer(e.Handler())
		t.Cleanup(func() { servers[i].Close(); e.Close() })
	}
	a, b := servers[0], servers[1]
	if defaultProject(t, a) != defaultProject(t, b) {
		t.Fatal("the two engines seeded two projects")
	}

	// Concurrent writes through both engines: upserts of the same folder names
	// (read-modify-write) and new flows. Nothing is lost or duplicated.
	const perEngine = 15
	for i, srv := range servers {
		wg.Go(func() {
			for j := range perEngine {
				if err := postStatus(srv, "/v1/folders", fmt.Sprintf(`{"displayName":"shared %d"}`, j), 200); err != nil {
					t.Error(err)
				}
				if err := postStatus(srv, "/v1/flows", fmt.Sprintf(`{"displayName":"engine %d flow %d"}`, i, j), 201); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for name, srv := range map[string]*httptest.Server{"first": a, "second": b} {
		folders := decode[workflows.SeekPage[workflows.Folder]](t, call(t, srv, "GET", gw+"/v1/folders?limit=100", nil).expect(t, 200))
		flows := decode[workflows.SeekPage[workflows.Flow]](t, call(t, srv, "GET", gw+"/v1/flows?limit=100", nil).expect(t, 200))
		if len(folders.Data) != len(store.SystemFolders)+perEngine {
			t.Fatalf("%s engine sees %d folders, want %d", name, len(folders.Data), len(store.SystemFolders)+perEngine)
		}
		if len(flows.Data) != 1+2*perEngine {
			t.Fatalf("%s engine sees %d flows, want %d", name, len(flows.Data), 1+2*perEngine)
		}
	}

	// A change through one engine is seen by the other.
	flow := createFlow(t, a, "cross")
	call(t, b, "POST", gw+"/v1/flows/"+flow.ID, workflows.ChangeName("renamed by b")).expect(t, 200)
	if got := decode[workflows.Flow](t, call(t, a, "GET", gw+"/v1/flows/"+flow.ID, nil).expect(t, 200)); got.Version.DisplayName != "renamed by b" {
		t.Fatalf("engine a sees %q", got.Version.DisplayName)
	}
}

// postStatus posts body under the gateway layout and checks the status; it is
// safe to call from any goroutine.
func postStatus(srv *httptest.Server, path, body string, want int) error {
	req, err := http.NewRequest("POST", srv.URL+gw+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", testKey)
	resp, err := srv.Client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("POST %s: %d %s, want %d", path, resp.StatusCode, data, want)
	}
	return nil
}

func TestOpenRefusesBadPaths(t *testing.T) {
	for _, path := range []string{"", "x.db?mode=ro", filepath.Join(t.TempDir(), "missing-dir", "x.db")} {
		if e, err := Open(path); err == nil {
			e.Close()
			t.Fatalf("Open(%q) succeeded", path)
		}
	}
}
