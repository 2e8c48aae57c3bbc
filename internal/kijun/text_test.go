package kijun

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"C:\\Users\\me\\report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{"gpj\u202e.html", "gpj.html"}, // shows as lmth.jpg with the override
		{"a\u2066b\u2069\u200f.txt", "ab.txt"},
		{"a\x00b\x1b\u0085.txt", "ab.txt"},
		{"\"quoted\".txt", "quoted.txt"},
		{"bad\xffbytes.txt", "badbytes.txt"},
		{"\u202e", "file"},
		{"..", "file"},
		{strings.Repeat("長", 300) + ".xlsx", strings.Repeat("長", MaxName-5) + ".xlsx"},
	} {
		if got := FileName(tt.in); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFieldErrorsText(t *testing.T) {
	for _, tt := range []struct {
		value     string
		max       int
		multiline bool
		want      string // in the message; "" for none
	}{
		{"情報政策課", 200, false, ""},
		{"一行目\r\n二行目\tタブ", 2000, true, ""},
		{strings.Repeat("あ", 201), 200, false, "200 文字以内"},
		{"一行目\n二行目", 200, false, "1 行"},
		{"a\x00b", 2000, true, "制御文字"},
		{"a\u0085b", 2000, true, "制御文字"},
		{"invoice\u202efdp.exe", 200, false, "文字の向き"},
		{"bad\xff", 200, false, "UTF-8"},
	} {
		var fe FieldErrors
		fe.Text("name", "名称", tt.value, tt.max, tt.multiline)
		got := fe.Error()
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("Text(%q) = %q, want a message with %q", tt.value, got, tt.want)
		}
		if got != "" && (!strings.Contains(got, "名称") || fe.Fields[0].Field != "name" || !utf8.ValidString(got)) {
			t.Errorf("Text(%q) = %+v: want the field and its label named", tt.value, fe.Fields)
		}
	}
}
