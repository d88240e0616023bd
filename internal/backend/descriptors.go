package backend

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/client"
	"github.com/workflows-mcp/mcp-bridge/sandbox"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// descriptors is every backend, in auto's order of preference: a real account
// before the sandbox, and iMBRACE before Activepieces because an iMBRACE key also
// reaches channel automations. The sandbox must stay last (see Choose).
var descriptors = []Descriptor{
	{
		Kind:           Imbrace,
		Requires:       "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN",
		AutoReason:     "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN is set",
		CredentialHint: "check IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN (with IMBRACE_ORGANIZATION_ID)",
		eligible:       func(s Settings) bool { return s.Imbrace.APIKey != "" || s.Imbrace.AccessToken != "" },
		check:          checkPreset,
		open:           openImbrace,
	},
	{
		Kind:           Activepieces,
		Requires:       "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY",
		AutoReason:     "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY are set",
		CredentialHint: "check ACTIVEPIECES_API_KEY (and ACTIVEPIECES_URL)",
		eligible:       func(s Settings) bool { return s.Activepieces.URL != "" && s.Activepieces.APIKey != "" },
		incomplete:     halfActivepieces,
		open:           openActivepieces,
	},
	{
		Kind:       Sandbox,
		AutoReason: "no iMBRACE or Activepieces credentials are set",
		open:       openSandbox,
	},
}

func openImbrace(s Settings, o Options) (*Opened, error) {
	cc := o.clientConfig()
	im := s.Imbrace
	cc.Layout = client.LayoutGateway
	cc.Env, cc.GatewayURL = im.Env, im.GatewayURL
	cc.APIKey, cc.AccessToken, cc.OrganizationID = im.APIKey, im.AccessToken, im.OrganizationID
	opened, err := newOpened(Imbrace, cc, "the iMBRACE gateway "+gatewayOf(im), nil)
	if err == nil {
		opened.probeURL, opened.probeClient = gatewayOf(im), cc.HTTPClient
	}
	return opened, err
}

func openActivepieces(s Settings, o Options) (*Opened, error) {
	cc := o.clientConfig()
	cc.Layout = client.LayoutActivepieces
	cc.ActivepiecesURL, cc.ActivepiecesAPIKey = s.Activepieces.URL, s.Activepieces.APIKey
	opened, err := newOpened(Activepieces, cc, "the Activepieces server "+s.Activepieces.URL, nil)
	if err == nil {
		opened.probeURL, opened.probeClient = s.Activepieces.URL, cc.HTTPClient
	}
	return opened, err
}

// openSandbox does no I/O beyond creating the data directory, which is cheap and
// catches a bad path at start: the database opens on the first request, or when
// the caller warms it, so start-up stays fast.
func openSandbox(s Settings, o Options) (*Opened, error) {
	if err := EnsureDataDir(s.SandboxData); err != nil {
		return nil, err
	}
	opts := append([]sandbox.Option{sandbox.WithLogger(o.logger().With("component", "sandbox")), sandbox.WithEgress(s.SandboxEgress)}, o.SandboxOptions...)
	lazy := NewLazySandbox(s.SandboxData, opts...)
	cc := o.clientConfig()
	cc.Layout = client.LayoutGateway
	cc.GatewayURL = sandbox.InProcessBaseURL
	cc.HTTPClient = &http.Client{Transport: lazy}
	return newOpened(Sandbox, cc, "the built-in sandbox engine (state in "+s.SandboxData+")", lazy)
}

// gatewayOf names the gateway the settings reach, for people: the URL given, or
// the preset's.
func gatewayOf(im ImbraceSettings) string {
	if im.GatewayURL != "" {
		return im.GatewayURL
	}
	env := im.Env
	if env == "" {
		env = "stable"
	}
	return workflows.GatewayPresets[env]
}

// checkPreset rejects an unknown IMBRACE_ENV at start; a gateway URL replaces the
// preset, so then the preset does not matter.
func checkPreset(s Settings) error {
	im := s.Imbrace
	if im.GatewayURL == "" && im.Env != "" {
		if _, ok := workflows.GatewayPresets[im.Env]; !ok {
			return fmt.Errorf("IMBRACE_ENV: unknown preset %q: use %s, or set IMBRACE_GATEWAY_URL", im.Env, presetNames())
		}
	}
	return nil
}

func presetNames() string {
	names := make([]string, 0, len(workflows.GatewayPresets))
	for n := range workflows.GatewayPresets {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// halfActivepieces explains an Activepieces configuration that is missing one half,
// which auto mode cannot use.
func halfActivepieces(s Settings) string {
	ap := s.Activepieces
	switch {
	case ap.URL != "" && ap.APIKey == "":
		return "ACTIVEPIECES_URL is set but ACTIVEPIECES_API_KEY is not"
	case ap.URL == "" && ap.APIKey != "":
		return "ACTIVEPIECES_API_KEY is set but ACTIVEPIECES_URL is not"
	}
	return ""
}
