package assets

import (
	"strings"
	"testing"
)

// TestTextLimits checks that every text field of an asset has a limit and
// refuses characters that are not text, each with its field named in
// Japanese: a 13 MB reason was once accepted.
func TestTextLimits(t *testing.T) {
	ss := KobeScales()
	good := Asset{ID: "A-1", Unit: "111", Name: "住民基本台帳", Kind: KindSpecs()[0].Kind, Stage: StageCreate,
		Classification: Classification{Confidentiality: 3, ConfidentialityReason: "個人情報を含む", Integrity: 2, IntegrityReason: "誤りが許されない",
			Availability: 2, AvailabilityReason: "窓口業務に使う"}}
	if fe := good.Check(ss); len(fe) != 0 {
		t.Fatalf("a good asset: %v", fe)
	}
	huge := strings.Repeat("機", 13<<20/3)
	for _, tt := range []struct {
		name  string
		edit  func(a *Asset)
		field string
		says  string
	}{
		{"13 MB reason", func(a *Asset) { a.ConfidentialityReason = huge }, FieldConfidentialityReason, "機密性の理由は 2000 文字以内"},
		{"long integrity reason", func(a *Asset) { a.IntegrityReason = strings.Repeat("あ", MaxReason+1) }, FieldIntegrityReason, "2000 文字以内"},
		{"long availability reason", func(a *Asset) { a.AvailabilityReason = strings.Repeat("あ", MaxReason+1) }, FieldAvailabilityReason, "2000 文字以内"},
		{"long origin", func(a *Asset) { a.Stage, a.Origin = StageObtain, strings.Repeat("あ", MaxName+1) }, FieldOrigin, "入手元は 200 文字以内"},
		{"long name", func(a *Asset) { a.Name = strings.Repeat("あ", MaxName+1) }, FieldName, "名称は 200 文字以内"},
		{"long description", func(a *Asset) { a.Description = strings.Repeat("あ", MaxDescription+1) }, FieldDescription, "説明は 2000 文字以内"},
		{"long location", func(a *Asset) { a.Location = strings.Repeat("あ", MaxName+1) }, FieldLocation, "保存場所は 200 文字以内"},
		{"direction control in the name", func(a *Asset) { a.Name = "請求書\u202efdp.exe" }, FieldName, "文字の向き"},
		{"line break in the name", func(a *Asset) { a.Name = "一行目\n二行目" }, FieldName, "1 行"},
		{"NUL in a reason", func(a *Asset) { a.ConfidentialityReason = "a\x00b" }, FieldConfidentialityReason, "制御文字"},
		{"too many holders", func(a *Asset) { a.Holders = make([]string, MaxHolders+1) }, FieldHolders, "100 件まで"},
	} {
		a := good
		tt.edit(&a)
		var got []string
		found := false
		for _, f := range a.Check(ss) {
			got = append(got, f.Field+": "+f.Message)
			found = found || f.Field == tt.field && strings.Contains(f.Message, tt.says)
		}
		if !found {
			t.Errorf("%s: errors %v, want %s saying %q", tt.name, got, tt.field, tt.says)
		}
	}
	// A multiline description keeps its lines.
	a := good
	a.Description = "一行目\r\n二行目"
	if fe := a.Check(ss); len(fe) != 0 {
		t.Errorf("a description of two lines: %v", fe)
	}
}
