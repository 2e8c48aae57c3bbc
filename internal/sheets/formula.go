package sheets

import "strings"

// A spreadsheet program reads a CSV cell that begins with one of these as
// a formula (=HYPERLINK(...) opens a link, =cmd|... runs a program on old
// Excel): OWASP's "CSV Injection" lists them.
const formulaStart = "=+-@\t\r"

// needsQuote reports whether s, with any quotes it starts with taken off,
// begins like a formula. Counting the quotes makes EscapeFormula and
// UnescapeFormula exact inverses: a text that really begins with '= is
// written ”= and read back as '=.
func needsQuote(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0
}

// EscapeFormula returns a text cell as a CSV file must hold it so that no
// spreadsheet program runs it: with a single quote before it when it
// begins like a formula, as OWASP recommends. Every CSV Kijun writes goes
// through it (csvWriter); a workbook holds such a text as a string cell,
// which is never a formula.
func EscapeFormula(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// UnescapeFormula undoes EscapeFormula, so that a register exported and
// imported again keeps its texts: it takes off one quote only where
// EscapeFormula would have put one. A file made elsewhere that holds
// =HYPERLINK(...) is read as that text, and is quoted again on export.
func UnescapeFormula(s string) string {
	if strings.HasPrefix(s, "'") && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}
