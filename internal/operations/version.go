package operations

import (
	"strconv"
	"strings"
	"unicode"

	goversion "github.com/hashicorp/go-version"
)

// CompareVersions orders two software versions as vendors number them:
// -1 when a is older than b, 0 when the same, 1 when newer. Versions that
// both read as semantic versions (2.4.57, 1.2.3-rc1) are compared by
// hashicorp/go-version, prereleases before their release; any other
// (OpenSSH's 9.3p2, OpenSSL's 1.1.1w, 2019 SP1) by their runs of digits
// as numbers and of letters as text, in turn, so 9.3p2 is after 9.3p1 and
// 9.3, and 1.1.1w after 1.1.1k.
func CompareVersions(a, b string) int {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if va, err := goversion.NewSemver(a); err == nil {
		if vb, err := goversion.NewSemver(b); err == nil {
			return va.Compare(vb)
		}
	}
	return naturalCompare(a, b)
}

// naturalCompare compares runs of digits as numbers and other runs as
// text, case-insensitively; separators (. - _ space) only divide runs.
func naturalCompare(a, b string) int {
	ra, rb := versionRuns(a), versionRuns(b)
	for i := 0; i < len(ra) || i < len(rb); i++ {
		if i >= len(ra) {
			return tailOrder(rb[i:], -1)
		}
		if i >= len(rb) {
			return tailOrder(ra[i:], 1)
		}
		x, y := ra[i], rb[i]
		xn, xerr := strconv.ParseUint(x, 10, 64)
		yn, yerr := strconv.ParseUint(y, 10, 64)
		switch {
		case xerr == nil && yerr == nil:
			if xn != yn {
				return cmp3(xn < yn)
			}
		case xerr == nil: // a number is after a letter run: 1.0 > 1.beta
			return 1
		case yerr == nil:
			return -1
		default:
			if c := strings.Compare(strings.ToLower(x), strings.ToLower(y)); c != 0 {
				return c
			}
		}
	}
	return 0
}

// tailOrder says how a version with more runs compares with one that
// ends: extra zeros change nothing (1.0 == 1.0.0), an extra number or
// letter is later (9.3p1 > 9.3), sign is the order when so.
func tailOrder(extra []string, sign int) int {
	for _, r := range extra {
		if n, err := strconv.ParseUint(r, 10, 64); err != nil || n != 0 {
			return sign
		}
	}
	return 0
}

func cmp3(less bool) int {
	if less {
		return -1
	}
	return 1
}

// versionRuns splits v into runs of digits and of letters.
func versionRuns(v string) []string {
	var out []string
	var cur strings.Builder
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range v {
		k := 0
		switch {
		case unicode.IsDigit(r):
			k = 1
		case unicode.IsLetter(r):
			k = 2
		}
		if k == 0 {
			flush()
			kind = 0
			continue
		}
		if k != kind {
			flush()
		}
		kind = k
		cur.WriteRune(r)
	}
	flush()
	return out
}
