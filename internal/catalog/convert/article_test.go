package convert

import (
	"os"
	"slices"
	"strings"
	"testing"

	"kijun/internal/catalog"
)

func convertAsahi(t testing.TB) (*catalog.Catalog, *Report) {
	t.Helper()
	data, err := os.ReadFile("testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, rep, err := Convert(data, Options{Key: "asahi-kijun"})
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return c, rep
}

// A 訓令 drafted as law converts with IDs as people cite them, the 目次
// read and skipped, the 附則 noted, and annotations proposed.
func TestConvertArticles(t *testing.T) {
	c, rep := convertAsahi(t)
	if rep.Shape != "articles" {
		t.Errorf("shape: got %q, want articles", rep.Shape)
	}
	if c.Title != "あさひ市情報セキュリティ対策基準" || c.Issuer != "あさひ市" || c.Enacted != "2023-03-31" || c.Effective != "2023-04-01" {
		t.Errorf("metadata: got %q %q %q %q", c.Title, c.Issuer, c.Enacted, c.Effective)
	}
	articles := 0
	for _, p := range c.Provisions {
		if !strings.Contains(p.ID, "項") && !strings.Contains(p.ID, "号") && strings.HasSuffix(p.ID, "条") {
			articles++
		}
	}
	if articles != 40 {
		t.Errorf("articles: got %d, want 40", articles)
	}
	tests := []struct {
		id, parent, title string
		kind              catalog.Kind
		text              string
		obliges           []catalog.Role
		force             catalog.Force
		refs              []string
	}{
		{"第2章", "", "組織体制", catalog.KindChapter, "", nil, catalog.Informative, nil},
		{"第2章第2節", "第2章", "権限と責任", catalog.KindSection, "", nil, catalog.Informative, nil},
		{"第4条", "第2章第1節", "統括情報セキュリティ責任者", catalog.KindSubsection, "総務部長を統括情報セキュリティ責任者とする。", nil, catalog.Definition, nil},
		{"第10条第2項", "第10条", "", catalog.KindItem, "", []catalog.Role{catalog.RoleCISO}, catalog.Permission, nil},
		{"第11条第2号", "第11条", "", catalog.KindSubitem, "", []catalog.Role{catalog.RoleSecurityDirector}, catalog.Obligation, nil},
		{"第14条第2項", "第14条", "", catalog.KindItem, "", []catalog.Role{catalog.RoleInfoOfficer}, catalog.Obligation, nil},
		{"第16条第2項", "第16条", "", catalog.KindItem, "", nil, catalog.Prohibition, nil},
		{"第19条第2項第1号", "第19条第2項", "", catalog.KindSubitem, "", []catalog.Role{}, catalog.Obligation, nil},
		{"第20条第2項③", "第20条第2項", "", catalog.KindSubitem, "危険因子をファイルから除去する方式", nil, catalog.Obligation, nil},
		{"第38条第2項", "第38条", "", catalog.KindItem, "", []catalog.Role{catalog.RoleCISO, catalog.RoleSecurityDirector}, catalog.Effort, nil},
		{"第40条", "第4章第3節", "セキュリティホールへの対応", catalog.KindSubsection, "", []catalog.Role{catalog.RoleSecurityManager}, catalog.Obligation, []string{"第39条"}},
	}
	for _, tt := range tests {
		p := c.Find(tt.id)
		if p == nil {
			t.Errorf("%s: not converted", tt.id)
			continue
		}
		if p.Parent != tt.parent || p.Kind != tt.kind || p.Title != tt.title {
			t.Errorf("%s: got parent %q kind %s title %q, want %q %s %q", tt.id, p.Parent, p.Kind, p.Title, tt.parent, tt.kind, tt.title)
		}
		if tt.text != "" && p.Text != tt.text {
			t.Errorf("%s text: got %q, want %q", tt.id, p.Text, tt.text)
		}
		if tt.obliges != nil && !slices.Equal(p.Obliges, tt.obliges) {
			t.Errorf("%s obliges: got %v, want %v", tt.id, p.Obliges, tt.obliges)
		}
		if p.Force != tt.force {
			t.Errorf("%s force: got %s, want %s", tt.id, p.Force, tt.force)
		}
		if tt.refs != nil && !slices.Equal(p.Refs, tt.refs) {
			t.Errorf("%s refs: got %v, want %v", tt.id, p.Refs, tt.refs)
		}
	}
	if got := rep.Count(UseTOC); got != 12 {
		t.Errorf("table of contents lines: got %d, want 12", got)
	}
	if got := rep.Count(UseSupplement); got != 2 {
		t.Errorf("附則 lines: got %d, want 2", got)
	}
	if d := rep.Doubtful(); len(d) != 0 {
		t.Errorf("unplaced: %+v", d)
	}
}
