package convert

import (
	"fmt"
	"strings"
)

// Error is input the converter cannot read as a standard: a file in neither
// shape, numbering that jumps or repeats, an HTML page that is not an
// article page. Nothing is converted when it is returned.
type Error struct {
	// Line is the 1-based line of the input, or 0 for the file as a whole.
	Line int
	// Reason says what is wrong, in Japanese with English in parentheses.
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d 行: %s", e.Line, e.Reason)
	}
	return e.Reason
}

func errorf(n int, format string, args ...any) *Error {
	return &Error{Line: n, Reason: fmt.Sprintf(format, args...)}
}

// Use says what became of a line that is not part of a provision's text.
type Use string

// The uses a Report gives lines that no provision holds.
const (
	// UseMetadata is a line read as the standard's title, issuer, dates or
	// revision history.
	UseMetadata Use = "metadata"
	// UseTOC is a line of the 目次, read for the structure and not kept as
	// text.
	UseTOC Use = "toc"
	// UseSupplement is a line of the 附則, which is not a provision of the
	// standard itself.
	UseSupplement Use = "supplement"
	// UseUnplaced is a line that fits no level of the standard.
	UseUnplaced Use = "unplaced"
	// UseRepair is a repair of the text that was applied.
	UseRepair Use = "repair"
	// UseReference is a reference in the text that names no provision.
	UseReference Use = "reference"
)

// Note is one entry of the Report.
type Note struct {
	// Line is the 1-based line of the input; 0 when the note is about a
	// provision rather than a line.
	Line int
	// ID is the provision concerned, if any.
	ID string
	// Use says what became of the line.
	Use Use
	// Text is the line (or the words) concerned.
	Text string
	// Reason explains, in Japanese with English in parentheses.
	Reason string
}

// Report accounts for every line of the input that no provision holds as
// text, so that nothing is dropped without a word.
type Report struct {
	// Shape is "numbered" or "articles".
	Shape string
	// Notes are the lines and references the report accounts for, in
	// input order.
	Notes []Note
}

func (r *Report) add(n int, id string, use Use, text, format string, args ...any) {
	r.Notes = append(r.Notes, Note{Line: n, ID: id, Use: use, Text: strings.TrimSpace(text), Reason: fmt.Sprintf(format, args...)})
}

// Count returns how many notes have the given use.
func (r *Report) Count(u Use) int {
	n := 0
	for _, x := range r.Notes {
		if x.Use == u {
			n++
		}
	}
	return n
}

// Doubtful returns the notes a person should read: lines that could not be
// placed and references that name no provision.
func (r *Report) Doubtful() []Note {
	var out []Note
	for _, x := range r.Notes {
		if x.Use == UseUnplaced || x.Use == UseReference {
			out = append(out, x)
		}
	}
	return out
}
