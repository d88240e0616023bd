package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// runsUpstream stands in for Activepieces' webhook and run routes: a webhook
// call starts a run that records the call (headers unless dropHeaders, and
// body) as its trigger output, and runs are listed newest first, a page at a
// time, with an opaque cursor.
type runsUpstream struct {
	mu          sync.Mutex
	runs        []workflows.FlowRun // oldest first
	dropHeaders bool                // as a proxy that strips unknown headers would
	srv         *httptest.Server
}

func newRunsUpstream(t *testing.T, dropHeaders bool) *runsUpstream {
	u := &runsUpstream{dropHeaders: dropHeaders}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/webhooks/{flowId}", u.webhook)
	mux.HandleFunc("GET /api/v1/flow-runs", u.list)
	mux.HandleFunc("GET /api/v1/flow-runs/{id}", u.get)
	u.srv = httptest.NewServer(mux)
	t.Cleanup(u.srv.Close)
	return u
}

func (u *runsUpstream) webhook(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	recorded := map[string]any{"body": json.RawMessage(body), "queryParams": map[string]string{}}
	if !u.dropHeaders {
		headers := map[string]string{}
		for k, v := range r.Header {
			headers[strings.ToLower(k)] = strings.Join(v, ", ")
		}
		recorded["headers"] = headers
	}
	output, _ := json.Marshal(recorded)
	u.mu.Lock()
	id := fmt.Sprintf("run%018d", len(u.runs))
	u.runs = append(u.runs, workflows.FlowRun{Base: workflows.Base{ID: id}, FlowID: r.PathValue("flowId"), Status: workflows.RunSucceeded,
		Steps: map[string]workflows.StepRun{"trigger": {Type: "PIECE_TRIGGER", Status: "SUCCEEDED", Output: output}}})
	u.mu.Unlock()
	w.Header().Set("x-webhook-id", "wh"+id)
	_, _ = w.Write([]byte(`{}`))
}

func (u *runsUpstream) list(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	u.mu.Lock()
	var page workflows.SeekPage[workflows.FlowRun]
	for i := len(u.runs) - 1 - start; i >= 0 && len(page.Data) < limit; i-- {
		run := u.runs[i]
		run.Steps = nil // lists carry no steps
		page.Data = append(page.Data, run)
	}
	if next := start + len(page.Data); next < len(u.runs) {
		cursor := strconv.Itoa(next)
		page.Next = &cursor
	}
	u.mu.Unlock()
	_ = json.NewEncoder(w).Encode(page)
}

func (u *runsUpstream) get(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, run := range u.runs {
		if run.ID == r.PathValue("id") {
			_ = json.NewEncoder(w).Encode(run)
			return
		}
	}
	w.WriteHeader(http.StatusNotFound)
}

func (u *runsUpstream) client(t *testing.T) *Client {
	return mustNew(t, Config{Layout: LayoutActivepieces, ActivepiecesURL: u.srv.URL, ActivepiecesAPIKey: "sk-test-key-5678", ProjectID: "p1"})
}

// trigger watches the flow, triggers it with payload and finds the call's run.
func trigger(ctx context.Context, c *Client, payload string) (FoundRun, error) {
	w, err := c.WatchRuns(ctx, "p1", "f1")
	if err != nil {
		return FoundRun{}, err
	}
	w.Tries, w.Pause = 3, time.Millisecond
	mark := NewCallMark()
	if _, err := c.TriggerFlow(WithCallMark(ctx, mark), "f1", json.RawMessage(payload)); err != nil {
		return FoundRun{}, err
	}
	return w.FindTriggeredRun(ctx, mark, json.RawMessage(payload)), nil
}

// TestOverlappingTriggersFindTheirOwnRun fires 20 triggers of one flow at once:
// each must name the run whose recorded trigger holds its own payload.
func TestOverlappingTriggersFindTheirOwnRun(t *testing.T) {
	u := newRunsUpstream(t, false)
	c := u.client(t)
	var wg sync.WaitGroup
	reads := make([]int, 20)
	for i := range 20 {
		wg.Go(func() {
			found, err := trigger(context.Background(), c, fmt.Sprintf(`{"n":%d}`, i))
			if err != nil || found.How != RunMatched {
				t.Errorf("call %d: %+v, %v; want matched", i, found, err)
				return
			}
			var recorded struct{ Body struct{ N int } }
			_ = json.Unmarshal(found.Run.Steps["trigger"].Output, &recorded)
			if recorded.Body.N != i {
				t.Errorf("call %d was handed the run of call %d", i, recorded.Body.N)
			}
			reads[i] = found.Reads
		})
	}
	wg.Wait()
	total := 0
	for _, n := range reads {
		total += n
	}
	t.Logf("reads to find each run: %v (mean %.1f)", reads, float64(total)/20)
}

// TestSamePayloadFromElsewhere: an outside caller sends the same payload at the
// same moment. With the mark recorded the call's own run is matched; where
// nothing tells the runs apart, both are offered and neither is picked.
func TestSamePayloadFromElsewhere(t *testing.T) {
	for _, dropHeaders := range []bool{false, true} {
		t.Run(fmt.Sprintf("dropHeaders=%v", dropHeaders), func(t *testing.T) {
			u := newRunsUpstream(t, dropHeaders)
			c := u.client(t)
			ctx := context.Background()
			w, err := c.WatchRuns(ctx, "p1", "f1")
			if err != nil {
				t.Fatal(err)
			}
			w.Tries, w.Pause = 2, time.Millisecond
			mark := NewCallMark()
			if _, err := c.TriggerFlow(WithCallMark(ctx, mark), "f1", json.RawMessage(`{"same":true}`)); err != nil {
				t.Fatal(err)
			}
			outside, err := http.Post(u.srv.URL+"/api/v1/webhooks/f1", "application/json", strings.NewReader(`{"same":true}`))
			if err != nil {
				t.Fatal(err)
			}
			outside.Body.Close()
			found := w.FindTriggeredRun(ctx, mark, json.RawMessage(`{"same":true}`))
			switch {
			case !dropHeaders && (found.How != RunMatched || found.Run.ID != "run000000000000000000"):
				t.Errorf("with the mark recorded: %+v, want the first run matched", found)
			case dropHeaders && (found.How != RunAmbiguous || len(found.Candidates) != 2 || found.Run != nil):
				t.Errorf("with nothing to tell them apart: %+v, want ambiguous with both runs", found)
			}
		})
	}
}

// TestOnlyNewRunWhereHeadersAreNotKept names the one new run with the call's
// payload when the engine keeps no headers, and says how it was found.
func TestOnlyNewRunWhereHeadersAreNotKept(t *testing.T) {
	u := newRunsUpstream(t, true)
	found, err := trigger(context.Background(), u.client(t), `{"alone":1}`)
	if err != nil || found.How != RunOnlyNew || found.Run == nil {
		t.Fatalf("found %+v, %v; want only_new_run with the run", found, err)
	}
}
