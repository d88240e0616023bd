// Package jsonvalue reads the generic JSON values a flow run passes around
// (map[string]any, []any, string, float64, bool or nil, as encoding/json
// decodes them): how a value reads as text inside a template, as a number, a
// date or a list, and how to name its kind in a message.
//
// Both the flow engine (templates, router conditions, loops) and the pieces
// (their props) read values this way, so the rules live once, here. It is a
// leaf: it imports nothing of the sandbox, and neither net/http nor
// database/sql.
package jsonvalue
