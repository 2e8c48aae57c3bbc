package convert

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"
)

// line is one line of the input's text with its 1-based line number in the
// file as given (for HTML, the line of the source where the text starts).
type line struct {
	n    int
	text string
}

// decode turns the file into lines of UTF-8 text. It accepts UTF-8 (with
// or without a byte-order mark) and Shift_JIS; HTML is reduced to the text
// of its block elements, one line per block.
func decode(data []byte) ([]line, bool, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		u, _, err := transform.Bytes(japanese.ShiftJIS.NewDecoder(), data)
		if err != nil || !utf8.Valid(u) {
			return nil, false, &Error{Line: 0, Reason: "文字コードが UTF-8 でも Shift_JIS でもない (text is neither UTF-8 nor Shift_JIS)"}
		}
		data = u
	}
	if strings.ContainsRune(string(data), 0) {
		return nil, false, &Error{Line: 0, Reason: "テキストファイルではない (binary data, not text)"}
	}
	if isHTML(data) {
		ls := htmlLines(data)
		return ls, true, nil
	}
	var out []line
	for i, l := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		out = append(out, line{n: i + 1, text: strings.TrimRight(l, "\r")})
	}
	return out, false, nil
}

func isHTML(data []byte) bool {
	head := strings.ToLower(string(data[:min(len(data), 1024)]))
	head = strings.TrimSpace(head)
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<html") || strings.Contains(head, "<body")
}

// blocks are the elements that end a line of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Dt: true, atom.Dd: true, atom.Table: true,
	atom.Ul: true, atom.Ol: true, atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Pre: true,
	atom.Hr: true, atom.Title: true,
}

// htmlLines reads HTML token by token, so that each line of text keeps the
// source line it started on. Script, style and the like are not text; a
// table cell ends with a tab, as tables read from text do; inside <pre> a
// newline ends a line, elsewhere it is only layout.
func htmlLines(data []byte) []line {
	z := html.NewTokenizer(bytes.NewReader(data))
	srcLine := 1
	var out []line
	var cur strings.Builder
	curLine := 0
	skip, pre := 0, 0
	flush := func() {
		t := strings.TrimRight(cur.String(), " \t")
		if strings.TrimSpace(t) != "" {
			out = append(out, line{n: curLine, text: t})
		}
		cur.Reset()
		curLine = 0
	}
	for {
		tt := z.Next()
		raw := z.Raw()
		start := srcLine
		srcLine += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken: // io.EOF, or a page cut short: keep what was read
			flush()
			return out
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			open := tt == html.StartTagToken
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
				if open {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			case atom.Td, atom.Th:
				if tt == html.EndTagToken {
					cur.WriteString("\t")
				}
				continue
			case atom.Pre:
				if open {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			}
			if blocks[a] {
				flush()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := strings.ReplaceAll(html.UnescapeString(string(z.Text())), "\u00a0", " ")
			for i, part := range strings.Split(text, "\n") {
				if i > 0 && pre > 0 {
					flush()
				}
				if strings.TrimSpace(part) == "" {
					continue
				}
				if curLine == 0 {
					curLine = start + i
				}
				if pre == 0 {
					part = strings.TrimSpace(part)
				}
				cur.WriteString(part)
			}
		}
	}
}
