package convert

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// Bad input gets an *Error naming the line and the reason; nothing is
// converted.
func TestConvertRejects(t *testing.T) {
	tests := []struct {
		name, text string
		line       int
		reason     string
	}{
		{"neither shape", "あさひ市の規程\n\nこれは規程の本文である。\n", 0, "対策基準の形式ではない"},
		{"html not an article page", "<!DOCTYPE html><html><body><p>お知らせ</p><p>休館日のご案内</p></body></html>", 0, "HTML が例規集の条文のページではない"},
		{"article jumps", "第1章 総則\n（目的）\n第1条 目的を定める。\n第3条 範囲を定める。\n", 4, "第3条 の番号が飛んでいるか繰り返している"},
		{"article repeats", "第1章 総則\n第1条 目的を定める。\n第1条 範囲を定める。\n", 3, "第1条 の番号が飛んでいるか繰り返している"},
		{"paragraph jumps", "第1章 総則\n第1条 目的を定める。\n3 範囲を定める。\n", 3, "第1条 第3項 の番号が飛んでいるか繰り返している"},
		{"item repeats", "第1章 総則\n第1条 次に掲げる。\n(1) 一つ目\n(1) 二つ目\n", 4, "第1号 の番号が飛んでいるか繰り返している"},
		{"chapter jumps", "第1章 総則\n第1条 目的を定める。\n第3章 組織\n", 3, "第3章 は第1章の次として"},
		{"numbered heading jumps", "1. 目的\n本文である。\n3. 範囲\n本文である。\n", 3, "見出し 3 の番号が 1 の次として飛んでいるか繰り返している"},
		{"kana item repeats", "1. 目的\nア 一つ目である。\nア 二つ目である。\n", 3, "1 の番号 ア が ア の次として"},
		{"too large", "第1章 総則\n" + strings.Repeat("第1条 目的を定める。\n", MaxText/20), 0, "ファイルが大きすぎる"},
		{"toc heading missing in body", "目次\n1. 目的 1\n2. 範囲 1\n1. 目的\n本文である。\n", 3, "目次の見出し 2 範囲 が本文にない"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rep, err := Convert([]byte(tt.text), Options{})
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v (catalog %v, report %v), want an *Error", err, c != nil, rep != nil)
			}
			if c != nil || rep != nil {
				t.Errorf("got a catalog or report with the error")
			}
			if ce.Line != tt.line || !strings.Contains(ce.Reason, tt.reason) {
				t.Errorf("got line %d %q, want line %d containing %q", ce.Line, ce.Reason, tt.line, tt.reason)
			}
		})
	}
}

// A 例規集 page saved as HTML in Shift_JIS converts as its text does, and
// the report's lines are lines of the HTML file.
func TestConvertHTMLShiftJIS(t *testing.T) {
	text, err := os.ReadFile("testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	page.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"Shift_JIS\"><title>あさひ市例規集</title>\n<script>var x = '第1条';</script></head>\n<body>\n<div class=\"law\">\n")
	for _, l := range strings.Split(string(text), "\n") {
		page.WriteString("<p>" + strings.ReplaceAll(l, "&", "&amp;") + "</p>\n")
	}
	page.WriteString("</div></body></html>\n")
	sjis, _, err := transform.Bytes(japanese.ShiftJIS.NewEncoder(), page.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, rep, err := Convert(sjis, Options{Key: "asahi-kijun"})
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	want, _ := convertAsahi(t)
	if len(got.Provisions) != len(want.Provisions) {
		t.Fatalf("provisions: got %d, want %d", len(got.Provisions), len(want.Provisions))
	}
	for i := range want.Provisions {
		if g, w := got.Provisions[i], want.Provisions[i]; g.ID != w.ID || g.Text != w.Text || g.Title != w.Title {
			t.Errorf("provision %d: got %s %q, want %s %q", i, g.ID, g.Text, w.ID, w.Text)
		}
	}
	// The page's <title> is metadata at line 2; 目次 is text line 7, page line 12.
	var tocLine int
	for _, n := range rep.Notes {
		if n.Use == UseTOC && n.Text == "目次" {
			tocLine = n.Line
		}
	}
	if tocLine != 12 {
		t.Errorf("目次 reported at line %d, want 12 (its line in the HTML file)", tocLine)
	}
}
