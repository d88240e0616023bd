package workflows

import (
	"strconv"
	"strings"
	"unicode"
)

// ValidCron reports whether the engine accepts expr as a schedule trigger's
// cron expression: enabling the trigger calls the npm package
// cron-validator's isValidCron with its defaults, and fails with "Invalid
// cron expression" on anything it refuses. The sandbox refuses the same, and
// the tools say so before creating a flow; common cron libraries (robfig/cron
// among them) read more: month and weekday names, "?", "7" for Sunday.
//
// The rules: five fields separated by white space; each field a comma list of
// items; an item is "*", a number or a range "a-b" with a <= b, within the
// field's bounds, optionally followed by "/step" with a step of digits above 0.
func ValidCron(expr string) bool {
	fields := CronFields(expr)
	if len(fields) != 5 {
		return false
	}
	bounds := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}}
	for i, field := range fields {
		if !cronField(field, bounds[i][0], bounds[i][1]) {
			return false
		}
	}
	return true
}

func cronField(field string, lo, hi int) bool {
	if strings.Trim(field, "0123456789-,/*") != "" {
		return false
	}
	for item := range strings.SplitSeq(field, ",") {
		span, step, stepped := strings.Cut(item, "/")
		// Digits only, and not all zeros: any size, as JavaScript's numbers go.
		if stepped && (step == "" || strings.Trim(step, "0123456789") != "" || strings.TrimLeft(step, "0") == "") {
			return false
		}
		if !cronSpan(span, lo, hi) {
			return false
		}
	}
	return true
}

// CronFields splits a cron expression into its fields as the engine does, at
// JavaScript's white space (\s): Go's also counts U+0085 and not U+FEFF.
func CronFields(expr string) []string {
	return strings.FieldsFunc(expr, func(r rune) bool {
		return r == '\ufeff' || (r != '\u0085' && unicode.IsSpace(r))
	})
}

// cronSpan checks "*", "n" or "a-b".
func cronSpan(span string, lo, hi int) bool {
	if span == "*" {
		return true
	}
	from, to, ranged := strings.Cut(span, "-")
	if !ranged {
		to = from
	}
	a, okA := cronNumber(from)
	b, okB := cronNumber(to)
	return okA && okB && a <= b && a >= lo && b <= hi
}

// cronNumber reads digits only: no sign, no space, nothing after.
func cronNumber(s string) (int, bool) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
