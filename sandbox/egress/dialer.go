package egress

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// RefusedError is a connection the egress policy refused.
type RefusedError struct {
	Host   string // the name or address asked for
	Addr   netip.Addr
	Class  Class
	Policy Policy
}

func (e *RefusedError) Error() string {
	if e.Policy == None {
		return fmt.Sprintf("sandbox egress refused %s: the sandbox's egress setting is none, so it sends no requests out", e.Host)
	}
	via := ""
	if e.Addr.IsValid() && e.Addr.String() != e.Host {
		via = " (" + e.Addr.String() + ")"
	}
	return fmt.Sprintf("sandbox egress refused %s%s: it is a %s address and the sandbox's egress setting is %s; "+
		"set MCP_BRIDGE_SANDBOX_EGRESS to %s to allow it", e.Host, via, e.Class, e.Policy, widerPolicy(e.Class))
}

// widerPolicy names the narrowest policy that allows class c.
func widerPolicy(c Class) Policy {
	for _, p := range []Policy{Public, Loopback, Private} {
		if p.Allows(c) {
			return p
		}
	}
	return All
}

// Dialer makes connections under an egress policy. The zero value refuses
// every connection; NewDialer fills in the real resolver and classifier.
type Dialer struct {
	Policy Policy
	// Resolve looks a host name up; tests replace it to resolve names offline.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
	// Classify says what kind of address an IP is; tests replace it to let a
	// local test server pass for a public one.
	Classify func(netip.Addr) Class
	// Timeout bounds each connection attempt.
	Timeout time.Duration
}

// NewDialer returns a dialer for policy that resolves names with the system
// resolver and classifies addresses with Classify.
func NewDialer(policy Policy) *Dialer {
	return &Dialer{
		Policy: policy,
		Resolve: func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		},
		Classify: Classify,
		Timeout:  30 * time.Second,
	}
}

// DialContext connects to address (host:port) when the policy allows one of
// the host's addresses, trying the allowed ones in turn. It refuses with a
// *RefusedError when it allows none.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	if d.Policy == None || d.Policy == "" || d.Classify == nil {
		return nil, &RefusedError{Host: host, Policy: None}
	}
	addrs, err := d.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	var refused *RefusedError
	var lastErr error
	for _, ip := range addrs {
		if class := d.Classify(ip); !d.Policy.Allows(class) {
			if refused == nil {
				refused = &RefusedError{Host: host, Addr: ip.Unmap(), Class: class, Policy: d.Policy}
			}
			continue
		}
		conn, err := d.dialChecked(ctx, network, ip.Unmap().String(), port)
		if err == nil {
			return conn, nil
		}
		lastErr = err
	}
	if lastErr != nil {
		return nil, lastErr
	}
	if refused != nil {
		return nil, refused
	}
	return nil, fmt.Errorf("sandbox egress: %s has no address", host)
}

// lookup resolves host, or reads it when it is an address already.
func (d *Dialer) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	if d.Resolve == nil {
		return nil, fmt.Errorf("sandbox egress: no resolver for %s", host)
	}
	return d.Resolve(ctx, host)
}

// dialChecked connects to one address, checking the socket's address once
// more just before it connects, so that what is checked is what is dialled.
func (d *Dialer) dialChecked(ctx context.Context, network, ip, port string) (net.Conn, error) {
	nd := net.Dialer{
		Timeout: d.Timeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("sandbox egress: cannot read the address %q", address)
			}
			if class := d.Classify(ap.Addr()); !d.Policy.Allows(class) {
				return &RefusedError{Host: ap.Addr().Unmap().String(), Addr: ap.Addr().Unmap(), Class: class, Policy: d.Policy}
			}
			return nil
		},
	}
	return nd.DialContext(ctx, network, net.JoinHostPort(ip, port))
}

// AsRefused finds a *RefusedError in err's chain.
func AsRefused(err error) (*RefusedError, bool) {
	var refused *RefusedError
	ok := errors.As(err, &refused)
	return refused, ok
}
