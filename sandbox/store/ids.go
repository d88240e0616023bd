package store

import (
	"crypto/rand"
	"time"
)

// idAlphabet is the character set of Activepieces ids.
const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// idLength is the length of every Activepieces id.
const idLength = 21

// NewID returns a random 21-character id of [0-9A-Za-z], as Activepieces' apId does.
func NewID() string { return RandomString(idLength) }

// RandomString returns n random characters of idAlphabet, without modulo bias.
func RandomString(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/2)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("sandbox: the system random source failed: " + err.Error())
		}
		for _, b := range buf {
			// 248 = 4*62: bytes above it would favour the first characters.
			if b < 248 && len(out) < n {
				out = append(out, idAlphabet[int(b)%len(idAlphabet)])
			}
		}
	}
	return string(out)
}

// ValidID reports whether s has the shape of an Activepieces id.
func ValidID(s string) bool {
	if len(s) != idLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// ISOTime formats t the way Activepieces' timestamps read: UTC with milliseconds.
func ISOTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
