package permits

import (
	"slices"
	"strings"

	"kijun/internal/catalog"
)

// Covers reports whether an exception written against the provisions in
// stated (the 遵守が困難な規定 field: one or more provision numbers such as
// 「8.2.6.ウ」 or 「8.2.6ウ(1)、8.1.3」) covers the provision id: id is one of
// them or falls under one. Numbers are compared part by part, so 8.1.1
// does not cover 8.1.10, and the way the number is punctuated does not
// matter.
func Covers(stated, id string) bool {
	want := provisionParts(id)
	if len(want) == 0 {
		return false
	}
	for _, s := range strings.FieldsFunc(stated, func(r rune) bool { return strings.ContainsRune("、，,・;； \u3000", r) }) {
		if p := provisionParts(s); len(p) > 0 && len(p) <= len(want) && slices.Equal(p, want[:len(p)]) {
			return true
		}
	}
	return false
}

// provisionParts splits a provision number into its parts: runs of digits
// and single other characters, leaving out dots and brackets, after
// catalog.Normalize has made full-width digits and marks ASCII.
// 「8.2.6.ウ.(1)」 and 「８．２．６ウ（１）」 both give 8 2 6 ウ 1.
func provisionParts(s string) []string {
	var out []string
	digits := ""
	for _, r := range catalog.Normalize(s) {
		if r >= '0' && r <= '9' {
			digits += string(r)
			continue
		}
		if digits != "" {
			out, digits = append(out, digits), ""
		}
		if !strings.ContainsRune(".()", r) {
			out = append(out, string(r))
		}
	}
	if digits != "" {
		out = append(out, digits)
	}
	return out
}
