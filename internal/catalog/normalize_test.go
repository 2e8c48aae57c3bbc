package catalog

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ｐａｓｓ", "pass"},
		{"ＰＡＳＳ", "pass"},
		{"１２３４", "1234"},
		{"パスワード は ８ 文字", "パスワードは8文字"},
		{"ﾊﾟｽﾜｰﾄﾞ", "パスワード"},
		{"CISO\u3000は", "cisoは"},
		{"ID カード", "idカード"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
