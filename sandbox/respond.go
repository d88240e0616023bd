package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
)

// writeJSON answers with v as JSON and an explicit Content-Length, so a client
// never sees an empty chunked answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"code":"INTERNAL_ERROR","params":{"message":"the answer could not be encoded"}}`)
	}
	writeBytes(w, status, "application/json; charset=utf-8", data)
}

// writeBytes answers with a body of the given content type.
func writeBytes(w http.ResponseWriter, status int, contentType string, data []byte) {
	if contentType != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// writeEmpty answers 200 with no body and Content-Length: 0, as Activepieces
// does for folder deletion.
func writeEmpty(w http.ResponseWriter) {
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// writeNoContent answers 204.
func writeNoContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// fastifyBody is fastify's error shape.
type fastifyBody struct {
	StatusCode int    `json:"statusCode"`
	Code       string `json:"code,omitempty"`
	Error      string `json:"error"`
	Message    string `json:"message"`
}

// writeAPIError answers with e in its own shape.
func writeAPIError(w http.ResponseWriter, e *apierr.Error) {
	if e.Fastify {
		writeJSON(w, e.Status, fastifyBody{StatusCode: e.Status, Code: e.Code, Error: http.StatusText(e.Status), Message: e.Message})
		return
	}
	params := e.Params
	if params == nil {
		params = map[string]any{}
	}
	writeJSON(w, e.Status, map[string]any{"code": e.Code, "params": params})
}

// writeError answers with err: an *apierr.Error as itself, anything else as a 500
// that says nothing of the cause (it is logged instead).
func (e *Engine) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		writeAPIError(w, ae)
		return
	}
	e.log.Error("sandbox request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeAPIError(w, &apierr.Error{Status: http.StatusInternalServerError, Code: "INTERNAL_ERROR",
		Params: map[string]any{"message": "the sandbox engine failed to handle the request; see its log"}})
}

// routeNotFound is fastify's answer to an unknown route.
func routeNotFound(method, path string) *apierr.Error {
	return &apierr.Error{Status: http.StatusNotFound, Fastify: true, Message: "Route " + method + ":" + path + " not found"}
}
