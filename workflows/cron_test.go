package workflows

import "testing"

// ValidCron accepts and refuses what cron-validator 1.3.1's isValidCron does
// with its defaults (the contract check compares the two on many more).
func TestValidCron(t *testing.T) {
	for expr, want := range map[string]bool{
		"* * * * *":                     true,
		"*/5 * * * *":                   true,
		"0 9 * * 1-5":                   true,
		"5/15 0-23/2 1,15 * 0":          true,
		"  0   9 * * *  ":               true,
		"00 09 01 01 00":                true,
		"0 9 * * MON":                   false, // names: robfig reads them, upstream does not
		"0 9 * JAN *":                   false,
		"0 9 ? * *":                     false,
		"0 9 * * 7":                     false, // 7 for Sunday
		"0 9 L * *":                     false,
		"0 9 * * 1#2":                   false,
		"60 * * * *":                    false,
		"* 24 * * *":                    false,
		"* * 0 * *":                     false,
		"* * * 13 *":                    false,
		"5-1 * * * *":                   false,
		"*/0 * * * *":                   false,
		"*/ * * * *":                    false,
		"*/5/2 * * * *":                 false,
		"*-5 * * * *":                   false,
		"1,,2 * * * *":                  false,
		"-1 * * * *":                    false,
		"* * * *":                       false,
		"0 * * * * *":                   false, // seconds
		"@hourly":                       false,
		"TZ=UTC * * * * *":              false,
		"+1 * * * *":                    false,
		"* * * *\u0085*":                false, // NEL separates fields in Go, not in JavaScript
		"\ufeff* * * * *":               true,  // a BOM is white space in JavaScript
		"*/9223372036854775808 * * * *": true,  // steps of any size
		"*/000 * * * *":                 false,
	} {
		if got := ValidCron(expr); got != want {
			t.Errorf("ValidCron(%q) = %v, want %v", expr, got, want)
		}
	}
}
