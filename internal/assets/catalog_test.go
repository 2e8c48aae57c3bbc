package assets

import (
	"strings"
	"testing"

	"kijun/internal/catalog"
)

// Every clause this package cites must be a provision of the catalog Kijun
// ships, so a page can link a restriction to the standard's text.
func TestClausesExist(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	var cited []string
	for _, r := range Restrictions(cls(3, 2, 2)) {
		cited = append(cited, r.Clause)
	}
	for _, s := range StageSpecs() {
		cited = append(cited, s.Clause)
	}
	ss := KobeScales()
	cited = append(cited, ss.Confidentiality.Clause, ss.Integrity.Clause, ss.Availability.Clause, "4.2.オ.(4)")
	for _, c := range []Classification{cls(1, 1, 1), cls(2, 1, 1)} {
		cited = append(cited, strings.SplitN(ScopeNote(c), ":", 2)[0])
	}
	for _, id := range cited {
		if cat.Find(id) == nil {
			t.Errorf("clause %q is not in the catalog", id)
		}
	}
}

// The Kobe scales carry the 分類基準 of 4.1.1 to 4.1.3 word for word.
func TestKobeScalesMatchCatalog(t *testing.T) {
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	ss := KobeScales()
	for _, s := range []Scale{ss.Confidentiality, ss.Integrity, ss.Availability} {
		t.Run(s.Clause, func(t *testing.T) {
			p := cat.Find(s.Clause)
			if p == nil || p.Table == nil {
				t.Fatalf("catalog has no table for %s", s.Clause)
			}
			if got, want := len(p.Table.Rows), len(s.Levels); got != want {
				t.Fatalf("catalog rows = %d, want %d", got, want)
			}
			for _, row := range p.Table.Rows {
				n := int(row.Cells[0].Text[0] - '0')
				l, ok := s.Level(n)
				if !ok {
					t.Fatalf("level %d missing", n)
				}
				if got, want := l.Criteria, row.Cells[1].Text; got != want {
					t.Errorf("%s %d criteria = %q, want %q", s.Name, n, got, want)
				}
				if got, want := strings.Join(l.Examples, "|"), strings.Join(row.Cells[1].List, "|"); got != want {
					t.Errorf("%s %d examples = %q, want %q", s.Name, n, got, want)
				}
			}
		})
	}
}
