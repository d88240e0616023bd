// Package apierr holds the error answers of the sandbox's HTTP API, in the two
// shapes Activepieces answers with: {code, params} and fastify's
// {statusCode, code, error, message}.
//
// The store, the flow engine and the pieces all return these errors, and the
// HTTP layer (package sandbox) writes them as they are, so that a missing
// entity or a malformed request reads exactly as it would on the upstream
// engine. It is a leaf: it must import neither net/http (statuses are plain
// numbers) nor anything else of the sandbox, so every other sandbox package
// may use it.
package apierr
