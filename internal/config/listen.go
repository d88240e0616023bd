package config

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"unicode/utf8"
)

// MinAuthTokenLength is the shortest bearer token accepted. A short token can be
// guessed, and the log redactor masks only secrets long enough not to match
// inside ordinary words.
const MinAuthTokenLength = 16

var tokenAdvice = fmt.Sprintf("use at least %d (e.g. openssl rand -hex 32)", MinAuthTokenLength)

// authToken reads the bearer token from MCP_BRIDGE_AUTH_TOKEN or the file
// MCP_BRIDGE_AUTH_TOKEN_FILE names (surrounding whitespace dropped, as files end
// with a newline).
func authToken(v *values) (string, error) {
	token, file := v.get(&optAuthToken), v.get(&optAuthFile)
	if token != "" && file != "" {
		return "", fmt.Errorf("set MCP_BRIDGE_AUTH_TOKEN or MCP_BRIDGE_AUTH_TOKEN_FILE, not both")
	}
	if file == "" {
		token = strings.TrimSpace(token)
		if token != "" && utf8.RuneCountInString(token) < MinAuthTokenLength {
			return "", fmt.Errorf("MCP_BRIDGE_AUTH_TOKEN is %d characters long: %s", utf8.RuneCountInString(token), tokenAdvice)
		}
		return token, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		// The path is not secret; the error from os names it.
		return "", fmt.Errorf("MCP_BRIDGE_AUTH_TOKEN_FILE: %v", err)
	}
	token = strings.TrimSpace(string(data))
	if token == "" {
		return "", fmt.Errorf("MCP_BRIDGE_AUTH_TOKEN_FILE: %s is empty", file)
	}
	if n := utf8.RuneCountInString(token); n < MinAuthTokenLength {
		return "", fmt.Errorf("MCP_BRIDGE_AUTH_TOKEN_FILE: the token in %s is %d characters long: %s", file, n, tokenAdvice)
	}
	return token, nil
}

// checkListen refuses an address that other machines can reach unless callers must
// authenticate: a bridge holds credentials to a workflow engine.
func checkListen(addr, where string, authenticated bool, howToAuth string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s: %q is not host:port (e.g. 127.0.0.1:8080)", where, addr)
	}
	if authenticated || IsLoopback(host) {
		return nil
	}
	shown := host
	if shown == "" {
		shown = "all interfaces"
	}
	return fmt.Errorf("refusing to listen on %s (%s) without an auth token: %s, or listen on 127.0.0.1", addr, shown, howToAuth)
}

// IsLoopback reports whether host (no port) names only this machine: localhost or
// a loopback IP. An empty host means every interface, so it is not loopback.
func IsLoopback(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
