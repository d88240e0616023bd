package backend

import (
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/sandbox/egress"
)

// Kind names a backend, as a user asks for it with --backend.
type Kind string

// Kinds. Auto is not a backend but the request to choose one (see Choose).
const (
	Auto         Kind = "auto"
	Imbrace      Kind = "imbrace"
	Activepieces Kind = "activepieces"
	Sandbox      Kind = "sandbox"
)

// MemoryDatabase is the sandbox data path for a throw-away sandbox.
const MemoryDatabase = ":memory:"

// ImbraceSettings reach the iMBRACE gateway.
type ImbraceSettings struct {
	Env            string
	GatewayURL     string
	APIKey         string
	AccessToken    string
	OrganizationID string
}

// ActivepiecesSettings reach a plain Activepieces server.
type ActivepiecesSettings struct {
	URL    string
	APIKey string
}

// Settings are what choosing and opening a backend read: where each engine is,
// and the credentials for it. Each backend reads only its own part.
type Settings struct {
	Imbrace      ImbraceSettings
	Activepieces ActivepiecesSettings
	SandboxData  string // SQLite file, or MemoryDatabase
	// SandboxEgress is which addresses the sandbox's pieces may call; empty is public.
	SandboxEgress egress.Policy
}

// Descriptor describes one backend. The table in descriptors.go holds one per
// Kind; the zero value describes nothing.
type Descriptor struct {
	Kind Kind
	// Requires names, as a user sets them, the credentials that make the backend
	// eligible ("IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN"); empty when it needs none.
	Requires string
	// AutoReason says why auto chose the backend, for the start-up log and the
	// model's instructions.
	AutoReason string
	// CredentialHint tells a user whose credentials were refused which settings
	// to check; empty when the backend takes none.
	CredentialHint string

	eligible   func(Settings) bool   // nil: always eligible
	incomplete func(Settings) string // nil: credentials are never half set
	check      func(Settings) error  // nil: nothing to check beyond credentials
	open       func(Settings, Options) (*Opened, error)
}

// Eligible reports whether s holds the credentials the backend needs.
func (d Descriptor) Eligible(s Settings) bool {
	return d.eligible == nil || d.eligible(s)
}

// Incomplete explains credentials that are set only in part ("ACTIVEPIECES_URL is
// set but ACTIVEPIECES_API_KEY is not"), which is why auto passed the backend
// over; empty when they are complete or absent.
func (d Descriptor) Incomplete(s Settings) string {
	if d.incomplete == nil {
		return ""
	}
	return d.incomplete(s)
}

// Check reports settings the backend cannot use beyond missing credentials (an
// unknown iMBRACE preset), so a mistake stops the bridge at start, not at the
// first call.
func (d Descriptor) Check(s Settings) error {
	if d.check == nil {
		return nil
	}
	return d.check(s)
}

// All returns the descriptors in auto's order of preference; the last one needs
// no credentials.
func All() []Descriptor {
	return append([]Descriptor(nil), descriptors...)
}

// Lookup returns the descriptor of k. Auto has none: resolve it with Choose.
func Lookup(k Kind) (Descriptor, bool) {
	for _, d := range descriptors {
		if d.Kind == k {
			return d, true
		}
	}
	return Descriptor{}, false
}

// Choose resolves auto: the first backend in order whose credentials s holds,
// and why. When a backend was passed over because its credentials are set only
// in part, the reason says so, since the user probably meant to use it.
func Choose(s Settings) (Descriptor, string) {
	var skipped []string
	for i, d := range descriptors {
		// The last one needs nothing, so the loop always returns.
		if !d.Eligible(s) && i < len(descriptors)-1 {
			if why := d.Incomplete(s); why != "" {
				skipped = append(skipped, why)
			}
			continue
		}
		reason := d.AutoReason
		if len(skipped) > 0 {
			reason += " (" + strings.Join(skipped, "; ") + ")"
		}
		return d, reason
	}
	return Descriptor{}, ""
}

// Choices lists the kinds a user may ask for, as an error message offers them:
// "auto, imbrace, activepieces or sandbox".
func Choices() string {
	names := []string{string(Auto)}
	for _, d := range descriptors {
		names = append(names, string(d.Kind))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// CredentialHint returns the hint of k's descriptor, empty for an unknown kind.
func CredentialHint(k Kind) string {
	d, _ := Lookup(k)
	return d.CredentialHint
}

// IsSandbox reports whether c calls the built-in sandbox in this process,
// which runs only the pieces of its own catalogue.
func IsSandbox(c *client.Client) bool {
	return c != nil && strings.HasPrefix(c.EngineURL(), sandbox.InProcessBaseURL)
}
