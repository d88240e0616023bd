// Package backend describes the engines mcp-bridge can drive — the iMBRACE
// gateway, a plain Activepieces server and the built-in sandbox — and is the one
// place that turns such a description plus credentials into a *client.Client.
//
// Each backend is a Descriptor: its Kind, which credentials make it eligible
// when the user leaves the choice to auto (and why it was chosen), the hint that
// tells a user which settings hold its credentials, the checks its settings must
// pass, and how to open it. internal/config chooses a Kind with Choose and
// Lookup; the command opens it with Open; tools word refused credentials with
// CredentialHint. Open needs nothing but Settings and Options, so a server that
// takes each caller's credentials can copy its Settings, put the caller's in and
// open a client per caller.
//
// To add a backend:
//
//  1. add a Kind constant and a descriptor to the table in descriptors.go, in its
//     place in auto's order of preference (the sandbox stays last: it needs no
//     credentials and is what auto falls back to);
//  2. if it needs settings of its own, add them to Settings, read them from the
//     flags and environment in internal/config (options.go and resolve.go), and
//     list its secrets in config.Config.Secrets so logs redact them;
//  3. if it speaks a URL layout the client does not know, add a client.Layout,
//     and map that layout to the new Kind where tools/errors.go picks the hint;
//  4. update the texts that spell out auto's rule for people: the --backend
//     usage in internal/config/options.go and docs/configuration.md.
//
// This package must not import internal/config or tools: both import it.
package backend
