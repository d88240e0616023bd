package backend

import (
	"strings"
	"testing"
)

// creds builds Settings from the credentials a test sets, named as the user sets
// them, so a case reads like the environment it stands for.
func creds(kv ...string) Settings {
	var s Settings
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1]; kv[i] {
		case "IMBRACE_API_KEY":
			s.Imbrace.APIKey = v
		case "IMBRACE_ACCESS_TOKEN":
			s.Imbrace.AccessToken = v
		case "IMBRACE_ORGANIZATION_ID":
			s.Imbrace.OrganizationID = v
		case "IMBRACE_GATEWAY_URL":
			s.Imbrace.GatewayURL = v
		case "ACTIVEPIECES_URL":
			s.Activepieces.URL = v
		case "ACTIVEPIECES_API_KEY":
			s.Activepieces.APIKey = v
		default:
			panic("creds: unknown setting " + kv[i])
		}
	}
	return s
}

func TestChooseUnderAuto(t *testing.T) {
	const (
		imbraceReason      = "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN is set"
		activepiecesReason = "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY are set"
		sandboxReason      = "no iMBRACE or Activepieces credentials are set"
	)
	tests := []struct {
		name       string
		s          Settings
		want       Kind
		wantReason string
	}{
		{"nothing", creds(), Sandbox, sandboxReason},
		{"an organization id alone is not a credential", creds("IMBRACE_ORGANIZATION_ID", "o"), Sandbox, sandboxReason},
		{"a gateway URL alone is not a credential", creds("IMBRACE_GATEWAY_URL", "http://gw"), Sandbox, sandboxReason},
		{"iMBRACE API key", creds("IMBRACE_API_KEY", "k"), Imbrace, imbraceReason},
		{"iMBRACE access token", creds("IMBRACE_ACCESS_TOKEN", "t"), Imbrace, imbraceReason},
		{"iMBRACE key and token", creds("IMBRACE_API_KEY", "k", "IMBRACE_ACCESS_TOKEN", "t"), Imbrace, imbraceReason},
		{"Activepieces URL and key", creds("ACTIVEPIECES_URL", "https://ap/api", "ACTIVEPIECES_API_KEY", "a"), Activepieces, activepiecesReason},
		{"iMBRACE wins over Activepieces", creds("IMBRACE_API_KEY", "k", "ACTIVEPIECES_URL", "https://ap/api", "ACTIVEPIECES_API_KEY", "a"), Imbrace, imbraceReason},
		{"Activepieces URL alone", creds("ACTIVEPIECES_URL", "https://ap/api"), Sandbox,
			sandboxReason + " (ACTIVEPIECES_URL is set but ACTIVEPIECES_API_KEY is not)"},
		{"Activepieces key alone", creds("ACTIVEPIECES_API_KEY", "a"), Sandbox,
			sandboxReason + " (ACTIVEPIECES_API_KEY is set but ACTIVEPIECES_URL is not)"},
		// Half an Activepieces configuration is worth mentioning only when it was
		// passed over, not when iMBRACE came first anyway.
		{"iMBRACE with half of Activepieces", creds("IMBRACE_API_KEY", "k", "ACTIVEPIECES_URL", "https://ap/api"), Imbrace, imbraceReason},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, reason := Choose(tt.s)
			if d.Kind != tt.want || reason != tt.wantReason {
				t.Errorf("Choose = %q, %q; want %q, %q", d.Kind, reason, tt.want, tt.wantReason)
			}
		})
	}
}

// TestTable checks the rules Choose and the package doc rely on: every kind once,
// only the last backend needs no credentials, and each that needs some says which
// and how to fix them.
func TestTable(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("no backends")
	}
	seen := map[Kind]bool{Auto: true}
	for i, d := range all {
		if seen[d.Kind] {
			t.Errorf("%q: listed twice, or named auto", d.Kind)
		}
		seen[d.Kind] = true
		if d.open == nil || d.AutoReason == "" {
			t.Errorf("%q: no way to open it, or no reason for auto to choose it", d.Kind)
		}
		last := i == len(all)-1
		if got := d.Eligible(Settings{}); got != last {
			t.Errorf("%q: eligible without credentials = %v, want %v", d.Kind, got, last)
		}
		if needs := d.Requires != "" && d.CredentialHint != ""; needs == last {
			t.Errorf("%q: Requires %q, CredentialHint %q: want both set unless it is the last", d.Kind, d.Requires, d.CredentialHint)
		}
	}
	all[0].Kind = "changed"
	if All()[0].Kind == "changed" {
		t.Error("All returns the table itself: a caller could change it")
	}
	if got := Choices(); got != "auto, imbrace, activepieces or sandbox" {
		t.Errorf("Choices = %q", got)
	}
}

func TestLookupAndEligible(t *testing.T) {
	for _, k := range []Kind{Auto, "zapier", ""} {
		if d, ok := Lookup(k); ok {
			t.Errorf("Lookup(%q) = %+v, want none", k, d)
		}
	}
	tests := []struct {
		kind     Kind
		requires string
		eligible Settings
		not      Settings
	}{
		{Imbrace, "IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN", creds("IMBRACE_ACCESS_TOKEN", "t"), creds("ACTIVEPIECES_URL", "u", "ACTIVEPIECES_API_KEY", "a")},
		{Activepieces, "ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY", creds("ACTIVEPIECES_URL", "u", "ACTIVEPIECES_API_KEY", "a"), creds("ACTIVEPIECES_API_KEY", "a", "IMBRACE_API_KEY", "k")},
	}
	for _, tt := range tests {
		d, ok := Lookup(tt.kind)
		if !ok || d.Kind != tt.kind {
			t.Fatalf("Lookup(%q) = %+v, %v", tt.kind, d, ok)
		}
		if d.Requires != tt.requires {
			t.Errorf("%q requires %q, want %q", tt.kind, d.Requires, tt.requires)
		}
		if !d.Eligible(tt.eligible) || d.Eligible(tt.not) {
			t.Errorf("%q: eligible %v with %+v and %v with %+v", tt.kind, d.Eligible(tt.eligible), tt.eligible, d.Eligible(tt.not), tt.not)
		}
	}
	if d, _ := Lookup(Sandbox); !d.Eligible(Settings{}) || d.Requires != "" {
		t.Errorf("the sandbox needs %q", d.Requires)
	}
}

func TestCredentialHint(t *testing.T) {
	for k, want := range map[Kind]string{
		Imbrace:      "check IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN (with IMBRACE_ORGANIZATION_ID)",
		Activepieces: "check ACTIVEPIECES_API_KEY (and ACTIVEPIECES_URL)",
		Sandbox:      "", // the in-process sandbox takes no credentials
		Auto:         "",
		"zapier":     "",
	} {
		if got := CredentialHint(k); got != want {
			t.Errorf("CredentialHint(%q) = %q, want %q", k, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	imbrace, _ := Lookup(Imbrace)
	tests := []struct {
		name string
		im   ImbraceSettings
		want string
	}{
		{name: "default preset", im: ImbraceSettings{}},
		{name: "known preset", im: ImbraceSettings{Env: "develop"}},
		{name: "unknown preset", im: ImbraceSettings{Env: "prod"},
			want: `IMBRACE_ENV: unknown preset "prod": use develop, prodv2, sandbox, stable, or set IMBRACE_GATEWAY_URL`},
		{name: "a gateway URL replaces the preset", im: ImbraceSettings{Env: "prod", GatewayURL: "http://gw"}},
	}
	for _, tt := range tests {
		err := imbrace.Check(Settings{Imbrace: tt.im})
		if got := errText(err); got != tt.want {
			t.Errorf("%s: Check = %q, want %q", tt.name, got, tt.want)
		}
	}
	// The preset is the gateway's business only.
	for _, k := range []Kind{Activepieces, Sandbox} {
		d, _ := Lookup(k)
		if err := d.Check(Settings{Imbrace: ImbraceSettings{Env: "prod"}}); err != nil {
			t.Errorf("%q: Check = %v", k, err)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestOpenUnresolved(t *testing.T) {
	for _, k := range []Kind{Auto, "zapier"} {
		o, err := Open(k, Settings{}, Options{})
		if err == nil || !strings.Contains(err.Error(), "is not resolved") {
			t.Errorf("Open(%q) = %v, %v; want an error", k, o, err)
		}
	}
	if _, err := (Descriptor{}).Open(Settings{}, Options{}); err == nil {
		t.Error("the zero Descriptor opened")
	}
}
