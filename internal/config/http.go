package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
)

// HTTPSettings bound what clients of the HTTP servers (the bridge's sse and http
// transports, and the standalone sandbox) may hold, and which Host and Origin
// headers they may send.
type HTTPSettings struct {
	ReadHeaderTimeout time.Duration
	BodyTimeout       time.Duration
	IdleTimeout       time.Duration
	MaxConns          int // 0: no cap
	MaxBodyBytes      int64
	SessionIdleTTL    time.Duration // Streamable HTTP sessions (serve only)
	AllowedHosts      []string
	AllowedOrigins    []string
}

// StdioSettings size the stdio transport's tool-call workers and queue.
type StdioSettings struct {
	Workers int
	Queue   int
}

// Limits of the stdio settings, as mcp-go caps its worker pool at 100 and its
// queue at 10000 (the bridge asks it for Queue+Workers slots).
const (
	maxStdioWorkers = 100
	maxStdioQueue   = 10000 - maxStdioWorkers
)

var (
	optAllowedHosts   = option{Flag: "allowed-hosts", Env: "MCP_BRIDGE_ALLOWED_HOSTS", Usage: "comma-separated Host header values HTTP requests may carry besides localhost, loopback IPs, the --addr host and the IP a connection arrived on: name (any port) or name:port, * for any; list a proxy's public name"}
	optAllowedOrigins = option{Flag: "allowed-origins", Env: "MCP_BRIDGE_ALLOWED_ORIGINS", Usage: "comma-separated browser origins (scheme://host[:port], * for any) allowed besides loopback ones and the server's own; their pages get CORS answers and can read the replies; a request with another Origin header gets 403"}
	optHeaderTimeout  = option{Flag: "read-header-timeout", Env: "MCP_BRIDGE_READ_HEADER_TIMEOUT", Default: "10s", Usage: "time a client has to send a request's headers (e.g. 10s, 1m)"}
	optBodyTimeout    = option{Flag: "body-timeout", Env: "MCP_BRIDGE_BODY_TIMEOUT", Default: "30s", Usage: "time a client has to send a request's body; responses and streams are not limited"}
	optIdleTimeout    = option{Flag: "idle-timeout", Env: "MCP_BRIDGE_IDLE_TIMEOUT", Default: "60s", Usage: "how long a keep-alive connection may wait for its next request"}
	optMaxConns       = option{Flag: "max-conns", Env: "MCP_BRIDGE_MAX_CONNS", Default: "512", Usage: "connections served at once (each SSE stream holds one); more wait to be accepted; 0 for no cap"}
	optMaxBodyBytes   = option{Flag: "max-body-bytes", Env: "MCP_BRIDGE_MAX_BODY_BYTES", Default: "4MiB", Usage: "largest request body (e.g. 4MiB, 65536); a larger one gets 413"}
	optSessionTTL     = option{Flag: "session-idle-ttl", Env: "MCP_BRIDGE_SESSION_IDLE_TTL", Default: "10m", Usage: "how long an idle Streamable HTTP session is kept; its client then starts a new one"}
	optStdioWorkers   = option{Flag: "stdio-workers", Env: "MCP_BRIDGE_STDIO_WORKERS", Default: "64", Usage: "tool calls the stdio transport runs at once (1-100); other requests never wait for them"}
	optStdioQueue     = option{Flag: "stdio-queue", Env: "MCP_BRIDGE_STDIO_QUEUE", Default: "256", Usage: "stdio tool calls that may wait for a worker; more are answered at once with a JSON-RPC error (0-9900)"}

	// groupHTTP applies to every HTTP server: serve's sse and http transports and
	// the standalone sandbox.
	groupHTTP = []*option{&optAllowedHosts, &optAllowedOrigins, &optHeaderTimeout, &optBodyTimeout, &optIdleTimeout, &optMaxConns, &optMaxBodyBytes}
	// groupServeLimits applies to serve only.
	groupServeLimits = []*option{&optSessionTTL, &optStdioWorkers, &optStdioQueue}
)

// resolveHTTP reads groupHTTP, and groupServeLimits when the command has them.
func resolveHTTP(cfg *Config, v *values, serve bool) error {
	h := &cfg.HTTP
	for _, d := range []struct {
		o   *option
		dst *time.Duration
	}{{&optHeaderTimeout, &h.ReadHeaderTimeout}, {&optBodyTimeout, &h.BodyTimeout}, {&optIdleTimeout, &h.IdleTimeout}} {
		var err error
		if *d.dst, err = duration(v, d.o); err != nil {
			return err
		}
	}
	var err error
	if h.MaxConns, err = intIn(v, &optMaxConns, 0, 1<<20); err != nil {
		return err
	}
	raw := v.get(&optMaxBodyBytes)
	n, perr := humanize.ParseBytes(raw)
	if perr != nil || n == 0 || n > 1<<40 {
		return fmt.Errorf("%s: %q is not a positive size (e.g. 4MiB or 65536)", v.where(&optMaxBodyBytes), raw)
	}
	h.MaxBodyBytes = int64(n)
	if h.AllowedHosts, err = hostList(v); err != nil {
		return err
	}
	if h.AllowedOrigins, err = originList(v); err != nil {
		return err
	}
	if !serve {
		return nil
	}
	if h.SessionIdleTTL, err = duration(v, &optSessionTTL); err != nil {
		return err
	}
	if cfg.Stdio.Workers, err = intIn(v, &optStdioWorkers, 1, maxStdioWorkers); err != nil {
		return err
	}
	cfg.Stdio.Queue, err = intIn(v, &optStdioQueue, 0, maxStdioQueue)
	return err
}

// duration reads a Go duration ("10s", "1m30s") or a plain number of seconds.
func duration(v *values, o *option) (time.Duration, error) {
	raw := strings.TrimSpace(v.get(o))
	d, err := time.ParseDuration(raw)
	if err != nil {
		secs, ferr := strconv.ParseFloat(raw, 64)
		if ferr == nil {
			d, err = time.Duration(secs*float64(time.Second)), nil
		}
	}
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a positive duration (e.g. 30s, 2m or 45)", v.where(o), raw)
	}
	return d, nil
}

func intIn(v *values, o *option, lo, hi int) (int, error) {
	raw := strings.TrimSpace(v.get(o))
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s: %q is not a whole number from %d to %d", v.where(o), raw, lo, hi)
	}
	return n, nil
}

func hostList(v *values) ([]string, error) {
	hosts := splitList(v.get(&optAllowedHosts))
	for _, h := range hosts {
		name := h
		if host, _, err := net.SplitHostPort(h); err == nil {
			name = host
		}
		if h != "*" && (name == "" || strings.ContainsAny(h, "/@?#* ")) {
			return nil, fmt.Errorf("%s: %q is not a host name or host:port (e.g. mcp.example.com)", v.where(&optAllowedHosts), h)
		}
	}
	return hosts, nil
}

func originList(v *values) ([]string, error) {
	origins := splitList(v.get(&optAllowedOrigins))
	for _, o := range origins {
		if o == "*" {
			continue
		}
		u, err := url.Parse(strings.TrimSuffix(o, "/"))
		if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
			return nil, fmt.Errorf("%s: %q is not an origin: use scheme://host[:port] (e.g. https://app.example.com)", v.where(&optAllowedOrigins), o)
		}
	}
	return origins, nil
}
