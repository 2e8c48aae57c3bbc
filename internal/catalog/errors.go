package catalog

import (
	"fmt"
	"strings"
)

// maxProblems caps the problems one ParseError reports, so that a broken
// file does not produce thousands of lines.
const maxProblems = 100

// Problem is one thing wrong in a catalog or mapping file.
type Problem struct {
	// File is the name the data was loaded under.
	File string
	// Line is the 1-based line of the problem, or 0 when unknown.
	Line int
	// ID is the provision (or mapping) concerned, if any.
	ID string
	// Reason says what is wrong, in Japanese with English in parentheses.
	Reason string
}

// String formats the problem as file:line: [id] reason.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.ID != "" {
		fmt.Fprintf(&b, "%s: ", p.ID)
	}
	b.WriteString(p.Reason)
	return b.String()
}

// ParseError is the error Parse and ParseMappings return for invalid data:
// every problem found, up to a cap.
type ParseError struct {
	// Problems are the problems found, in the order of the file.
	Problems []Problem
	// Truncated reports whether more problems were found than listed.
	Truncated bool
}

// Error returns one problem per line.
func (e *ParseError) Error() string {
	lines := make([]string, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	if e.Truncated {
		lines = append(lines, fmt.Sprintf("... (more than %d problems)", maxProblems))
	}
	return strings.Join(lines, "\n")
}

// problems collects Problems for one file.
type problems struct {
	file string
	err  ParseError
}

func (ps *problems) add(line int, id, format string, args ...any) {
	if len(ps.err.Problems) >= maxProblems {
		ps.err.Truncated = true
		return
	}
	ps.err.Problems = append(ps.err.Problems, Problem{File: ps.file, Line: line, ID: id, Reason: fmt.Sprintf(format, args...)})
}

func (ps *problems) result() error {
	if len(ps.err.Problems) == 0 {
		return nil
	}
	e := ps.err
	return &e
}
