package align

import (
	"fmt"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/catalog/convert"
)

// articleStandard writes a standard in the article shape with n articles
// of two paragraphs and three 号 each (5 provisions an article, in 10
// chapters), its sentences taken in turn from the reference's text.
func articleStandard(ref *catalog.Catalog, n int) []byte {
	var texts []string
	for _, p := range ref.Provisions {
		if p.Text != "" && !strings.Contains(p.Text, "\n") {
			texts = append(texts, p.Text)
		}
	}
	next := 0
	sentence := func() string {
		s := texts[next%len(texts)]
		next++
		return s
	}
	var b strings.Builder
	b.WriteString("ある市情報セキュリティ対策基準\n\n")
	perChapter := (n + 9) / 10
	for a := 1; a <= n; a++ {
		if (a-1)%perChapter == 0 {
			fmt.Fprintf(&b, "第%d章 章%d\n", (a-1)/perChapter+1, (a-1)/perChapter+1)
		}
		fmt.Fprintf(&b, "（見出し%d）\n第%d条 %s\n2 %s\n(1) %s\n(2) %s\n(3) %s\n", a, a, sentence(), sentence(), sentence(), sentence(), sentence())
	}
	return []byte(b.String())
}

// BenchmarkConvertAndAlign600 converts a standard of 600 provisions from
// its text and aligns it with Kobe's (issue 26: within 5 s).
func BenchmarkConvertAndAlign600(b *testing.B) {
	ref, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	text := articleStandard(ref, 118) // 118 articles: 590 provisions and 10 chapters
	roles := convert.DefaultRoles()
	for b.Loop() {
		city, _, err := convert.Convert(text, convert.Options{Roles: roles})
		if err != nil {
			b.Fatal(err)
		}
		if len(city.Provisions) != 600 {
			b.Fatalf("converted %d provisions, want 600", len(city.Provisions))
		}
		if props := Align(city, ref, Options{Normalize: roles.Canonical}); len(props) < 590 {
			b.Fatalf("aligned %d provisions", len(props))
		}
	}
}
