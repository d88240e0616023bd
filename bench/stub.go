package bench

import (
	"net/http"
	"sync"
)

// Stub is a local upstream that answers a few GET paths with fixed bodies
// (fixtures.go), so that a tool call's time is the server's work plus one cheap
// loopback round trip. It counts what it was asked, so a report can show that a
// server made the requests expected of it and no others.
type Stub struct {
	routes map[string][]byte

	mu     sync.Mutex
	counts map[string]int // by path; unknown paths too
}

// NewActivepiecesStub serves an Activepieces API under /api: flows pages of
// flows, folders (3) and projects (one).
func NewActivepiecesStub(flows int) *Stub {
	return newStub(map[string][]byte{
		"/api/v1/flows":    ActivepiecesFlowsPage(flows),
		"/api/v1/folders":  ActivepiecesFoldersPage(3),
		"/api/v1/projects": ActivepiecesProjectsPage(),
	})
}

// NewN8nStub serves n8n's public API: workflows pages of workflows, and /healthz.
func NewN8nStub(workflows int) *Stub {
	return newStub(map[string][]byte{
		"/api/v1/workflows": N8nWorkflowsPage(workflows),
		"/healthz":          []byte(`{"status":"ok"}`),
	})
}

func newStub(routes map[string][]byte) *Stub {
	return &Stub{routes: routes, counts: map[string]int{}}
}

// ServeHTTP answers GET on a known path with its body; anything else is a 404.
func (s *Stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts[r.Method+" "+r.URL.Path]++
	s.mu.Unlock()
	body, ok := s.routes[r.URL.Path]
	if !ok || r.Method != http.MethodGet {
		http.Error(w, `{"statusCode":404,"error":"Not Found"}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

// Body is what the stub answers on path (nil for an unknown path).
func (s *Stub) Body(path string) []byte { return s.routes[path] }

// Counts returns how many requests came for each "METHOD /path" so far, and
// resets the counts.
func (s *Stub) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	s.counts = map[string]int{}
	return c
}
