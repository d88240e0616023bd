package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// Limits bound what one HTTP client can hold of the server: connections, time
// to send a request, and memory for its body. A zero field turns its limit off.
//
// There is deliberately no limit on writing: SSE streams, Streamable HTTP GET
// listeners and long tool calls (a sync trigger may wait 120 s) answer for as
// long as they need, and an http.Server WriteTimeout would cut them. There is
// no http.Server ReadTimeout either: once it passes, net/http's background read
// fails and cancels the request's context, which would end those same streams.
// BodyTimeout bounds the read of the body instead, and is lifted once the body
// is in.
type Limits struct {
	ReadHeaderTimeout time.Duration // to send the request line and headers
	BodyTimeout       time.Duration // to send the body, once the headers are in
	IdleTimeout       time.Duration // a keep-alive connection waiting for its next request
	MaxConns          int           // connections served at once; more wait in the listen backlog
	MaxBodyBytes      int64         // largest request body; larger ones get 413
}

// Defaults of Limits, and of the Streamable HTTP session idle TTL. The
// configuration's help shows the same values; a test keeps them equal.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultBodyTimeout       = 30 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxConns          = 512
	DefaultMaxBodyBytes      = 4 << 20 // 4 MiB: MCP messages are small; run outputs travel in responses
	DefaultSessionIdleTTL    = 10 * time.Minute
)

// DefaultLimits returns the limits the bridge uses unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: DefaultReadHeaderTimeout,
		BodyTimeout:       DefaultBodyTimeout,
		IdleTimeout:       DefaultIdleTimeout,
		MaxConns:          DefaultMaxConns,
		MaxBodyBytes:      DefaultMaxBodyBytes,
	}
}

// NewServer returns an http.Server for h with lim's timeouts. Every request's
// body must arrive within lim.BodyTimeout, whether or not h reads it: net/http
// otherwise waits without limit to discard an unread body after h returns.
func NewServer(h http.Handler, lim Limits, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           bodyDeadline(lim.BodyTimeout, h),
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		IdleTimeout:       lim.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// LimitListener caps ln at lim.MaxConns open connections (none when zero).
// golang.org/x/net/netutil's listener is used rather than a hand-written one:
// it is maintained with the Go project and releases a slot exactly once when a
// connection closes.
func LimitListener(ln net.Listener, lim Limits) net.Listener {
	if lim.MaxConns <= 0 {
		return ln
	}
	return netutil.LimitListener(ln, lim.MaxConns)
}

// bodyDeadline sets a read deadline for a request that has a body, so a client
// that declares a body and never sends it is cut off. LimitBody lifts the
// deadline once it has read the body, before long responses begin.
func bodyDeadline(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength != 0 { // -1 is a chunked body of unknown length
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBody reads the request body before next runs: at most max bytes (more
// gets 413 Request Entity Too Large), within the deadline bodyDeadline set,
// which it then lifts. next sees the body from memory. max <= 0 means no limit.
func LimitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if max > 0 && r.ContentLength > max {
			tooLarge(w, max)
			return
		}
		body := r.Body
		if max > 0 {
			body = http.MaxBytesReader(w, r.Body, max)
		}
		data, err := io.ReadAll(body)
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			tooLarge(w, max)
			return
		case err != nil:
			// Usually the body deadline: the client is gone or too slow to answer.
			w.Header().Set("Connection", "close")
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "reading the request body: " + err.Error()})
			return
		}
		// Lift the deadline: from here the connection may carry a long response,
		// and net/http cancels the request when a read on it times out.
		_ = http.NewResponseController(w).SetReadDeadline(time.Time{})
		r.Body = io.NopCloser(bytes.NewReader(data))
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter, max int64) {
	// Closing the connection saves reading the rest of the body.
	w.Header().Set("Connection", "close")
	writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "request_too_large",
		"message": fmt.Sprintf("the request body exceeds %d bytes (--max-body-bytes)", max)})
}
