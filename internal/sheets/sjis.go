package sheets

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// Substitute is what a Shift_JIS export writes for a character Shift_JIS
// cannot hold (𠮷, an emoji, é), as the 〓 of Japanese typesetting.
const Substitute = "〓"

// bestFit maps characters Shift_JIS lacks to the ones Excel and Windows
// write for them (the JIS and Microsoft mappings of the same byte).
var bestFit = map[rune]rune{
	'\u2212': '－', // minus sign
	'\u301c': '～', // wave dash
	'\u2016': '∥', // double vertical line
	'\u00a2': '￠', '\u00a3': '￡', '\u00ac': '￢',
	'\u2014': '―', // em dash
	'\u00a5': '￥', // yen sign
}

// Counted wraps the io.Writer a file is exported to; a Shift_JIS export
// counts in it the cells whose characters it had to change, so that the
// caller can tell the person (the CLI prints it, a download names it).
type Counted struct {
	W io.Writer
	// Substituted is the number of cells changed.
	Substituted int
	// First names the first cell changed: its row and column heading.
	First string
}

// Write writes p to W.
func (c *Counted) Write(p []byte) (int, error) { return c.W.Write(p) }

// Notice says in Japanese what was changed, or "" when nothing was.
func (c *Counted) Notice() string {
	if c.Substituted == 0 {
		return ""
	}
	return fmt.Sprintf("Shift_JIS で表せない文字を含むセル %d 件の文字を %s などに置き換えました（最初は %s）。元の文字のままにするには CSV (UTF-8) 又は Excel 形式で出力してください",
		c.Substituted, Substitute, c.First)
}

// toShiftJIS returns s with every character Shift_JIS cannot hold
// replaced, and whether any was.
func toShiftJIS(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s, false
	}
	if _, err := japanese.ShiftJIS.NewEncoder().String(s); err == nil {
		return s, false
	}
	enc := japanese.ShiftJIS.NewEncoder()
	var b strings.Builder
	for _, r := range s {
		if f, ok := bestFit[r]; ok {
			r = f
		}
		if _, err := enc.String(string(r)); err != nil {
			b.WriteString(Substitute)
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), true
}
