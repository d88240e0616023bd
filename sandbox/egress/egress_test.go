package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		addr string
		want Class
	}{
		{"8.8.8.8", ClassPublic},
		{"2606:4700:4700::1111", ClassPublic},
		{"127.0.0.1", ClassLoopback},
		{"127.255.0.9", ClassLoopback},
		{"::1", ClassLoopback},
		{"10.1.2.3", ClassPrivate},
		{"172.16.0.1", ClassPrivate},
		{"172.31.255.255", ClassPrivate},
		{"172.32.0.1", ClassPublic},
		{"192.168.1.1", ClassPrivate},
		{"fd12:3456::1", ClassPrivate},
		{"100.64.0.1", ClassPrivate},
		{"100.127.255.254", ClassPrivate},
		{"169.254.169.254", ClassLinkLocal},
		{"fe80::1", ClassLinkLocal},
		{"0.0.0.0", ClassUnspecified},
		{"0.1.2.3", ClassUnspecified},
		{"::", ClassUnspecified},
		{"224.0.0.1", ClassLinkLocal}, // link-local multicast
		{"239.1.2.3", ClassMulticast},
		{"ff02::1", ClassLinkLocal},
		{"ff05::1", ClassMulticast},
		{"255.255.255.255", ClassReserved},
		{"192.0.2.10", ClassReserved},
		{"2001:db8::1", ClassReserved},
		// IPv4 written in IPv6 forms is what it carries.
		{"::ffff:127.0.0.1", ClassLoopback},
		{"::ffff:169.254.169.254", ClassLinkLocal},
		{"::ffff:10.0.0.1", ClassPrivate},
		{"::ffff:8.8.8.8", ClassPublic},
		{"::127.0.0.1", ClassLoopback},
		{"64:ff9b::a9fe:a9fe", ClassLinkLocal},
		{"64:ff9b::808:808", ClassPublic},
		{"2002:7f00:1::", ClassLoopback},
		{"2002:c0a8:101::1", ClassPrivate},
	}
	for _, tc := range tests {
		if got := Classify(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("Classify(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
}

func TestPolicies(t *testing.T) {
	allowed := map[Policy][]Class{
		None:     {},
		Public:   {ClassPublic},
		Loopback: {ClassPublic, ClassLoopback},
		Private:  {ClassPublic, ClassLoopback, ClassPrivate},
		All:      {ClassPublic, ClassLoopback, ClassPrivate, ClassLinkLocal, ClassUnspecified, ClassMulticast, ClassReserved},
	}
	every := allowed[All]
	for policy, classes := range allowed {
		for _, c := range every {
			want := false
			for _, a := range classes {
				want = want || a == c
			}
			if got := policy.Allows(c); got != want {
				t.Errorf("%s allows %s = %v, want %v", policy, c, got, want)
			}
		}
	}
	for in, want := range map[string]Policy{"": Public, "public": Public, " Loopback ": Loopback, "PRIVATE": Private, "all": All, "none": None} {
		if got, err := ParsePolicy(in); err != nil || got != want {
			t.Errorf("ParsePolicy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParsePolicy("open"); err == nil || !strings.Contains(err.Error(), "public, loopback, private, all, none") {
		t.Errorf("ParsePolicy(open) error = %v", err)
	}
}

// listenOn starts a test server on ip (any of 127.0.0.0/8 works on Linux).
func listenOn(t *testing.T, ip string, h http.Handler) (*httptest.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return srv, port
}

// offlineDialer resolves names from a table and treats 127.0.0.2 as a public
// address, so a local server can stand for a site on the internet.
func offlineDialer(policy Policy, names map[string][]string) *Dialer {
	d := NewDialer(policy)
	d.Resolve = func(_ context.Context, host string) ([]netip.Addr, error) {
		var out []netip.Addr
		for _, s := range names[host] {
			out = append(out, netip.MustParseAddr(s))
		}
		if len(out) == 0 {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		return out, nil
	}
	d.Classify = func(ip netip.Addr) Class {
		if ip.Unmap() == netip.MustParseAddr("127.0.0.2") {
			return ClassPublic
		}
		return Classify(ip)
	}
	return d
}

func get(c *Client, url string, timeout time.Duration) (pieces.HTTPResponse, error) {
	return c.Do(context.Background(), pieces.HTTPRequest{Method: "GET", URL: url, Timeout: timeout})
}

func wantRefused(t *testing.T, err error, class Class) {
	t.Helper()
	refused, ok := AsRefused(err)
	if !ok {
		t.Fatalf("error = %v, want an egress refusal", err)
	}
	if refused.Class != class {
		t.Fatalf("refused a %s address, want %s: %v", refused.Class, class, refused)
	}
}

func TestLoopbackRefusedByDefault(t *testing.T) {
	srv, _ := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "secret") }))
	_, err := get(NewClient(NewDialer(Public)), srv.URL, 0)
	wantRefused(t, err, ClassLoopback)
	if !strings.Contains(err.Error(), "set MCP_BRIDGE_SANDBOX_EGRESS to loopback") {
		t.Errorf("the refusal does not say how to allow it: %v", err)
	}
	resp, err := get(NewClient(NewDialer(Loopback)), srv.URL, 0)
	if err != nil || string(resp.Body) != "secret" {
		t.Fatalf("with loopback allowed: %v %q", err, resp.Body)
	}
	_, err = get(NewClient(NewDialer(None)), srv.URL, 0)
	if refused, ok := AsRefused(err); !ok || refused.Policy != None || !strings.Contains(err.Error(), "egress setting is none") {
		t.Fatalf("with no egress: %v", err)
	}
}

func TestPublicNameAndRedirects(t *testing.T) {
	_, privatePort := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "internal") }))
	_, publicPort := listenOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-loopback":
			http.Redirect(w, r, "http://127.0.0.1:"+privatePort+"/", http.StatusFound)
		case "/to-name":
			http.Redirect(w, r, "http://internal.test:"+privatePort+"/", http.StatusFound)
		case "/to-mapped":
			http.Redirect(w, r, "http://[::ffff:127.0.0.1]:"+privatePort+"/", http.StatusFound)
		case "/to-public":
			http.Redirect(w, r, "/hello", http.StatusMovedPermanently)
		default:
			fmt.Fprint(w, "hello from "+r.Host)
		}
	}))
	d := offlineDialer(Public, map[string][]string{"public.test": {"127.0.0.2"}, "internal.test": {"127.0.0.1"}})
	c := NewClient(d)
	base := "http://public.test:" + publicPort
	resp, err := get(c, base+"/to-public", 0)
	if err != nil || resp.Status != 200 || !strings.HasPrefix(string(resp.Body), "hello from public.test") {
		t.Fatalf("a public name that redirects within itself: %v %d %q", err, resp.Status, resp.Body)
	}
	for _, path := range []string{"/to-loopback", "/to-name", "/to-mapped"} {
		_, err := get(c, base+path, 0)
		wantRefused(t, err, ClassLoopback)
	}
	_, err = get(c, "http://internal.test:"+privatePort+"/", 0)
	wantRefused(t, err, ClassLoopback)
	_, err = get(c, "http://metadata.test/latest/meta-data/", 0)
	if _, refused := AsRefused(err); refused {
		t.Fatalf("an unresolvable name was reported as refused: %v", err)
	}
	d.Resolve = func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("169.254.169.254")}, nil
	}
	_, err = get(NewClient(d), "http://metadata.test/latest/meta-data/", 0)
	wantRefused(t, err, ClassLinkLocal)
}

// A name that resolves to a public address once and to a private one the
// next time (DNS rebinding) is checked at each connection.
func TestRebindingIsCheckedAtConnect(t *testing.T) {
	_, port := listenOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") }))
	d := offlineDialer(Public, nil)
	var lookups atomic.Int32
	d.Resolve = func(context.Context, string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	url := "http://rebind.test:" + port + "/"
	if _, err := get(NewClient(d), url, 0); err != nil {
		t.Fatalf("first lookup (public): %v", err)
	}
	_, err := get(NewClient(d), url, 0)
	wantRefused(t, err, ClassLoopback)
	// The socket's own address is checked too, whatever the lookup said.
	_, err = d.dialChecked(context.Background(), "tcp", "127.0.0.1", port)
	wantRefused(t, err, ClassLoopback)
}

func TestTimeoutAndLimits(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	_, port := listenOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			w.Write(make([]byte, MaxResponseBytes+1))
			return
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	c := NewClient(offlineDialer(Public, map[string][]string{"slow.test": {"127.0.0.2"}}))
	start := time.Now()
	_, err := get(c, "http://slow.test:"+port+"/", 150*time.Millisecond)
	if err == nil || err.Error() != "timeout of 150ms exceeded" || time.Since(start) > 5*time.Second {
		t.Fatalf("timeout: %v after %s", err, time.Since(start))
	}
	if _, err := get(c, "http://slow.test:"+port+"/big", 0); err == nil || !strings.Contains(err.Error(), "larger than the sandbox's limit") {
		t.Fatalf("a body over the limit: %v", err)
	}
	var zero Dialer
	if _, err := zero.DialContext(context.Background(), "tcp", "8.8.8.8:53"); !errors.As(err, new(*RefusedError)) {
		t.Fatalf("the zero Dialer connected: %v", err)
	}
}
