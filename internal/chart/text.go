package chart

import (
	"html"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// TextWidth estimates how wide s is drawn at size pixels in a sans-serif
// face: a full-width character (kanji, kana, full-width forms) is one em,
// others about six tenths of one. It errs wide, so that a box made to fit
// it is never too narrow.
func TextWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += size * runeWidth(r)
	}
	return w
}

func runeWidth(r rune) float64 {
	switch {
	case r < 0x20:
		return 0
	case r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r >= 0x3000 && r <= 0x303f || r >= 0xff01 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6):
		return 1
	case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '@':
		return 0.9
	case unicode.IsUpper(r) || unicode.IsDigit(r):
		return 0.68
	}
	return 0.6
}

// Clip shortens s to at most width pixels at size, ending it with "…"
// when it had to be cut. The full text belongs in a <title> beside it.
func Clip(s string, size, width float64) string {
	if TextWidth(s, size) <= width {
		return s
	}
	ell := TextWidth("…", size)
	w := 0.0
	for i, r := range s {
		w += size * runeWidth(r)
		if w+ell > width {
			return s[:i] + "…"
		}
	}
	return s
}

// esc escapes text for an SVG or HTML text node or attribute value.
func esc(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // replaces invalid bytes with U+FFFD
	}
	return html.EscapeString(s)
}

// num writes a coordinate with at most one decimal place.
func num(f float64) string {
	return strconv.FormatFloat(float64(int64(f*10+0.5*sign(f)))/10, 'f', -1, 64)
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// count writes a value as the tables and titles show it: whole numbers
// without a decimal point, others with one place.
func count(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
