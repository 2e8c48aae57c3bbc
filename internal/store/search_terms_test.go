package store

import (
	"slices"
	"strings"
	"testing"
)

// An asset's key is indexed by its bigrams and by each letter and digit on
// its own, and a search asks the index for the fewest terms that decide
// it: a word of one term needs no substring test, and a search of such
// words alone is exact, so the index may count it.
func TestSearchTerms(t *testing.T) {
	if got, want := searchGrams("a10-住民税"), []string{"a", "1", "a1", "0", "10", "住", "民", "住民", "税", "民税"}; !slices.Equal(got, want) {
		t.Errorf("searchGrams = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		q         string
		terms     string // what the index is asked for
		substring bool   // whether the scan's test stays
	}{
		{"住", "住", false},
		{"住民", "住民", false},
		{"住民税", "住民 民税", true},
		{"住 民", "住 民", false},
		{"a", "a", false},
		{"d 7", "d 7", false},
		{"2024", "20 02 24", true},
		{"ab", "ab", false},
	} {
		var c conditions
		c.assetWords(SQLite, tt.q)
		var terms string
		substring := false
		for i, cond := range c.conds {
			if strings.Contains(cond, "MATCH") {
				terms = strings.ReplaceAll(strings.Trim(c.args[i].(string), `"`), `" "`, " ")
			} else {
				substring = true
			}
		}
		if exact := searchOf(tt.q).exact; exact == substring {
			t.Errorf("search %q: exact %v with substring test %v", tt.q, exact, substring)
		}
		if terms != tt.terms || substring != tt.substring {
			t.Errorf("search %q asks the index for %q (substring test %v), want %q (%v)", tt.q, terms, substring, tt.terms, tt.substring)
		}
	}
	if got, want := gramNumber("住"), int64('住'); got != want || got >= gramNumber("00") {
		t.Errorf("gramNumber(住) = %d, want %d, below every bigram's", got, want)
	}
}
