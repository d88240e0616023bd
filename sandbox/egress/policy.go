// Package egress is how the sandbox's pieces reach the network: an HTTP
// client whose every connection, redirects included, goes to an address the
// egress policy allows. By default that is public addresses only, so a flow
// cannot make the sandbox call its own host, a private network or a cloud
// metadata service (169.254.169.254).
//
// The check runs where the connection is made (Dialer.DialContext), on the
// addresses the name resolved to, and again on the socket's address just
// before it connects (the net.Dialer's Control), so neither a redirect nor a
// name that resolves differently the second time (DNS rebinding) gets past
// it. The resolver and the address classifier are fields, so tests can point
// a "public" name at a local test server without any network.
//
// Only the HTTP side of the sandbox imports this package; the pieces reach it
// through pieces.Run, which keeps net/http out of them.
package egress

import (
	"fmt"
	"net/netip"
	"strings"
)

// Policy says which addresses pieces may connect to. Each level allows what
// the one before it does, and more.
type Policy string

// Policies, from the most closed to the most open.
const (
	// None allows no connection at all.
	None Policy = "none"
	// Public allows public addresses only (the default).
	Public Policy = "public"
	// Loopback also allows this host (127.0.0.0/8, ::1).
	Loopback Policy = "loopback"
	// Private also allows private networks: RFC 1918, unique local (fc00::/7)
	// and carrier-grade NAT (100.64.0.0/10).
	Private Policy = "private"
	// All allows every address, link-local and cloud metadata included.
	All Policy = "all"
)

// Policies lists the policies, for help and messages.
var Policies = []Policy{Public, Loopback, Private, All, None}

// ParsePolicy reads a policy name; empty is Public.
func ParsePolicy(s string) (Policy, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Public, nil
	}
	for _, p := range Policies {
		if string(p) == s {
			return p, nil
		}
	}
	names := make([]string, len(Policies))
	for i, p := range Policies {
		names[i] = string(p)
	}
	return "", fmt.Errorf("egress policy must be one of %s, not %q", strings.Join(names, ", "), s)
}

// Class is the kind of an address, as the policy sees it.
type Class string

// Address classes.
const (
	ClassPublic      Class = "public"
	ClassLoopback    Class = "loopback"
	ClassPrivate     Class = "private"
	ClassLinkLocal   Class = "link-local"
	ClassUnspecified Class = "unspecified"
	ClassMulticast   Class = "multicast"
	// ClassReserved is every other range that is no destination on the
	// internet: documentation, benchmarking, 240.0.0.0/4, broadcast and the
	// like.
	ClassReserved Class = "reserved"
)

// Allows reports whether the policy allows connecting to an address of class c.
func (p Policy) Allows(c Class) bool {
	switch p {
	case All:
		return true
	case Private:
		return c == ClassPublic || c == ClassLoopback || c == ClassPrivate
	case Loopback:
		return c == ClassPublic || c == ClassLoopback
	case Public:
		return c == ClassPublic
	}
	return false
}

// Ranges that are not public, beyond what netip's predicates name.
var (
	cgnat         = netip.MustParsePrefix("100.64.0.0/10")
	thisNetwork   = netip.MustParsePrefix("0.0.0.0/8")
	nat64         = netip.MustParsePrefix("64:ff9b::/96")
	ipv4Compat    = netip.MustParsePrefix("::/96")
	sixToFour     = netip.MustParsePrefix("2002::/16")
	reservedRange = []netip.Prefix{
		netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
		netip.MustParsePrefix("192.0.2.0/24"),    // documentation
		netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
		netip.MustParsePrefix("198.51.100.0/24"), // documentation
		netip.MustParsePrefix("203.0.113.0/24"),  // documentation
		netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast included
		netip.MustParsePrefix("2001:db8::/32"),   // documentation
		netip.MustParsePrefix("100::/64"),        // discard
	}
)

// Classify says what kind of address ip is. IPv4 written in IPv6 forms
// (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64
// 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd::) is classified as the IPv4
// address it carries, so those forms cannot reach what the plain one cannot.
func Classify(ip netip.Addr) Class {
	ip = ip.Unmap()
	if v4, ok := embeddedIPv4(ip); ok {
		return Classify(v4)
	}
	switch {
	case !ip.IsValid(), ip.IsUnspecified(), thisNetwork.Contains(ip):
		return ClassUnspecified
	case ip.IsLoopback():
		return ClassLoopback
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return ClassLinkLocal
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return ClassMulticast
	case ip.IsPrivate(), cgnat.Contains(ip):
		return ClassPrivate
	}
	for _, r := range reservedRange {
		if r.Contains(ip) {
			return ClassReserved
		}
	}
	if !ip.IsGlobalUnicast() {
		return ClassReserved
	}
	return ClassPublic
}

// embeddedIPv4 finds the IPv4 address an IPv6 address carries in the
// transition forms that route to it.
func embeddedIPv4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip), ipv4Compat.Contains(ip) && ip != netip.IPv6Unspecified() && ip != netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}
