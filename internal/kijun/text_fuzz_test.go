package kijun

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFileName checks that whatever name a browser sends, the name kept
// is one element, UTF-8, without control or direction characters, within
// MaxName, and kept as it is when cleaned again.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"report.pdf", "gpj\u202e.html", "..\\..\\a\x00b", "\xff\xfe", strings.Repeat("長", 300) + ".xlsx", "", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := FileName(in)
		if got == "" || !utf8.ValidString(got) || strings.ContainsAny(got, "/\\\"") || utf8.RuneCountInString(got) > MaxName {
			t.Fatalf("FileName(%q) = %q", in, got)
		}
		for _, c := range got {
			if control(c) || bidiControl(c) {
				t.Fatalf("FileName(%q) = %q keeps %U", in, got, c)
			}
		}
		if again := FileName(got); again != got {
			t.Fatalf("FileName(%q) = %q, then %q", in, got, again)
		}
	})
}

// FuzzText checks that a value Text accepts is within its limit and holds
// no character it refuses.
func FuzzText(f *testing.F) {
	f.Add("情報政策課", 200, false)
	f.Add("a\r\nb\tc", 10, true)
	f.Add("a\u202eb\x00", 5, false)
	f.Fuzz(func(t *testing.T, s string, max int, multiline bool) {
		var fe FieldErrors
		fe.Text("f", "欄", s, max, multiline)
		if len(fe.Fields) > 1 {
			t.Fatalf("Text(%q) gave %d errors, want at most one", s, len(fe.Fields))
		}
		if len(fe.Fields) == 1 {
			if !utf8.ValidString(fe.Fields[0].Message) || !strings.Contains(fe.Fields[0].Message, "欄") {
				t.Fatalf("Text(%q) says %q", s, fe.Fields[0].Message)
			}
			return
		}
		if utf8.RuneCountInString(s) > max || !utf8.ValidString(s) {
			t.Fatalf("Text accepted %q over %d or not UTF-8", s, max)
		}
		for _, c := range s {
			if bidiControl(c) || control(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r')) {
				t.Fatalf("Text accepted %q with %U", s, c)
			}
		}
	})
}
