package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// routes answers by path (query ignored); unknown paths get a fastify 404.
func routes(m map[string]http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h, ok := m[r.URL.Path]; ok {
			h(w, r)
			return
		}
		answer(404, `{"message":"Route `+r.Method+`:`+r.URL.Path+` not found","error":"Not Found","statusCode":404}`)(w, r)
	}
}

const needsProject = `{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"querystring must have required property 'projectId'"}`

func TestResolveProjectID(t *testing.T) {
	flowIn := func(project string) string {
		return page("", `{"id":"f1","projectId":"`+project+`","status":"DISABLED","version":null}`)
	}
	cases := []struct {
		name       string
		backend    Layout
		configured string
		explicit   string
		routes     map[string]http.HandlerFunc
		want       string
		wantErr    string
		wantCalls  []string
	}{
		{name: "explicit wins", configured: "pConf", explicit: "pExplicit", want: "pExplicit"},
		{name: "configured default", configured: "pConf", want: "pConf"},
		{name: "from the first flow", routes: map[string]http.HandlerFunc{"/activepieces/v1/flows": answer(200, flowIn("pFlow"))},
			want: "pFlow", wantCalls: []string{"/activepieces/v1/flows?limit=1"}},
		{name: "from the first folder when there is no flow", routes: map[string]http.HandlerFunc{
			"/activepieces/v1/flows":   answer(200, page("")),
			"/activepieces/v1/folders": answer(200, page("", folderJSON)),
		}, want: "pRj0ct5kG7hXw2LmQnB4v", wantCalls: []string{"/activepieces/v1/flows?limit=1", "/activepieces/v1/folders?limit=1"}},
		{name: "nothing to discover from", routes: map[string]http.HandlerFunc{
			"/activepieces/v1/flows":   answer(200, page("")),
			"/activepieces/v1/folders": answer(200, page("")),
		}, wantErr: ErrNoProject.Error(), wantCalls: []string{"/activepieces/v1/flows?limit=1", "/activepieces/v1/folders?limit=1"}},
		{name: "a rejected key is said as is", routes: map[string]http.HandlerFunc{
			"/activepieces/v1/flows": answer(401, `{"code":"INVALID_API_KEY","params":{}}`),
		}, wantErr: "GET /v1/flows: 401 Unauthorized: INVALID_API_KEY", wantCalls: []string{"/activepieces/v1/flows?limit=1"}},
		{name: "a failing server is named", routes: map[string]http.HandlerFunc{
			"/activepieces/v1/flows":   answer(500, `{"code":"INTERNAL","params":{}}`),
			"/activepieces/v1/folders": answer(200, page("")),
		}, wantErr: ErrNoProject.Error() + "; discovery failed: GET /v1/flows: 500 Internal Server Error: INTERNAL",
			wantCalls: []string{"/activepieces/v1/flows?limit=1", "/activepieces/v1/folders?limit=1"}},
		{name: "activepieces: the only project of the key", backend: LayoutActivepieces, routes: map[string]http.HandlerFunc{
			"/api/v1/projects": answer(200, page("", `{"id":"pOnly","displayName":"Default","platformId":"x"}`)),
		}, want: "pOnly", wantCalls: []string{"/api/v1/projects?limit=2"}},
		{name: "activepieces: several projects", backend: LayoutActivepieces, routes: map[string]http.HandlerFunc{
			"/api/v1/projects": answer(200, page("", `{"id":"pA"}`, `{"id":"pB"}`)),
		}, wantErr: ErrNoProject.Error() + "; the API key sees several projects, so one must be chosen", wantCalls: []string{"/api/v1/projects?limit=2"}},
		{name: "activepieces without the projects API", backend: LayoutActivepieces, routes: map[string]http.HandlerFunc{
			"/api/v1/flows":   answer(400, needsProject),
			"/api/v1/folders": answer(400, needsProject),
		}, wantErr: ErrNoProject.Error(), wantCalls: []string{"/api/v1/projects?limit=2", "/api/v1/flows?limit=1", "/api/v1/folders?limit=1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, routes(tc.routes))
			cfg := imbraceConfig(e)
			if tc.backend == LayoutActivepieces {
				cfg = activepiecesConfig(e)
			}
			cfg.ProjectID = tc.configured
			c := mustNew(t, cfg)
			got, err := c.ResolveProjectID(context.Background(), tc.explicit)
			if got != tc.want || (err == nil) != (tc.wantErr == "") || (err != nil && err.Error() != tc.wantErr) {
				t.Errorf("got %q, %v; want %q, %q", got, err, tc.want, tc.wantErr)
			}
			if strings.HasPrefix(tc.wantErr, ErrNoProject.Error()) && !errors.Is(err, ErrNoProject) {
				t.Errorf("err %v is not ErrNoProject", err)
			}
			var calls []string
			for _, r := range e.requests() {
				calls = append(calls, r.Path+"?"+r.RawQuery)
			}
			if strings.Join(calls, " ") != strings.Join(tc.wantCalls, " ") {
				t.Errorf("calls %v, want %v", calls, tc.wantCalls)
			}
			if tc.want != "" {
				again, _ := c.ResolveProjectID(context.Background(), "")
				if again != tc.want && tc.explicit == "" {
					t.Errorf("second resolve %q, want %q", again, tc.want)
				}
				if e.count() != len(tc.wantCalls) {
					t.Errorf("a discovered project was not remembered: %d calls", e.count())
				}
			}
		})
	}
}

func TestResolveProjectIDWhenTheServerIsDown(t *testing.T) {
	e := newEngine(t, answer(200, "{}"))
	cfg := imbraceConfig(e)
	e.srv.Close()
	_, err := mustNew(t, cfg).ResolveProjectID(context.Background(), "")
	var tErr *TransportError
	if !errors.Is(err, ErrNoProject) || !errors.As(err, &tErr) || !strings.Contains(err.Error(), "; discovery failed: GET /v1/flows: ") {
		t.Errorf("err = %v, want ErrNoProject naming the transport failure", err)
	}
}

func TestResolveProjectIDDiscoversOnce(t *testing.T) {
	e := newEngine(t, answer(200, page("", `{"id":"f1","projectId":"pFlow"}`)))
	c := mustNew(t, imbraceConfig(e))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if id, err := c.ResolveProjectID(context.Background(), ""); id != "pFlow" || err != nil {
				t.Errorf("got %q, %v", id, err)
			}
		}()
	}
	wg.Wait()
	if e.count() != 1 {
		t.Errorf("discovery ran %d times for concurrent callers, want once", e.count())
	}
}

func TestGetConnectionFallsBackToTheList(t *testing.T) {
	missingRoute := answer(404, `{"message":"Route GET:/v1/app-connections/x not found","error":"Not Found","statusCode":404}`)
	list := answer(200, page("", connectionJSON))
	cases := []struct {
		name      string
		id        string
		get       http.HandlerFunc
		wantErr   string
		wantCalls int
	}{
		{"route missing: found in the list", "cOnN3ct10nAbCdEfGhIj1", missingRoute, "", 2},
		{"route missing: not in the list", "cOnNmissing", missingRoute,
			"GET /v1/app-connections/cOnNmissing: 404 Not Found: ENTITY_NOT_FOUND: no app connection with id cOnNmissing in project p1", 2},
		{"a real not-found is not retried through the list", "cOnNmissing", answer(404, `{"code":"ENTITY_NOT_FOUND","params":{"entityType":"AppConnection"}}`),
			"GET /v1/app-connections/cOnNmissing: 404 Not Found: ENTITY_NOT_FOUND", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, routes(map[string]http.HandlerFunc{
				"/activepieces/v1/app-connections/" + tc.id: tc.get,
				"/activepieces/v1/app-connections":          list,
			}))
			cfg := imbraceConfig(e)
			cfg.ProjectID = "p1"
			conn, err := mustNew(t, cfg).GetConnection(context.Background(), tc.id)
			if tc.wantErr == "" {
				if err != nil || conn.ID != tc.id {
					t.Fatalf("got %+v, %v", conn, err)
				}
			} else if err == nil || err.Error() != tc.wantErr || !IsNotFound(err) {
				t.Fatalf("err = %v, want %q (not found)", err, tc.wantErr)
			}
			if e.count() != tc.wantCalls {
				t.Errorf("engine got %d requests, want %d", e.count(), tc.wantCalls)
			}
			if tc.wantCalls == 2 {
				if q := e.requests()[1].RawQuery; q != "limit=100&projectId=p1" {
					t.Errorf("list query %q", q)
				}
			}
		})
	}
}
