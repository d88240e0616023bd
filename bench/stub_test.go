package bench

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The Activepieces fixture decodes into the bridge's models as a real page
// would, with several steps per flow, nulls and fields the models do not know.
func TestActivepiecesFlowsPage(t *testing.T) {
	body := ActivepiecesFlowsPage(20)
	var page workflows.SeekPage[workflows.Flow]
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 20 {
		t.Fatalf("%d flows, want 20", len(page.Data))
	}
	for _, want := range []string{`"folderId":null`, `"isInternal":false`, `"nextAction":null`, `"LOOP_ON_ITEMS"`, `"ROUTER"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	var raw struct {
		Data []struct {
			Version struct {
				Trigger json.RawMessage `json:"trigger"`
			} `json:"version"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for i, f := range raw.Data {
		if steps := strings.Count(string(f.Version.Trigger), `"name":"step_`); steps < 3 {
			t.Errorf("flow %d has %d steps, want at least 3", i, steps)
		}
	}
}

func TestN8nWorkflowsPage(t *testing.T) {
	var page struct {
		Data []struct {
			ID    string            `json:"id"`
			Nodes []json.RawMessage `json:"nodes"`
			Meta  json.RawMessage   `json:"meta"`
		} `json:"data"`
		NextCursor *string `json:"nextCursor"`
	}
	if err := json.Unmarshal(N8nWorkflowsPage(20), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 20 || page.NextCursor != nil {
		t.Fatalf("%d workflows, next cursor %v; want 20 and none", len(page.Data), page.NextCursor)
	}
	for _, w := range page.Data {
		if len(w.Nodes) < 4 {
			t.Errorf("workflow %s has %d nodes, want at least 4", w.ID, len(w.Nodes))
		}
	}
}

func TestStub(t *testing.T) {
	stub := NewActivepiecesStub(2)
	srv := httptest.NewServer(stub)
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/api/v1/flows?limit=20&projectId=x"); code != 200 || body != string(stub.Body("/api/v1/flows")) {
		t.Errorf("flows: %d %.80s", code, body)
	}
	if code, _ := get("/api/v1/nothing"); code != 404 {
		t.Errorf("unknown path: %d, want 404", code)
	}
	counts := stub.Counts()
	if counts["GET /api/v1/flows"] != 1 || counts["GET /api/v1/nothing"] != 1 {
		t.Errorf("counts %v", counts)
	}
	if len(stub.Counts()) != 0 {
		t.Error("Counts did not reset")
	}
}
