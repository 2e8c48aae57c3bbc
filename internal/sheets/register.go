package sheets

import (
	"errors"
	"io"
	"strings"

	"kijun/internal/kijun"
)

// Column is one column of a register's sheet: its heading, the field of
// the item it holds, and whether a file must have it.
type Column struct {
	Heading  string
	Field    string
	Required bool
}

// HeadingOf maps each field to its column's heading, for errors.
func HeadingOf(cols []Column) map[string]string {
	m := map[string]string{}
	for _, c := range cols {
		m[c.Field] = c.Heading
	}
	return m
}

// Cells is one row being read: its cells by heading, and where to say
// what is wrong with them.
type Cells struct {
	Sheet string
	Line  int
	rec   []string
	idx   map[string]int
	ie    *kijun.ImportError
}

// Get returns the cell under heading h, trimmed; "" when there is none.
func (c Cells) Get(h string) string {
	j, ok := c.idx[h]
	if !ok || j >= len(c.rec) {
		return ""
	}
	return strings.TrimSpace(c.rec[j])
}

// Bad says the cell under heading h cannot be read.
func (c Cells) Bad(h, format string, args ...any) {
	c.ie.Add(c.Sheet, c.Line, h, format, args...)
}

// Bool reads the cell under h as yes or no: ○, はい, 有, 1, TRUE are yes;
// blank, ×, いいえ, 無, 0, FALSE are no; anything else is an error.
func (c Cells) Bool(h string) bool {
	switch v := c.Get(h); strings.ToLower(v) {
	case "○", "〇", "はい", "有", "あり", "1", "true", "yes":
		return true
	case "", "×", "いいえ", "無", "なし", "0", "false", "no":
		return false
	default:
		c.Bad(h, "%s %q は ○ か × で書いてください", h, v)
		return false
	}
}

// YesNo is how a Writer writes a yes-or-no cell, which Cells.Bool reads
// back.
func YesNo(b bool) string {
	if b {
		return "○"
	}
	return "×"
}

// ReadRegister reads a register file whose first row holds the headings.
// A missing required heading stops it; then row is called for every row
// that is not blank. Every cell that row reports as bad, and every
// missing heading, makes an EINVALID error wrapping a *kijun.ImportError
// that names them all (what names the register in its message); so does a
// row with a broken character, which is not passed to row. A file past
// lim is refused whole. It returns the sheet's name for later errors.
func ReadRegister(name string, data []byte, prefer, what string, lim Limits, cols []Column, row func(Cells)) (string, error) {
	t, err := Open(name, data, prefer, lim)
	if err != nil {
		return "", err
	}
	defer t.Close()
	ie := &kijun.ImportError{What: what}
	head, err := t.Next()
	if err == io.EOF {
		ie.Add(t.Sheet, 1, "", "見出し行がありません（テンプレートを使ってください）")
		return t.Sheet, ie.AsError()
	}
	if AddBadText(ie, err, nil) {
		return t.Sheet, ie.AsError()
	}
	if err != nil {
		return t.Sheet, err
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimSpace(h)] = i
	}
	for _, c := range cols {
		if _, ok := idx[c.Heading]; !ok && c.Required {
			ie.Add(t.Sheet, 1, c.Heading, "見出し「%s」の列がありません", c.Heading)
		}
	}
	if err := ie.AsError(); err != nil {
		return t.Sheet, err
	}
	for {
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		if AddBadText(ie, err, head) {
			continue
		}
		if err != nil {
			return t.Sheet, err
		}
		if Empty(rec) {
			continue
		}
		row(Cells{Sheet: t.Sheet, Line: t.Line, rec: rec, idx: idx, ie: ie})
	}
	return t.Sheet, ie.AsError()
}

// AddBadText adds to ie an error for each cell a *BadTextError names, under
// its heading when head has one, and reports whether err was one.
func AddBadText(ie *kijun.ImportError, err error, head []string) bool {
	var bad *BadTextError
	if !errors.As(err, &bad) {
		return false
	}
	for _, col := range bad.Columns {
		h := ""
		if col <= len(head) {
			h = strings.TrimSpace(head[col-1])
		}
		ie.Add(bad.Sheet, bad.Line, h, "%d 列目に %s として読めない文字があります（文字化け）。この行は取り込みません。ファイルを保存し直してください", col, bad.Encoding)
	}
	return true
}

// WriteRegister writes a register in format to w: the headings of cols,
// then the rows each calls row with.
func WriteRegister(w io.Writer, format, sheet string, cols []Column, each func(row func(cells ...any) error) error) (err error) {
	sw, err := NewWriter(w, format, sheet)
	if err != nil {
		return err
	}
	defer func() {
		if x, ok := sw.(*xlsxWriter); ok && err != nil {
			x.f.Close() // its temporary file
		}
	}()
	head := make([]any, 0, len(cols))
	for _, c := range cols {
		head = append(head, c.Heading)
	}
	if err := sw.Row(head...); err != nil {
		return err
	}
	if err := each(sw.Row); err != nil {
		return err
	}
	return sw.Close()
}
