package kijun

import (
	"fmt"
	"slices"
	"strings"
)

// RowError is what is wrong with one cell or row of an imported file.
type RowError struct {
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

// String writes the error in Japanese, naming sheet, row and column.
func (e RowError) String() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "シート「%s」", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, "%d 行目", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, "、列「%s」", e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// ImportError lists everything wrong with an imported file. Imports are all
// or nothing: nothing is written while there is any.
type ImportError struct {
	// What names the file in the message, such as 人事異動ファイル.
	What   string
	Errors []RowError
}

// Error summarises the errors in Japanese.
func (e *ImportError) Error() string {
	what := e.What
	if what == "" {
		what = "ファイル"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%sに %d 件の誤りがあるため、何も取り込んでいません", what, len(e.Errors))
	for i, re := range e.Errors {
		if i == 5 {
			fmt.Fprintf(&b, "／ほか %d 件", len(e.Errors)-5)
			break
		}
		b.WriteString("／")
		b.WriteString(re.String())
	}
	return b.String()
}

// Add records an error at a row and column.
func (e *ImportError) Add(sheet string, row int, column, format string, args ...any) {
	e.Errors = append(e.Errors, RowError{Sheet: sheet, Row: row, Column: column, Reason: fmt.Sprintf(format, args...)})
}

// AsError returns the import error as an EINVALID error, or nil when there
// are no errors.
func (e *ImportError) AsError() error {
	if e == nil || len(e.Errors) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: e.Error(), Err: e}
}

// FieldError is what is wrong with one field of a form or record, in
// Japanese.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// FieldErrors lists the fields of a record that are wrong. Forms show each
// message beside its field.
type FieldErrors struct{ Fields []FieldError }

func (e *FieldErrors) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Message
	}
	return strings.Join(parts, "。")
}

// AsError returns the field errors as an EINVALID error, or nil when there
// are none.
func (e *FieldErrors) AsError() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: e.Error(), Err: e}
}

// Add records a field's error.
func (e *FieldErrors) Add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Merge adds other's errors to e, keeping them in row order.
func (e *ImportError) Merge(other *ImportError) {
	if other == nil {
		return
	}
	e.Errors = append(e.Errors, other.Errors...)
	slices.SortStableFunc(e.Errors, func(a, b RowError) int { return a.Row - b.Row })
}
