package backend

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/internal/caller"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
)

func as(c caller.Credentials) context.Context {
	return caller.NewContext(context.Background(), &caller.Caller{Credentials: c})
}

// TestPerCallerClients checks that the router sends each call with its
// caller's credentials only, never the server's, keeps one client per caller
// and drops idle ones.
func TestPerCallerClients(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("x-api-key")+"/"+r.Header.Get("x-organization-id"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[],"next":null,"previous":null}`)
	}))
	defer srv.Close()
	s := creds("IMBRACE_API_KEY", "server-key", "IMBRACE_ORGANIZATION_ID", "server-org", "IMBRACE_GATEWAY_URL", srv.URL)
	opened, cs, err := OpenPerCaller(Imbrace, s, Options{}, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		c := caller.Credentials{APIKey: []string{"key-a", "key-b"}[i%2]}
		if i%2 == 1 {
			c.OrganizationID = "org-b"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := opened.Client.ListFolders(as(c), "", client.Page{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, k := range keys {
		if k != "key-a/server-org" && k != "key-b/org-b" {
			t.Errorf("a request carried %q", k)
		}
	}
	if cs.Len() != 2 {
		t.Errorf("%d clients kept, want 2", cs.Len())
	}
	if _, err := opened.Client.ListFolders(context.Background(), "", client.Page{}); err == nil {
		t.Error("a call without a caller went out")
	}
	// An idle client is dropped at the next sweep.
	now := time.Now().Add(2 * time.Minute)
	cs.now = func() time.Time { return now }
	if _, err := opened.Client.ListFolders(as(caller.Credentials{APIKey: "key-c"}), "", client.Page{}); err != nil {
		t.Fatal(err)
	}
	if cs.Len() != 1 {
		t.Errorf("%d clients kept after the idle time, want the new one only", cs.Len())
	}
}

func TestCallerSettingsNameTheHeaders(t *testing.T) {
	for k, want := range map[Kind]string{
		Imbrace:      "send your iMBRACE credentials: header X-Imbrace-Api-Key or X-Imbrace-Access-Token (with X-Imbrace-Organization-Id)",
		Activepieces: "send your Activepieces API key: header X-Activepieces-Api-Key",
		Sandbox:      "send your sandbox API key: header X-Imbrace-Api-Key",
	} {
		if _, err := CallerSettings(k, Settings{}, caller.Credentials{OrganizationID: "o"}); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", k, err, want)
		}
	}
	s, err := CallerSettings(Activepieces, creds("ACTIVEPIECES_URL", "https://ap", "ACTIVEPIECES_API_KEY", "server"), caller.Credentials{ActivepiecesAPIKey: "mine"})
	if err != nil || s.Activepieces.APIKey != "mine" || s.Activepieces.URL != "https://ap" {
		t.Errorf("activepieces: %+v %v", s.Activepieces, err)
	}
}

// TestSandboxCallersShareOneEngine checks that on the built-in sandbox every
// caller reaches the one engine with their own key as its API key, which the
// sandbox binds to their project.
func TestSandboxCallersShareOneEngine(t *testing.T) {
	o := Options{SandboxOptions: []sandbox.Option{sandbox.WithKeyProjects(map[string]string{"key-a-00000000": "A", "key-b-00000000": "B"})}}
	opened, _, err := OpenPerCaller(Sandbox, Settings{SandboxData: MemoryDatabase}, o, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	projects := map[string]string{}
	for _, key := range []string{"key-a-00000000", "key-b-00000000"} {
		p, err := opened.Client.ResolveProjectID(as(caller.Credentials{APIKey: key}), "")
		if err != nil {
			t.Fatal(err)
		}
		projects[key] = p
	}
	if projects["key-a-00000000"] == projects["key-b-00000000"] {
		t.Errorf("both callers landed in project %s", projects["key-a-00000000"])
	}
	_, err = opened.Client.ListFolders(as(caller.Credentials{APIKey: "stranger-key-000"}), "", client.Page{})
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("an unknown key: %v, want the sandbox's 401", err)
	}
}

func TestReachable(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != "" || r.URL.User != nil {
			t.Errorf("the probe carried a credential")
		}
		w.WriteHeader(http.StatusUnauthorized) // up, only unauthenticated
	}))
	up, err := Open(Imbrace, creds("IMBRACE_API_KEY", "k", "IMBRACE_GATEWAY_URL", srv.URL), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := up.Reachable(context.Background()); err != nil {
		t.Errorf("up: %v", err)
	}
	srv.Close()
	if err := up.Reachable(context.Background()); err == nil || strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("down: %v (the URL must not show)", err)
	}
	sb, err := Open(Sandbox, Settings{SandboxData: MemoryDatabase}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if err := sb.Reachable(context.Background()); err != nil {
		t.Errorf("sandbox: %v", err)
	}
}

// LimitKey counts a person by their OAuth subject and otherwise an upstream
// account by the one secret the engine gets: headers the backend ignores do
// not make a new caller.
func TestLimitKey(t *testing.T) {
	as := func(c caller.Credentials) *caller.Caller { return &caller.Caller{Credentials: c} }
	same := func(k Kind, a, b *caller.Caller) bool { return LimitKey(k, a) == LimitKey(k, b) }
	key := caller.Credentials{APIKey: "team-key-000000001"}
	withJunk := caller.Credentials{APIKey: "team-key-000000001", ActivepiecesAPIKey: "junk", OrganizationID: "org-2"}
	if !same(Imbrace, as(key), as(withJunk)) || !same(Sandbox, as(key), as(withJunk)) {
		t.Error("ignored headers made a new caller")
	}
	if same(Imbrace, as(key), as(caller.Credentials{APIKey: "team-key-000000002"})) {
		t.Error("two accounts count as one")
	}
	if !same(Imbrace, as(key), as(caller.Credentials{APIKey: "team-key-000000001", AccessToken: "tok"})) {
		t.Error("the token beside a key (which the gateway client does not send) made a new caller")
	}
	if same(Activepieces, as(caller.Credentials{ActivepiecesAPIKey: "a"}), as(caller.Credentials{ActivepiecesAPIKey: "b"})) {
		t.Error("two Activepieces keys count as one")
	}
	alice := &caller.Caller{Subject: "https://id.example alice", Credentials: key}
	aliceElsewhere := &caller.Caller{Subject: "https://id.example alice", Credentials: caller.Credentials{APIKey: "other-key-0000001"}}
	if !same(Imbrace, alice, aliceElsewhere) || same(Imbrace, alice, as(key)) {
		t.Error("an OAuth subject is not one caller whatever credentials they send")
	}
	if LimitKey(Imbrace, nil) != "" || LimitKey(Imbrace, as(caller.Credentials{})) != "" {
		t.Error("an anonymous caller has a key")
	}
	if k := LimitKey(Imbrace, as(key)); strings.Contains(k, "team-key") {
		t.Errorf("the key shows the secret: %q", k)
	}
}
