package serve

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
)

// RequireBearer wraps next so that every request must carry
// "Authorization: Bearer <token>". Others get 401 with a WWW-Authenticate challenge.
// An empty token disables the check.
func RequireBearer(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		given, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			unauthorized(w, `Bearer realm="mcp-bridge"`, "send the token as Authorization: Bearer <MCP_BRIDGE_AUTH_TOKEN>")
			return
		}
		// Hashing first makes the comparison take the same time whatever the lengths,
		// so timing reveals neither the token nor its length.
		got := sha256.Sum256([]byte(given))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			unauthorized(w, `Bearer realm="mcp-bridge", error="invalid_token"`, "the bearer token is not valid")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer extracts the credential of a Bearer Authorization header.
func bearer(header string) (string, bool) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	cred = strings.TrimSpace(cred)
	return cred, cred != ""
}

func unauthorized(w http.ResponseWriter, challenge, message string) {
	w.Header().Set("WWW-Authenticate", challenge)
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "message": message})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
