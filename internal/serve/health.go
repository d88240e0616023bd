package serve

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Paths of the operational endpoints.
const (
	HealthPath  = "/healthz" // liveness
	ReadyPath   = "/readyz"  // readiness: can the backend be reached
	MetricsPath = "/metrics" // Prometheus
)

// Health answers liveness probes: 200 {"status":"ok"} to GET and HEAD. It needs no
// token and reveals nothing, so load balancers can call it.
func Health() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// readyCache is how long a readiness answer is reused: probes every few
// seconds from several load balancers must not each reach the backend.
const readyCache = 5 * time.Second

// Ready answers readiness probes: 200 {"status":"ready"} when check finds the
// backend reachable, else 503 {"status":"unavailable"} with a reason that
// names no URL or credential. A nil check is always ready. Answers are reused
// for a few seconds.
func Ready(check func(context.Context) error) http.Handler {
	var mu sync.Mutex
	var at time.Time
	var last error
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
			return
		}
		mu.Lock()
		if check != nil && time.Since(at) > readyCache {
			ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
			last, at = check(ctx), time.Now()
			cancel()
		}
		err := last
		mu.Unlock()
		if err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}
