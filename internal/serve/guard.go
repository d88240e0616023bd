package serve

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/rs/cors"
)

// Guard admits a request only when its Host and Origin headers name places the
// operator trusts. It is the one rule against DNS rebinding (a foreign domain
// resolved to this machine: its Host is that domain) and against cross-site
// requests from a browser (their Origin is the attacker's site), on every HTTP
// surface: the MCP endpoints and the standalone sandbox. mcp-go's own
// rebinding check (loopback Host only, on loopback connections) is turned off
// where a Guard runs, since this one covers it and also lets an operator list a
// proxy's public name.
//
// A browser page at an allowed origin may also read the answers: the guard
// answers CORS preflights itself, before any token is asked for (a browser
// sends none with them), and marks every answer to such a page, refusals of
// its token included, so that the page can read WWW-Authenticate and start
// OAuth. github.com/rs/cors writes those headers; the guard decides which
// origins get them.
type Guard struct {
	anyHost   bool
	hosts     map[string]bool // lower-case host names allowed on any port
	hostPorts map[string]bool // lower-case host:port allowed as given
	anyOrigin bool
	origins   map[string]bool // normalised scheme://host[:port]
	cors      *cors.Cors
}

// Headers a browser page may read from an answer: the MCP session and
// protocol, the OAuth challenge, the request id, and the sandbox's webhook id.
var exposedHeaders = []string{"Mcp-Session-Id", "Mcp-Protocol-Version", "WWW-Authenticate", "X-Request-Id",
	"X-Webhook-Id", "Location", "Retry-After"}

// NewGuard allows, besides loopback names (localhost and loopback IPs, any
// port) and the IP literal of the address a connection arrived on:
//   - the host of bindAddr, unless it is empty or unspecified (0.0.0.0, ::);
//   - hosts: "name" (any port) or "name:port"; "*" allows any Host;
//   - origins: "scheme://host[:port]"; "*" allows any Origin.
//
// Requests without an Origin header (every non-browser client) pass the Origin
// rule; so do loopback origins and the request's own host (same origin).
func NewGuard(hosts, origins []string, bindAddr string) *Guard {
	g := &Guard{hosts: map[string]bool{}, hostPorts: map[string]bool{}, origins: map[string]bool{}}
	if h, _, err := net.SplitHostPort(bindAddr); err == nil && h != "" {
		if ip, err := netip.ParseAddr(strings.Trim(h, "[]")); err != nil || !ip.IsUnspecified() {
			g.hosts[strings.ToLower(strings.Trim(h, "[]"))] = true
		}
	}
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "*":
			g.anyHost = true
		case h == "":
		case hasPort(h):
			g.hostPorts[h] = true
		default:
			g.hosts[strings.Trim(h, "[]")] = true
		}
	}
	for _, o := range origins {
		if strings.TrimSpace(o) == "*" {
			g.anyOrigin = true
		} else if n, ok := normalOrigin(o); ok {
			g.origins[n] = true
		}
	}
	g.cors = cors.New(cors.Options{
		// Wrap has refused every other origin by the time this runs.
		AllowOriginVaryRequestFunc: func(r *http.Request, origin string) (bool, []string) {
			return g.originAllowed(origin, r.Host), nil
		},
		// Webhooks of the standalone sandbox take any method.
		AllowedMethods:      []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		AllowedHeaders:      []string{"*"},
		ExposedHeaders:      exposedHeaders,
		MaxAge:              600,
		AllowPrivateNetwork: true,
	})
	return g
}

// Wrap answers 403 to requests whose Host or Origin the guard does not allow,
// answers the CORS preflights of allowed origins, and passes the others to next.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	next = g.cors.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.hostAllowed(r) {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden_host",
				"message": "the Host header " + quote(r.Host) + " is not allowed: list it with --allowed-hosts (MCP_BRIDGE_ALLOWED_HOSTS)"})
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !g.originAllowed(origin, r.Host) {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden_origin",
				"message": "the Origin " + quote(origin) + " is not allowed: list it with --allowed-origins (MCP_BRIDGE_ALLOWED_ORIGINS)"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (g *Guard) hostAllowed(r *http.Request) bool {
	if g.anyHost {
		return true
	}
	hostport := strings.ToLower(r.Host)
	host := hostOnly(hostport)
	if host == "" {
		return false
	}
	if isLoopbackName(host) || g.hosts[host] || g.hostPorts[hostport] {
		return true
	}
	// An IP literal equal to the address the connection reached cannot come from
	// DNS rebinding, which needs the attacker's domain name in the Host header.
	// This keeps http://192.0.2.7:8080 working on a server bound to 0.0.0.0.
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	lip, err := netip.ParseAddrPort(local.String())
	return err == nil && lip.Addr().Unmap() == ip.Unmap()
}

func (g *Guard) originAllowed(origin, requestHost string) bool {
	if g.anyOrigin {
		return true
	}
	n, ok := normalOrigin(origin)
	if !ok {
		return false // includes "null", sent by sandboxed frames and file: pages
	}
	if g.origins[n] {
		return true
	}
	u, _ := url.Parse(n)
	return isLoopbackName(hostOnly(u.Host)) || strings.EqualFold(u.Host, withoutDefaultPort(u.Scheme, requestHost))
}

// normalOrigin lower-cases an origin and drops its default port, so
// "HTTPS://App.example:443" matches "https://app.example".
func normalOrigin(o string) (string, bool) {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(o), "/"))
	if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.User != nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme + "://" + withoutDefaultPort(scheme, strings.ToLower(u.Host)), true
}

func withoutDefaultPort(scheme, hostport string) string {
	if (scheme == "http" && strings.HasSuffix(hostport, ":80")) || (scheme == "https" && strings.HasSuffix(hostport, ":443")) {
		return hostport[:strings.LastIndexByte(hostport, ':')]
	}
	return hostport
}

// hostOnly strips the port and IPv6 brackets from a Host header value.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

func hasPort(h string) bool {
	_, _, err := net.SplitHostPort(h)
	return err == nil
}

// isLoopbackName reports whether host names only this machine. mcp-go's
// rebinding check accepts the same names.
func isLoopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// quote shows a header value in an error message, shortened so a huge header
// is not echoed whole.
func quote(s string) string {
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return strconv.Quote(s)
}
