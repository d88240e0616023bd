package tools

import (
	"strings"
	"unicode/utf8"
)

// Summary is the first sentence of a tool description, cut to maxRunes: what the
// catalogue listing and the MCPB manifest show of each tool. The stops in "e.g."
// and "i.e." do not end a sentence.
func Summary(description string, maxRunes int) string {
	s, _, _ := strings.Cut(strings.TrimSpace(description), "\n")
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '.' || s[i+1] != ' ' {
			continue
		}
		if before := s[:i]; strings.HasSuffix(before, "e.g") || strings.HasSuffix(before, "i.e") {
			continue
		}
		s = s[:i+1]
		break
	}
	if utf8.RuneCountInString(s) > maxRunes {
		s = strings.TrimSpace(string([]rune(s)[:maxRunes-1])) + "…"
	}
	return s
}
