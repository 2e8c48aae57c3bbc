package organisation

import (
	"strings"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// SearchKey normalises a name or reading for search: full-width Latin and
// digits and half-width katakana folded to their usual width, hiragana to
// katakana, spaces removed, Latin lower-cased. Stored keys and queries go
// through the same function, so "やまだ", "ﾔﾏﾀﾞ" and "ヤマダ" all match.
func SearchKey(s string) string {
	s = width.Fold.String(s)
	// Half-width ﾀﾞ folds to タ and a separate voicing mark: join them.
	s = norm.NFC.String(strings.NewReplacer("\u309b", "\u3099", "\u309c", "\u309a").Replace(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000' || r == '\t' || r == '・':
			continue
		case r >= 'ぁ' && r <= 'ゖ':
			r += 'ァ' - 'ぁ'
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ValidKana reports whether s is written in katakana (with spaces and the
// long-vowel mark), as 氏名カナ must be.
func ValidKana(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range width.Fold.String(s) {
		switch {
		case r >= 'ァ' && r <= 'ヺ', r == 'ー', r == ' ', r == '\u3000', r == '・':
		default:
			return false
		}
	}
	return true
}
