package serve

import (
	"context"
	"net/http"
	"sync"

	"github.com/google/uuid"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/internal/caller"
)

// sessions binds every session to the identity of the caller that opened it
// (caller.Caller.Identity: a keyed hash of their credentials and OAuth
// subject), so a session id alone is worth nothing to anyone else. It also
// counts open sessions, for the metrics.
type sessions struct {
	mu    sync.Mutex
	owner map[string]string // session id → identity
}

func newSessions() *sessions { return &sessions{owner: map[string]string{}} }

func (s *sessions) bind(id, identity string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.owner[id] = identity
}

func (s *sessions) unbind(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.owner, id)
}

func (s *sessions) ownerOf(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	identity, ok := s.owner[id]
	return identity, ok
}

// Len returns the number of open sessions.
func (s *sessions) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.owner)
}

func identityOf(ctx context.Context) string { return caller.FromContext(ctx).Identity() }

// check refuses a request that names a session (id, from the Mcp-Session-Id
// header or SSE's sessionId query) which is unknown, 404, or was opened by
// another caller, 403. Unknown ids are refused here, not passed on, so that a
// session whose binding is gone can never be taken over.
func (s *sessions) check(w http.ResponseWriter, r *http.Request, id string) bool {
	if id == "" {
		return true
	}
	owner, ok := s.ownerOf(id)
	switch {
	case !ok:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown_session",
			"message": "no such session: it ended or expired; start a new one with initialize"})
		return false
	case owner != identityOf(r.Context()):
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden_session",
			"message": "this session was opened with other credentials: send the ones that opened it, or start a new session"})
		return false
	}
	return true
}

// streamableIDs makes mcp-go's stateful session ids bound ones: an id is bound
// to the caller of the request that made it, and unbound when the session is
// terminated (DELETE, the idle sweep, shutdown).
type streamableIDs struct {
	s    *sessions
	base server.SessionIdManager
}

// ResolveSessionIdManager implements server.SessionIdManagerResolver; r is nil
// for the idle sweep.
func (m streamableIDs) ResolveSessionIdManager(r *http.Request) server.SessionIdManager {
	identity := ""
	if r != nil {
		identity = identityOf(r.Context())
	}
	return boundIDs{m, identity}
}

type boundIDs struct {
	streamableIDs
	identity string
}

func (b boundIDs) Generate() string {
	id := b.base.Generate()
	b.s.bind(id, b.identity)
	return id
}

func (b boundIDs) Validate(id string) (bool, error) { return b.base.Validate(id) }

func (b boundIDs) Terminate(id string) (bool, error) {
	b.s.unbind(id)
	return b.base.Terminate(id)
}

type sseSlotKey struct{}

// sseID names a new SSE session and binds it to its caller. The id is also
// left in the request's slot, so sseStream can unbind it when the stream ends.
func (s *sessions) sseID(ctx context.Context, _ *http.Request) (string, error) {
	id := uuid.NewString()
	s.bind(id, identityOf(ctx))
	if slot, ok := ctx.Value(sseSlotKey{}).(*string); ok {
		*slot = id
	}
	return id, nil
}

// sseStream unbinds an SSE session when its stream ends, as mcp-go forgets it then.
func (s *sessions) sseStream(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id string
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sseSlotKey{}, &id)))
		if id != "" {
			s.unbind(id)
		}
	})
}
