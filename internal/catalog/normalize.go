package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form Kijun searches: NFKC (full-width Latin
// and digits become ASCII, half-width kana become full-width), case folded,
// and without whitespace, so that "ｐａｓｓ ワード" finds "Passワード". The
// storage layer stores this form beside the text and matches queries in the
// same form.
func Normalize(s string) string {
	s = cases.Fold().String(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
