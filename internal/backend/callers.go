package backend

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/caller"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

// DefaultCallerIdle is how long a caller's client is kept after its last call.
const DefaultCallerIdle = 10 * time.Minute

// CallerSettings returns s with the caller's credentials in place of the
// server's, for backend k, or an error naming the headers the caller must
// send. The organization defaults to the server's when the caller names none;
// the engine's URL is always the server's. For the sandbox any one key will do:
// it is passed through as the sandbox's API key, which the sandbox may bind to
// a project (sandbox.WithKeyProjects).
func CallerSettings(k Kind, s Settings, c caller.Credentials) (Settings, error) {
	switch k {
	case Imbrace:
		if c.APIKey == "" && c.AccessToken == "" {
			return s, errors.New("send your iMBRACE credentials: header " + caller.HeaderImbraceAPIKey + " or " +
				caller.HeaderImbraceAccessToken + " (with " + caller.HeaderImbraceOrganizationID + ")")
		}
		s.Imbrace.APIKey, s.Imbrace.AccessToken = c.APIKey, c.AccessToken
		if c.OrganizationID != "" {
			s.Imbrace.OrganizationID = c.OrganizationID
		}
	case Activepieces:
		if c.ActivepiecesAPIKey == "" {
			return s, errors.New("send your Activepieces API key: header " + caller.HeaderActivepiecesAPIKey)
		}
		s.Activepieces.APIKey = c.ActivepiecesAPIKey
	case Sandbox:
		key := firstOf(c.APIKey, c.AccessToken, c.ActivepiecesAPIKey)
		if key == "" {
			return s, errors.New("send your sandbox API key: header " + caller.HeaderImbraceAPIKey)
		}
		s.Imbrace = ImbraceSettings{APIKey: key, OrganizationID: c.OrganizationID}
	default:
		return s, errors.New("backend " + string(k) + " is not resolved")
	}
	return s, nil
}

// LimitKey names whom a per-caller limit counts on backend k: the OAuth
// subject when a token named one (a person, whatever credentials they send),
// else the upstream account the caller's credentials act as: the one secret
// that reaches the engine, keyed and hashed. Headers the backend ignores (a
// second key, an organization id) do not change it, so they cannot buy a
// caller a fresh limit. Empty for a caller the bridge cannot tell apart.
func LimitKey(k Kind, who *caller.Caller) string {
	if who == nil {
		return ""
	}
	if who.Subject != "" {
		return "subject " + who.Subject
	}
	var secret string
	switch k {
	case Imbrace: // the gateway's key before its token, as the client sends them
		secret = firstOf(who.Credentials.APIKey, who.Credentials.AccessToken)
	case Activepieces:
		secret = who.Credentials.ActivepiecesAPIKey
	case Sandbox:
		secret = firstOf(who.Credentials.APIKey, who.Credentials.AccessToken, who.Credentials.ActivepiecesAPIKey)
	}
	if secret == "" {
		return ""
	}
	return "account " + caller.Credentials{APIKey: secret}.Key()
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// withoutCredentials drops the server's credentials from s: under per-request
// credentials they must never reach the engine on a caller's behalf.
func withoutCredentials(s Settings) Settings {
	s.Imbrace.APIKey, s.Imbrace.AccessToken, s.Activepieces.APIKey = "", "", ""
	return s
}

// OpenForCaller builds the client that acts for one caller: the server's
// settings s and options o with the caller's credentials c. On the sandbox it
// reuses shared's engine (never opening one per caller) and sends c's key with
// every request. It does no I/O.
func OpenForCaller(k Kind, s Settings, o Options, shared *Opened, c caller.Credentials) (*client.Client, error) {
	cs, err := CallerSettings(k, s, c)
	if err != nil {
		return nil, err
	}
	o.delegate = nil
	if k != Sandbox {
		opened, err := Open(k, cs, o)
		if err != nil {
			return nil, err
		}
		return opened.Client, nil
	}
	cc := o.clientConfig()
	cc.Layout = client.LayoutGateway
	cc.GatewayURL = sandbox.InProcessBaseURL
	cc.APIKey, cc.OrganizationID = cs.Imbrace.APIKey, cs.Imbrace.OrganizationID
	cc.HTTPClient = &http.Client{Transport: shared.Sandbox}
	return client.New(cc)
}

// Callers keeps one client per caller, keyed by a hash of the caller's
// credentials (never the credentials themselves), and drops a client that has
// not been used for its idle time. No two callers share a client: each holds
// only its own credentials and its own discovered project.
type Callers struct {
	kind   Kind
	s      Settings
	o      Options
	shared *Opened
	idle   time.Duration
	now    func() time.Time

	mu        sync.Mutex
	clients   map[string]*callerClient
	lastSweep time.Time
}

type callerClient struct {
	c    *client.Client
	used time.Time
}

// OpenPerCaller opens backend k for per-request credentials. The returned
// Opened's client is a router (see client.Config.Delegate): register the tools
// with it, and each call goes out through the client of the caller its
// context carries. The server's own credentials in s are never used.
func OpenPerCaller(k Kind, s Settings, o Options, idle time.Duration) (*Opened, *Callers, error) {
	if idle <= 0 {
		idle = DefaultCallerIdle
	}
	cs := &Callers{kind: k, s: s, o: o, idle: idle, now: time.Now, clients: map[string]*callerClient{}}
	// One connection pool for every caller's client: a pool each would hold
	// idle connections per caller.
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32 // as the client's own pool keeps
	cs.o.HTTPClient = &http.Client{Transport: t}
	routed := cs.o
	routed.delegate = cs.Client
	opened, err := Open(k, withoutCredentials(s), routed)
	if err != nil {
		return nil, nil, err
	}
	cs.shared = opened
	return opened, cs, nil
}

// Check reports whether c is enough to act for a caller, naming the headers
// to send when it is not: the HTTP layer answers 401 with it.
func (cs *Callers) Check(c caller.Credentials) error {
	_, err := CallerSettings(cs.kind, cs.s, c)
	return err
}

// Client returns the client of the caller ctx carries, opening it on first
// use; it is the router's Delegate.
func (cs *Callers) Client(ctx context.Context) (*client.Client, error) {
	who := caller.FromContext(ctx)
	if who == nil || who.Credentials.Empty() {
		return nil, errors.New("this bridge acts with each caller's own credentials, and the call carried none")
	}
	key := who.Credentials.Key()
	now := cs.now()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.sweep(now)
	if cc, ok := cs.clients[key]; ok {
		cc.used = now
		return cc.c, nil
	}
	c, err := OpenForCaller(cs.kind, cs.s, cs.o, cs.shared, who.Credentials)
	if err != nil {
		return nil, err
	}
	cs.clients[key] = &callerClient{c: c, used: now}
	return c, nil
}

// sweep drops clients idle longer than cs.idle, at most a few times per idle
// period so a busy server does not scan the map on every call.
func (cs *Callers) sweep(now time.Time) {
	if now.Sub(cs.lastSweep) < cs.idle/4 {
		return
	}
	cs.lastSweep = now
	for k, cc := range cs.clients {
		if now.Sub(cc.used) > cs.idle {
			delete(cs.clients, k)
		}
	}
}

// Len returns how many callers' clients are kept, for a metric.
func (cs *Callers) Len() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return len(cs.clients)
}
