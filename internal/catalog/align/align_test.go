package align

import (
	"os"
	"strings"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/catalog/convert"
)

// expected are the alignments of the test 訓令's articles a person reading
// both standards makes; each article may have more than one right answer
// where the reference splits what the city says in one place.
var expected = map[string][]string{
	"第1条": {"1"}, "第2条": {"2"},
	"第3条": {"3.1.1"}, "第4条": {"3.1.2"}, "第5条": {"3.1.3"}, "第6条": {"3.1.4"}, "第7条": {"3.1.5"},
	"第8条": {"3.1.6"}, "第9条": {"3.1.9"},
	"第10条": {"3.2.1"}, "第11条": {"3.2.2"}, "第12条": {"3.2.3"}, "第13条": {"3.2.4"}, "第14条": {"3.2.5"},
	"第15条": {"3.2.6"}, "第16条": {"3.2.10"}, "第17条": {"3.3.1"}, "第18条": {"3.3.2"},
	"第19条": {"5.1"}, "第20条": {"5.2"}, "第21条": {"5.3"},
	"第22条": {"8.1.3"}, "第23条": {"8.1.5"}, "第24条": {"8.1.7"}, "第25条": {"8.1.8"}, "第26条": {"8.1.15"},
	"第27条": {"8.1.16"}, "第28条": {"8.1.17"}, "第29条": {"8.1.19"}, "第30条": {"8.1.20"}, "第31条": {"8.1.21"},
	"第32条": {"8.2.1", "8.2.1.イ", "8.2.1.ウ"}, "第33条": {"8.2.5"}, "第34条": {"8.2.6"}, "第35条": {"8.2.4"},
	"第36条": {"8.4.1"}, "第37条": {"8.4.2"}, "第38条": {"8.5.2", "8.5.3"}, "第39条": {"8.5.7"}, "第40条": {"8.6.1"},
}

func asahi(t testing.TB) *catalog.Catalog {
	t.Helper()
	data, err := os.ReadFile("../convert/testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := convert.Convert(data, convert.Options{Key: "asahi-kijun"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The test 訓令 aligns with Kobe's standard: at least 90% of its 40
// articles have the expected reference provision as the first proposal.
func TestAlignArticles(t *testing.T) {
	ref, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	city := asahi(t)
	props := Align(city, ref, Options{Normalize: convert.DefaultRoles().Canonical})
	byID := map[string]Proposal{}
	for _, p := range props {
		byID[p.From] = p
	}
	right := 0
	for id, want := range expected {
		p := byID[id]
		got := ""
		if len(p.Candidates) > 0 {
			got = p.Candidates[0].To
		}
		ok := false
		for _, w := range want {
			ok = ok || got == w
		}
		if ok {
			right++
		} else {
			t.Logf("%s: proposed %v, want %v", id, p.Candidates, want)
		}
	}
	if len(expected) != 40 {
		t.Fatalf("expected alignments for %d articles, want 40", len(expected))
	}
	if right*10 < len(expected)*9 {
		t.Errorf("articles aligned as expected: %d of %d, want at least 90%%", right, len(expected))
	} else {
		t.Logf("articles aligned as expected: %d of %d", right, len(expected))
	}
	// Paragraphs and items align too: 第34条第3項 (特権IDのパスワード) is 8.2.6.エ.
	for id, want := range map[string]string{"第34条第3項": "8.2.6.エ", "第28条第3項": "8.1.17.エ", "第19条第2項第1号": "5.1.イ.(1)"} {
		p := byID[id]
		if len(p.Candidates) == 0 || p.Candidates[0].To != want {
			t.Errorf("%s: proposed %v, want %s first", id, p.Candidates, want)
		}
	}
	for _, p := range props {
		for _, c := range p.Candidates {
			if !c.Relationship.Valid() || ref.Find(c.To) == nil {
				t.Errorf("%s → %s: bad candidate %+v", p.From, c.To, c)
			}
		}
		if !strings.HasPrefix(p.From, "第") {
			t.Errorf("proposal for %q, not a city provision", p.From)
		}
	}
}

// A reference provision no city provision covers is a gap; the highest
// uncovered provision of a branch stands for the branch.
func TestGaps(t *testing.T) {
	ref, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	targets := []string{"1", "2", "3", "5", "6", "7", "8", "9", "10", "11", "4.1", "4.2.ア.(1)"}
	got := Gaps(ref, targets)
	want := []string{"4.2.ア.(2)", "4.2.ア.(3)", "4.2.イ", "4.2.ウ", "4.2.エ", "4.2.オ", "4.2.カ", "4.2.キ", "4.2.ク", "4.2.ケ", "4.3", "4.4"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("gaps:\n got %v\nwant %v", got, want)
	}
}
