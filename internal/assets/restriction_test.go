package assets

import (
	"slices"
	"strings"
	"testing"
)

func clauses(rs []Restriction) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Clause
	}
	return out
}

func TestRestrictions(t *testing.T) {
	tests := []struct {
		name string
		c    Classification
		want []string
	}{
		{"all 1: none (4.1.4.イ)", Classification{Confidentiality: 1, Integrity: 1, Availability: 1}, nil},
		{"confidentiality 2", Classification{Confidentiality: 2, Integrity: 1, Availability: 1}, []string{
			"4.2.オ.(3)", "4.2.オ.(3)", "4.2.キ.(1)", "4.2.キ.(2)", "4.2.ク.(1)", "4.2.ク.(2)",
			"4.2.ケ.(1)", "4.2.ケ.(2)", "4.2.ケ.(3)", "7.1.1.オ.(8)", "8.1.25.イ",
		}},
		{"confidentiality 3 adds the ban on devices not issued", Classification{Confidentiality: 3, Integrity: 1, Availability: 1}, []string{
			"4.2.オ.(3)", "4.2.オ.(3)", "4.2.キ.(1)", "4.2.キ.(2)", "4.2.ク.(1)", "4.2.ク.(2)",
			"4.2.ケ.(1)", "4.2.ケ.(2)", "4.2.ケ.(3)", "7.1.1.オ.(8)", "7.1.1.カ.(2)", "8.1.25.イ",
		}},
		{"integrity 2", Classification{Confidentiality: 1, Integrity: 2, Availability: 1}, []string{
			"4.2.ク.(3)", "4.2.ケ.(1)", "4.2.ケ.(2)", "4.2.ケ.(3)",
		}},
		{"availability 2", Classification{Confidentiality: 1, Integrity: 1, Availability: 2}, []string{
			"4.2.ケ.(1)", "4.2.ケ.(2)", "4.2.ケ.(3)", "6.1.2", "6.1.5.ア", "8.1.3",
		}},
		{"everything", Classification{Confidentiality: 3, Integrity: 2, Availability: 2}, []string{
			"4.2.オ.(3)", "4.2.オ.(3)", "4.2.キ.(1)", "4.2.キ.(2)", "4.2.ク.(1)", "4.2.ク.(2)", "4.2.ク.(3)",
			"4.2.ケ.(1)", "4.2.ケ.(2)", "4.2.ケ.(3)", "6.1.2", "6.1.5.ア",
			"7.1.1.オ.(8)", "7.1.1.カ.(2)", "8.1.3", "8.1.25.イ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Restrictions(tt.c)
			if !slices.Equal(clauses(got), tt.want) {
				t.Errorf("clauses = %v, want %v", clauses(got), tt.want)
			}
			for _, r := range got {
				if r.Text == "" || r.TextEN == "" || r.When == "" {
					t.Errorf("restriction %s has an empty field: %+v", r.Clause, r)
				}
			}
		})
	}
}

// The restrictions say what the standard says; these are the words a reader
// looks for on the asset's page.
func TestRestrictionWording(t *testing.T) {
	rs := Restrictions(Classification{Confidentiality: 3, Integrity: 2, Availability: 2})
	tests := []struct {
		index  int
		clause string
		words  []string
	}{
		{0, "4.2.オ.(3)", []string{"複製", "電子メール", "情報管理者の許可", "暗号化"}},
		{1, "4.2.オ.(3)", []string{"権限のある者だけ"}},
		{2, "4.2.キ.(1)", []string{"運搬", "鍵付きのケース", "暗号化"}},
		{3, "4.2.キ.(2)", []string{"運搬", "情報管理者の許可"}},
		{4, "4.2.ク.(1)", []string{"外部に提供", "暗号化"}},
		{5, "4.2.ク.(2)", []string{"事前の許可", "日時・担当者及び提供概要を記録"}},
		{6, "4.2.ク.(3)", []string{"公開", "完全性"}},
		{7, "4.2.ケ.(1)", []string{"復元不可能", "紙媒体"}},
		{8, "4.2.ケ.(2)", []string{"日時、担当者及び処理内容を記録"}},
		{9, "4.2.ケ.(3)", []string{"情報管理者の許可"}},
		{10, "6.1.2", []string{"二重化"}},
		{11, "6.1.5.ア", []string{"定期保守"}},
		{12, "7.1.1.オ.(8)", []string{"プリンタ"}},
		{13, "7.1.1.カ.(2)", []string{"支給以外の端末"}},
		{14, "8.1.3", []string{"バックアップ"}},
		{15, "8.1.25.イ", []string{"ソーシャルメディア"}},
	}
	for _, tt := range tests {
		t.Run(tt.clause, func(t *testing.T) {
			r := rs[tt.index]
			if r.Clause != tt.clause {
				t.Fatalf("restriction %d clause = %q, want %q", tt.index, r.Clause, tt.clause)
			}
			for _, w := range tt.words {
				if !strings.Contains(r.Text, w) {
					t.Errorf("text = %q, want it to contain %q", r.Text, w)
				}
			}
		})
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		c    Classification
		want string
	}{
		{Classification{Confidentiality: 3, Integrity: 2, Availability: 2}, "機密性3・完全性2・可用性2（取扱制限あり）"},
		{Classification{Confidentiality: 2, Integrity: 1, Availability: 1}, "機密性2・完全性1・可用性1（取扱制限あり）"},
		{Classification{Confidentiality: 1, Integrity: 1, Availability: 2}, "機密性1・完全性1・可用性2（取扱制限あり）"},
		{Classification{Confidentiality: 1, Integrity: 1, Availability: 1}, "機密性1・完全性1・可用性1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Label(tt.c); got != tt.want {
				t.Errorf("Label = %q, want %q", got, tt.want)
			}
		})
	}
}
