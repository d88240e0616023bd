package pieces

import (
	"strconv"
	"strings"
)

// semver is a MAJOR.MINOR.PATCH piece version. Pieces are npm packages, so
// flows name their version the npm way: exact, "^" (compatible) or "~" (patch).
type semver struct{ major, minor, patch int }

// parseSemver reads "1.2.3"; anything else (pre-releases included) is refused.
func parseSemver(s string) (semver, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return semver{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p == "" || (len(p) > 1 && p[0] == '0') {
			return semver{}, false
		}
		n[i] = v
	}
	return semver{n[0], n[1], n[2]}, true
}

func (v semver) String() string {
	return strconv.Itoa(v.major) + "." + strconv.Itoa(v.minor) + "." + strconv.Itoa(v.patch)
}

func (v semver) less(o semver) bool {
	if v.major != o.major {
		return v.major < o.major
	}
	if v.minor != o.minor {
		return v.minor < o.minor
	}
	return v.patch < o.patch
}

// satisfies reports whether v meets the version spec: "" (any), "1.2.3" (exact),
// "~1.2.3" (same major and minor, at least 1.2.3) or "^1.2.3" (npm caret: the
// left-most non-zero part is fixed, so ^0.1.24 stays on 0.1.x and ^0.0.3 is exact).
func (v semver) satisfies(spec string) bool {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return true
	}
	op := spec[0]
	if op == '^' || op == '~' {
		spec = spec[1:]
	}
	want, ok := parseSemver(spec)
	if !ok || v.less(want) {
		return false
	}
	switch {
	case op == '~':
		return v.major == want.major && v.minor == want.minor
	case op != '^':
		return v == want
	case want.major > 0:
		return v.major == want.major
	case want.minor > 0:
		return v.major == 0 && v.minor == want.minor
	default:
		return v == want
	}
}

// highestSatisfying returns the highest of versions that meets spec.
func highestSatisfying(versions []semver, spec string) (semver, bool) {
	var best semver
	found := false
	for _, v := range versions {
		if v.satisfies(spec) && (!found || best.less(v)) {
			best, found = v, true
		}
	}
	return best, found
}
