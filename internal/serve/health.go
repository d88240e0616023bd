package serve

import "net/http"

// HealthPath is where Health is mounted.
const HealthPath = "/healthz"

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
