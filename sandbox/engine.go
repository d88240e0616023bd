package sandbox

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
	"github.com/workflows-mcp/mcp-bridge/sandbox/engine"
	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Defaults for the engine's options.
const (
	DefaultSyncWait = 30 * time.Second
	defaultMaxDelay = time.Minute
	// defaultCloseWait is how long Close lets running flows finish before cancelling them.
	defaultCloseWait = 3 * time.Second
)

// EchoFlowName is the display name of the flow every new store is seeded
// with: published, its sync webhook answers with the request body.
const EchoFlowName = store.EchoFlowName

// Engine is a sandbox workflow engine. Create it with Open; it is safe for concurrent use.
type Engine struct {
	store     *store.Store
	catalogue *pieces.Catalogue
	log       *slog.Logger
	syncWait  time.Duration
	maxDelay  time.Duration
	closeWait time.Duration
	// instanceID names this engine in the store; see store.Heartbeat.
	instanceID     string
	heartbeatEvery time.Duration
	staleAfter     time.Duration
	// sweepEvery is how often the engine ends the runs of engines whose
	// heartbeat went stale, beyond doing so once at Open.
	sweepEvery     time.Duration
	heartbeatClock func() time.Time // the heartbeat's clock; nil for time.Now
	heartbeat      *store.Heartbeat
	stopSweep      chan struct{}
	sweepDone      chan struct{}
	apiKeys        []string
	keyProjects    map[string]string // API key → the name of the project it is limited to
	projectID      string            // the default project
	handler        http.Handler
	// egress is which addresses the pieces' HTTP requests may reach; pieceHTTP
	// sends them (see pieceservices.go).
	egress    egress.Policy
	pieceHTTP pieces.HTTPClient
	// run executes a flow version; it is engine.Execute, replaced only by tests of the HTTP layer.
	run func(context.Context, engine.ExecEnv, *workflows.FlowVersion, engine.TriggerInput) engine.RunResult

	runCtx    context.Context // cancelled by Close to stop runs still going
	stopRuns  context.CancelFunc
	runs      sync.WaitGroup
	runMu     sync.Mutex // guards closing and runs.Add
	closing   bool
	closeOnce sync.Once
	closeErr  error
	// clock times the schedules; scheduler fires them (see scheduler.go).
	clock        Clock
	leaseTTL     time.Duration
	scheduleWake time.Duration
	scheduler    *scheduler
}

// Option configures an Engine.
type Option func(*Engine)

// WithSyncWait sets how long a sync webhook waits for the flow's response (30 s by default).
func WithSyncWait(d time.Duration) Option {
	return func(e *Engine) {
		if d > 0 {
			e.syncWait = d
		}
	}
}

// WithMaxDelay caps the delay steps of running flows (1 minute by default).
func WithMaxDelay(d time.Duration) Option {
	return func(e *Engine) {
		if d > 0 {
			e.maxDelay = d
		}
	}
}

// WithAPIKeys makes every engine route except the webhooks require one of keys,
// given as "Authorization: Bearer <key>", "x-api-key: <key>" or "x-access-token: <key>".
// Without keys the routes take any non-empty key, and still refuse a request
// over the network that carries none (401), as the gateway and Activepieces
// do; requests served in-process (HTTPClient) are the embedding program's own
// and need none.
func WithAPIKeys(keys ...string) Option {
	return func(e *Engine) {
		for _, k := range keys {
			if k != "" {
				e.apiKeys = append(e.apiKeys, k)
			}
		}
	}
}

// WithKeyProjects binds API keys to projects: each key is accepted (as with
// WithAPIKeys) and a request made with it sees and changes only its project,
// which Open creates when missing. A project is named by its id, or by any
// name, from which a stable id is derived (store.ProjectIDFor). One sandbox can so stand in for several
// accounts, as a hosted bridge's callers need.
func WithKeyProjects(keyProjects map[string]string) Option {
	return func(e *Engine) {
		for k, p := range keyProjects {
			if k == "" || p == "" {
				continue
			}
			if e.keyProjects == nil {
				e.keyProjects = map[string]string{}
			}
			e.keyProjects[k] = p
			e.apiKeys = append(e.apiKeys, k)
		}
	}
}

// WithLogger sets the logger for request failures and run outcomes (discarded by default).
func WithLogger(l *slog.Logger) Option {
	return func(e *Engine) {
		if l != nil {
			e.log = l
		}
	}
}

// Open opens the engine's store at path (a SQLite file, created when missing, or
// ":memory:"), migrates it, and seeds it when it is empty.
func Open(path string, opts ...Option) (*Engine, error) {
	e := &Engine{
		catalogue:      pieces.NewCatalogue(pieces.All),
		log:            slog.New(slog.NewTextHandler(io.Discard, nil)),
		syncWait:       DefaultSyncWait,
		maxDelay:       defaultMaxDelay,
		closeWait:      defaultCloseWait,
		instanceID:     store.NewID(),
		heartbeatEvery: store.DefaultHeartbeatEvery,
		staleAfter:     store.DefaultStaleAfter,
		sweepEvery:     store.DefaultHeartbeatEvery,
		run:            engine.Execute,
		egress:         egress.Public,
		clock:          systemClock{},
		leaseTTL:       defaultLeaseTTL,
		scheduleWake:   defaultScheduleWake,
	}
	for _, o := range opts {
		o(e)
	}
	e.pieceHTTP = e.pieceHTTPClient()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	e.store = st
	if e.projectID, err = st.Seed(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("sandbox: seeding %s: %w", path, err)
	}
	for _, p := range e.keyProjects {
		if err := st.EnsureProject(ctx, p); err != nil {
			st.Close()
			return nil, fmt.Errorf("sandbox: creating project %s: %w", p, err)
		}
	}
	if e.scheduler, err = e.newScheduler(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("sandbox: preparing the schedules in %s: %w", path, err)
	}
	e.heartbeat = store.NewHeartbeat(st, e.instanceID, e.heartbeatEvery, e.staleAfter, e.log)
	if e.heartbeatClock != nil {
		e.heartbeat.Clock = e.heartbeatClock
	}
	if err := e.heartbeat.Beat(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("sandbox: recording the engine in %s: %w", path, err)
	}
	if err := e.heartbeat.EndAbandonedRuns(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("sandbox: ending abandoned runs in %s: %w", path, err)
	}
	e.heartbeat.Start()
	e.startSweeping()
	e.runCtx, e.stopRuns = context.WithCancel(context.Background())
	e.handler = e.newHandler()
	e.scheduler.start()
	return e, nil
}

// Handler serves the engine under the iMBRACE gateway's layout (/activepieces/v1/...,
// /channel-service/v1/...) and Activepieces' (/api/v1/...).
func (e *Engine) Handler() http.Handler { return e.handler }

// Close waits briefly for running flows, cancels those still going, and closes the store.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.runMu.Lock()
		e.closing = true
		e.runMu.Unlock()
		// No schedule starts a run from here on, and another engine takes them over.
		stopCtx, cancelStop := context.WithTimeout(context.Background(), 5*time.Second)
		e.scheduler.close(stopCtx)
		cancelStop()
		done := make(chan struct{})
		go func() { e.runs.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(e.closeWait):
			e.stopRuns()
			select {
			case <-done:
			case <-time.After(e.closeWait):
				e.log.Warn("sandbox: closing with flow runs still going")
			}
		}
		e.stopRuns()
		close(e.stopSweep)
		<-e.sweepDone
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := e.heartbeat.Stop(ctx); err != nil {
			e.log.Warn("sandbox: removing the engine's heartbeat failed", "err", err)
		}
		e.closeErr = e.store.Close()
	})
	return e.closeErr
}

// credentials lists the keys a request carries, in any of the headers the
// gateway and Activepieces read them from; blank ones do not count.
func credentials(r *http.Request) []string {
	var given []string
	if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		if token = strings.TrimSpace(token); token != "" {
			given = append(given, token)
		}
	}
	for _, h := range []string{"x-api-key", "x-access-token"} {
		if v := strings.TrimSpace(r.Header.Get(h)); v != "" {
			given = append(given, v)
		}
	}
	return given
}

// startSweeping ends, every sweepEvery until Close, the runs left unfinished
// by engines whose heartbeat went stale. Open does so once, but an engine
// restarted while a killed one's heartbeat was still fresh would otherwise
// leave that one's runs RUNNING forever.
func (e *Engine) startSweeping() {
	e.stopSweep, e.sweepDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(e.sweepDone)
		ticker := time.NewTicker(e.sweepEvery)
		defer ticker.Stop()
		for {
			select {
			case <-e.stopSweep:
				return
			case <-ticker.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				if err := e.heartbeat.SweepAbandoned(ctx); err != nil {
					e.log.Warn("sandbox: sweeping abandoned runs failed", "err", err)
				}
				cancel()
			}
		}
	}()
}

// layout is the URL layout a request came in under.
type layout int

const (
	layoutGateway layout = iota
	layoutActivepieces
)

type layoutKey struct{}

func layoutOf(r *http.Request) layout {
	l, _ := r.Context().Value(layoutKey{}).(layout)
	return l
}

// newHandler builds the outer router: layouts → the /v1 engine routes.
func (e *Engine) newHandler() http.Handler {
	v1 := e.routes()
	outer := http.NewServeMux()
	outer.Handle("/activepieces/", under("/activepieces", layoutGateway, v1))
	outer.Handle("/api/", under("/api", layoutActivepieces, v1))
	outer.Handle("/channel-service/v1/workflows/channel_automation", e.handle(true, e.listChannelAutomations))
	// Where iMBRACE's backend served them before they moved to the channel
	// service, and where its TypeScript SDK 1.0.3 still asks.
	outer.Handle("/v2/backend/workflows/channel_automation", e.handle(true, e.listChannelAutomations))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, routeNotFound(r.Method, r.URL.Path))
	})
	return recoverPanics(e.log, outer)
}

// recoverPanics turns a panic in a route into a logged 500, so that a bug never
// takes down a process that serves the engine in-process.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("sandbox: a route panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				writeAPIError(w, apierr.New(http.StatusInternalServerError, "INTERNAL_ERROR", "the sandbox engine failed to handle the request; see its log"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// under strips prefix and records the layout for the engine routes.
func under(prefix string, l layout, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2 := r.WithContext(context.WithValue(r.Context(), layoutKey{}, l))
		u := *r.URL
		u.Path = strings.TrimPrefix(r.URL.Path, prefix)
		u.RawPath = strings.TrimPrefix(r.URL.RawPath, prefix)
		r2.URL = &u
		next.ServeHTTP(w, r2)
	})
}

// handlerFunc is an engine route; a returned error is written as the answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a route, checking the API key first when auth is set.
func (e *Engine) handle(auth bool, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth {
			if aerr := e.authenticate(r); aerr != nil {
				writeAPIError(w, aerr)
				return
			}
			var aerr *apierr.Error
			if r, aerr = e.scopeToKey(r); aerr != nil {
				writeAPIError(w, aerr)
				return
			}
		}
		if err := h(w, r); err != nil {
			e.writeError(w, r, err)
		}
	})
}

// authenticate checks the request's credentials: one of the configured keys,
// or, with none configured, any key at all (see WithAPIKeys).
func (e *Engine) authenticate(r *http.Request) *apierr.Error {
	given := credentials(r)
	if len(given) == 0 && (len(e.apiKeys) > 0 || !servedInProcess(r)) {
		return apierr.New(http.StatusUnauthorized, "AUTHENTICATION", "no credentials: send Authorization: Bearer <key>, x-api-key or x-access-token")
	}
	if len(e.apiKeys) == 0 {
		return nil
	}
	for _, g := range given {
		for _, k := range e.apiKeys {
			if subtle.ConstantTimeCompare([]byte(g), []byte(k)) == 1 {
				return nil
			}
		}
	}
	return apierr.New(http.StatusUnauthorized, "INVALID_API_KEY", "the API key is not valid for this sandbox")
}
