package caller

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestKeys(t *testing.T) {
	h := http.Header{}
	h.Set(HeaderImbraceAPIKey, " key-one ")
	h.Set(HeaderImbraceOrganizationID, "org")
	a := FromHeader(h)
	if a.APIKey != "key-one" || a.OrganizationID != "org" || a.Empty() {
		t.Fatalf("FromHeader = %+v", a)
	}
	b := a
	b.APIKey = "key-two"
	if a.Key() == "" || a.Key() != FromHeader(h).Key() || a.Key() == b.Key() {
		t.Error("keys must be equal for equal credentials and differ otherwise")
	}
	if strings.Contains(a.Key(), "key-one") || len(a.Key()) != 32 {
		t.Errorf("key %q", a.Key())
	}
	if (Credentials{}).Key() != "" || !(Credentials{OrganizationID: "o"}).Empty() {
		t.Error("no credentials, no key; an organization alone is no secret")
	}
	// Field boundaries count: moving a character from one field to the next changes the key.
	if (Credentials{APIKey: "ab", AccessToken: "c"}).Key() == (Credentials{APIKey: "a", AccessToken: "bc"}).Key() {
		t.Error("keys ignore field boundaries")
	}
	ca, cb := &Caller{Credentials: a}, &Caller{Credentials: a, Subject: "iss sub"}
	if ca.Identity() == cb.Identity() || (&Caller{}).Identity() != "" || (*Caller)(nil).Identity() != "" {
		t.Error("identity must follow the subject too")
	}
	ctx := NewContext(context.Background(), cb)
	if FromContext(ctx) != cb || FromContext(context.Background()) != nil {
		t.Error("context round trip")
	}
}
