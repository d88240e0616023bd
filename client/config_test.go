package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestNewResolvesBases(t *testing.T) {
	cases := []struct {
		name        string
		cfg         Config
		wantEngine  string
		wantChannel string
	}{
		{"default preset is stable", Config{}, "https://app-gatewayv2.imbrace.co/activepieces", "https://app-gatewayv2.imbrace.co/channel-service"},
		{"develop preset", Config{Env: "develop"}, "https://app-gateway.dev.imbrace.co/activepieces", "https://app-gateway.dev.imbrace.co/channel-service"},
		{"sandbox preset, any case", Config{Env: " Sandbox "}, "https://app-gateway.sandbox.imbrace.co/activepieces", "https://app-gateway.sandbox.imbrace.co/channel-service"},
		{"prodv2 preset", Config{Layout: LayoutGateway, Env: "prodv2"}, "https://app-gatewayv2.imbrace.co/activepieces", "https://app-gatewayv2.imbrace.co/channel-service"},
		{"a gateway URL replaces the preset", Config{Env: "develop", GatewayURL: "http://127.0.0.1:8080/"}, "http://127.0.0.1:8080/activepieces", "http://127.0.0.1:8080/channel-service"},
		{"Activepieces Cloud", Config{Layout: LayoutActivepieces, ActivepiecesURL: "https://cloud.activepieces.com/api"}, "https://cloud.activepieces.com/api", ""},
		{"Activepieces bare host gets /api", Config{Layout: LayoutActivepieces, ActivepiecesURL: "https://ap.example.com/"}, "https://ap.example.com/api", ""},
		{"Activepieces documented /api/v1 form", Config{Layout: LayoutActivepieces, ActivepiecesURL: "https://ap.example.com/api/v1/"}, "https://ap.example.com/api", ""},
		{"Activepieces under a prefix", Config{Layout: LayoutActivepieces, ActivepiecesURL: "https://example.com/automation/api"}, "https://example.com/automation/api", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := mustNew(t, tc.cfg)
			if c.engineBase != tc.wantEngine || c.channelURL != tc.wantChannel {
				t.Errorf("engine %q channel %q, want %q %q", c.engineBase, c.channelURL, tc.wantEngine, tc.wantChannel)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown env", Config{Env: "prod"}, `unknown iMBRACE env "prod": use develop, sandbox, stable or prodv2, or set a gateway URL`},
		{"unknown backend", Config{Layout: "zapier"}, `unknown backend "zapier": use imbrace or activepieces`},
		{"activepieces without URL", Config{Layout: LayoutActivepieces}, "activepieces backend: the Activepieces URL is not set (e.g. https://cloud.activepieces.com/api)"},
		{"relative gateway URL", Config{GatewayURL: "gateway.local"}, `base URL "gateway.local" is not an absolute http(s) URL`},
		{"gateway URL with credentials keeps them out of the error", Config{GatewayURL: "ftp://user:hunter22@gw.local"}, `base URL "ftp://gw.local" is not an absolute http(s) URL`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c := mustNew(t, Config{})
	if c.cfg.Timeout != 30*time.Second || c.cfg.SyncWait != 120*time.Second || c.cfg.MaxRetries != 3 || c.userAgent != "mcp-bridge/dev" {
		t.Errorf("defaults: timeout %v sync wait %v retries %d user agent %q", c.cfg.Timeout, c.cfg.SyncWait, c.cfg.MaxRetries, c.userAgent)
	}
	if c.Layout() != LayoutGateway {
		t.Errorf("backend %q, want imbrace", c.Layout())
	}
}

func TestInjectedHTTPClientIsUsed(t *testing.T) {
	e := newEngine(t, answer(200, page("")))
	var used bool
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	cfg := imbraceConfig(e)
	cfg.HTTPClient = hc
	if _, err := mustNew(t, cfg).ListFolders(context.Background(), "p1", Page{}); err != nil {
		t.Fatal(err)
	}
	if !used {
		t.Error("the injected *http.Client was not used")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestIsJWT(t *testing.T) {
	cases := map[string]bool{
		testJWT:                    true,
		"eyJhbGciOiJub25lIn0.e30.": true, // unsigned, still three parts
		"eyJabc.def":               false,
		"abc.def.ghi":              false,
		"login_acc_123":            false,
		"eyJ.a.b.c":                false,
	}
	for token, want := range cases {
		if got := isJWT(token); got != want {
			t.Errorf("isJWT(%q) = %v, want %v", token, got, want)
		}
	}
}

func TestRedirectsNeverCarryCredentialsElsewhere(t *testing.T) {
	other := newEngine(t, answer(200, folderJSON))
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/activepieces/v1/folders/moved":
			http.Redirect(w, r, "/activepieces/v1/folders/fo1", http.StatusFound)
		case "/activepieces/v1/folders/fo1":
			answer(200, folderJSON)(w, r)
		default:
			http.Redirect(w, r, other.srv.URL+"/steal", http.StatusTemporaryRedirect)
		}
	})
	c := mustNew(t, imbraceConfig(e))
	if f, err := c.GetFolder(context.Background(), "moved"); err != nil || f.DisplayName != "Sales" {
		t.Fatalf("a same-host redirect was not followed: %+v, %v", f, err)
	}
	_, err := c.GetFolder(context.Background(), "elsewhere")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTemporaryRedirect {
		t.Fatalf("err = %v, want the 307 as an *APIError", err)
	}
	if other.count() != 0 {
		t.Errorf("the other host got %d requests (with x-api-key %q)", other.count(), other.requests()[0].Header.Get("X-Api-Key"))
	}
	// The caller's own client is not changed.
	mine := &http.Client{}
	cfg := imbraceConfig(e)
	cfg.HTTPClient = mine
	mustNew(t, cfg)
	if mine.CheckRedirect != nil {
		t.Error("New changed the injected *http.Client")
	}
}
