package apierr

import "fmt"

// Error is an error answer in one of Activepieces' two shapes: {code, params}
// or, when Fastify is set, fastify's {statusCode, code, error, message}.
type Error struct {
	Status  int
	Code    string         // e.g. ENTITY_NOT_FOUND, FLOW_OPERATION_INVALID, FST_ERR_VALIDATION
	Params  map[string]any // for {code, params}; params.message carries human text
	Message string         // for the fastify shape
	Fastify bool
}

// Error summarises the answer for logs and test failures; the HTTP layer
// writes the answer itself from the fields.
func (e *Error) Error() string {
	if e.Fastify {
		return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("%d %s %v", e.Status, e.Code, e.Params)
}

// NotFound is the 404 ENTITY_NOT_FOUND Activepieces answers for a missing entity.
func NotFound(entityType, id string) *Error {
	return &Error{Status: 404, Code: "ENTITY_NOT_FOUND", Params: map[string]any{
		"entityType": entityType, "entityId": id, "message": fmt.Sprintf("%s %s not found", entityType, id)}}
}

// InvalidOperation is the 400 FLOW_OPERATION_INVALID for a structural mistake.
func InvalidOperation(format string, args ...any) *Error {
	return &Error{Status: 400, Code: "FLOW_OPERATION_INVALID", Params: map[string]any{"message": fmt.Sprintf(format, args...)}}
}

// BadField is fastify's 400 for a request that fails schema validation; where is
// "body", "querystring" or "params", field a slash path such as "request/displayName".
func BadField(where, field, expected string) *Error {
	return &Error{Status: 400, Code: "FST_ERR_VALIDATION", Fastify: true,
		Message: fmt.Sprintf("%s/%s %s", where, field, expected)}
}

// New builds a {code, params} error with a human message.
func New(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Params: map[string]any{"message": message}}
}

// NewFastify builds a fastify-shaped error.
func NewFastify(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message, Fastify: true}
}
