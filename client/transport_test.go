package client

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// dialCounter fails every dial with err and counts the attempts.
func dialCounter(err error, n *atomic.Int32) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		n.Add(1)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: err}
	}}}
}

func TestTransportFailuresAreClassifiedAndDNSIsNotRetried(t *testing.T) {
	cases := []struct {
		name      string
		err       error
		kind      TransportKind
		wantCalls int32
	}{
		{"no such host", &net.DNSError{Err: "no such host", Name: "gw.example", IsNotFound: true}, TransportNoSuchHost, 1},
		{"resolver unreachable", &net.DNSError{Err: "server misbehaving", Name: "gw.example", IsTemporary: true}, TransportDNS, 4},
		{"other", errors.New("connection reset by peer"), TransportOther, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c := mustNew(t, fastRetries(Config{GatewayURL: "http://gw.example", HTTPClient: dialCounter(tc.err, &n)}))
			_, err := c.GetFlow(context.Background(), "f1", "")
			var te *TransportError
			if !errors.As(err, &te) || te.Kind != tc.kind || te.Host != "gw.example" {
				t.Fatalf("err = %#v, want a TransportError of kind %q from gw.example", err, tc.kind)
			}
			if got := n.Load(); got != tc.wantCalls {
				t.Errorf("%d attempts, want %d", got, tc.wantCalls)
			}
		})
	}
}

func TestRefusedAndTLSFailuresSayNothingWasSent(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	refusedURL := closed.URL
	closed.Close()
	secure := httptest.NewUnstartedServer(http.NotFoundHandler())
	secure.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	secure.StartTLS()
	defer secure.Close()
	for _, tc := range []struct {
		url  string
		kind TransportKind
	}{{refusedURL, TransportRefused}, {secure.URL, TransportTLS}} {
		c := mustNew(t, Config{GatewayURL: tc.url, MaxRetries: -1})
		_, err := c.CreateFlow(context.Background(), CreateFlowRequest{DisplayName: "x", ProjectID: "p"})
		var te *TransportError
		if !errors.As(err, &te) || te.Kind != tc.kind || !te.NothingSent() {
			t.Errorf("%s: err = %v (kind %q), want kind %q with nothing sent", tc.url, err, te.Kind, tc.kind)
		}
	}
}
