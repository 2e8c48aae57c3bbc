package organisation

import (
	"strings"
	"testing"

	"kijun/internal/kijun"
)

// TestCheckText checks the limits of the organisation's names and codes.
func TestCheckText(t *testing.T) {
	for _, tt := range []struct {
		name   string
		err    error
		saying string
	}{
		{"long name", Person{StaffNo: "1001", Name: strings.Repeat("山", MaxName+1)}.CheckText(), "職員番号 1001 の氏名は 200 文字以内"},
		{"direction control in a unit's name", Unit{Code: "111", Name: "情報政策課\u202e"}.CheckText(), "組織 111 の名称に文字の向き"},
		{"NUL in a contractor", Contractor{ID: "c1", Name: "株式会社\x00"}.CheckText(), "委託事業者の名称に制御文字"},
		{"long code", Unit{Code: strings.Repeat("1", MaxCode+1), Name: "課"}.CheckText(), "組織コードは 40 文字以内"},
	} {
		if kijun.ErrorCode(tt.err) != kijun.EINVALID || !strings.Contains(kijun.ErrorMessage(tt.err), tt.saying) {
			t.Errorf("%s: %v, want EINVALID saying %q", tt.name, tt.err, tt.saying)
		}
	}
	if err := (Person{StaffNo: "1001", Name: "山田 太郎", Kana: "ヤマダ タロウ"}).CheckText(); err != nil {
		t.Errorf("a good person: %v", err)
	}
}
