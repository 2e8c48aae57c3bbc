package kijun

import (
	"path"
	"strings"
	"unicode/utf8"
)

// The usual limits of a text field, in characters. Each domain keeps the
// limits of its own fields in one place, from these.
const (
	// MaxName is a name, a title or a short line (a place, a person).
	MaxName = 200
	// MaxNote is a reason, a note or a short description.
	MaxNote = 2000
	// MaxText is free text: what happened, what was done.
	MaxText = 10000
)

// bidiControl reports whether c changes the direction text is shown in:
// the embeddings, overrides and isolates, and the marks. In a name they
// make "gpj.html" read as "lmth.jpg".
func bidiControl(c rune) bool {
	switch {
	case c == 0x061c, c == 0x200e, c == 0x200f:
		return true
	case c >= 0x202a && c <= 0x202e, c >= 0x2066 && c <= 0x2069:
		return true
	}
	return false
}

// control reports whether c is a control character: C0, DEL or C1.
func control(c rune) bool { return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) }

// Text adds field's error when value is longer than max characters or is
// not text a person can read as written: not UTF-8, a control character
// (a tab and line breaks only where multiline), or a character that turns
// the direction of the text (bidiControl). label names the field in the
// message.
func (e *FieldErrors) Text(field, label, value string, max int, multiline bool) {
	if n := utf8.RuneCountInString(value); n > max {
		e.Add(field, "%sは %d 文字以内にしてください（%d 文字あります）", label, max, n)
		return
	}
	e.Chars(field, label, value, multiline)
}

// Chars is Text without the length, for a field whose length is checked
// with its own message.
func (e *FieldErrors) Chars(field, label, value string, multiline bool) {
	if !utf8.ValidString(value) {
		e.Add(field, "%sに不正な文字コード（UTF-8 でないもの）が含まれています", label)
		return
	}
	for _, c := range value {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			if !multiline {
				e.Add(field, "%sは 1 行で入力してください（タブ・改行は使えません）", label)
				return
			}
		case control(c):
			e.Add(field, "%sに制御文字（U+%04X）が含まれています。削除してください", label, c)
			return
		case bidiControl(c):
			e.Add(field, "%sに文字の向きを変える制御文字（U+%04X）が含まれています。表示と実際の文字が違って見えるため使えません", label, c)
			return
		}
	}
}

// FileName returns an uploaded file's name as Kijun keeps and shows it:
// the last element of its path, without control characters, quotes or
// direction controls (so "gpj.html" cannot show as "lmth.jpg"), and at
// most MaxName characters, keeping the extension. It is "file" when
// nothing is left.
func FileName(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = path.Base(strings.ReplaceAll(s, "\\", "/"))
	s = strings.Map(func(c rune) rune {
		if control(c) || bidiControl(c) || c == '"' {
			return -1
		}
		return c
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > MaxName {
		ext := []rune(path.Ext(s))
		if len(ext) > 20 {
			ext = nil
		}
		s = strings.TrimSpace(string(r[:MaxName-len(ext)]) + string(ext))
	}
	if s == "" || s == "." || s == ".." || s == "/" {
		return "file"
	}
	return s
}

// Printable is s made safe to name in a message: bytes that are not UTF-8,
// control and direction characters become "?".
func Printable(s string) string {
	return strings.Map(func(c rune) rune {
		if control(c) || bidiControl(c) {
			return '?'
		}
		return c
	}, strings.ToValidUTF8(s, "?"))
}
