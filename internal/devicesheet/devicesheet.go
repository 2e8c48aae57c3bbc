// Package devicesheet reads and writes the registers of chapter 6 as
// spreadsheets: the 機器台帳, the 電磁的記録媒体台帳 and the 管理区域台帳,
// each as .xlsx or CSV in UTF-8 or Shift_JIS with Japanese headings. An
// import reads every row first; the store writes all or nothing.
package devicesheet

import (
	"context"
	"io"

	"kijun/internal/sheets"
	"kijun/internal/store"
)

// MaxSize is the largest file read: a city's 50,000 devices fit in it.
const MaxSize = 32 << 20

// limits bound a read: three times the city's devices.
var limits = sheets.LimitsFor(MaxSize, 150_000)

// Register is one register as a spreadsheet.
type Register[T any] struct {
	// Sheet is the name of the register's sheet, and of the register.
	Sheet string
	// File is the base of the names of exported files.
	File    string
	columns []sheets.Column
	read    func(sheets.Cells) T
	cells   func(T) []any
	example []any
	imp     func(db *store.DB, ctx context.Context, g store.Gate, sheet string, rows []store.Row[T], columns map[string]string, dryRun bool) (*store.ImportPlan, error)
	each    func(db *store.DB, ctx context.Context, f store.RegisterFilter, fn func(T) error) error
}

// Headings returns the column headings in order.
func (r *Register[T]) Headings() []string {
	var out []string
	for _, c := range r.columns {
		out = append(out, c.Heading)
	}
	return out
}

// HeadingOf maps each field to its column heading, for errors.
func (r *Register[T]) HeadingOf() map[string]string { return sheets.HeadingOf(r.columns) }

// Read reads the rows of a register file. A missing heading, or a cell
// that cannot be read as its column's type, is an EINVALID error wrapping
// a *kijun.ImportError naming every such cell; the rules of each item are
// checked by the store with the rest.
func (r *Register[T]) Read(name string, data []byte) (string, []store.Row[T], error) {
	var out []store.Row[T]
	sheet, err := sheets.ReadRegister(name, data, r.Sheet, r.Sheet, limits, r.columns, func(c sheets.Cells) {
		out = append(out, store.Row[T]{Line: c.Line, Item: r.read(c)})
	})
	if err != nil {
		return sheet, nil, err
	}
	return sheet, out, nil
}

// Import reads a register file and imports it, all or nothing; the store
// asks g about every row's 課 before and after. Call it through package
// registers, which builds g.
func (r *Register[T]) Import(ctx context.Context, db *store.DB, g store.Gate, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	sheet, rows, err := r.Read(name, data)
	if err != nil {
		return nil, err
	}
	return r.imp(db, ctx, g, sheet, rows, r.HeadingOf(), dryRun)
}

// Export writes the register, filtered, in format (sheets.XLSX, CSVUTF8 or
// CSVSJIS) to w, in the template's columns, so that an export imports
// back unchanged.
func (r *Register[T]) Export(ctx context.Context, db *store.DB, f store.RegisterFilter, format string, w io.Writer) error {
	return sheets.WriteRegister(w, format, r.Sheet, r.columns, func(row func(...any) error) error {
		return r.each(db, ctx, f, func(v T) error { return row(r.cells(v)...) })
	})
}

// WriteTemplate writes an empty register with its headings and an example
// row to w as .xlsx.
func (r *Register[T]) WriteTemplate(w io.Writer) error {
	return sheets.WriteRegister(w, sheets.XLSX, r.Sheet, r.columns, func(row func(...any) error) error {
		return row(r.example...)
	})
}

// Upsert imports rows already read (the API's bulk write), all or nothing,
// by the same rules as a file; each refusal names the row and the field by
// its own name, as the caller sent it.
func (r *Register[T]) Upsert(ctx context.Context, db *store.DB, g store.Gate, sheet string, rows []store.Row[T], dryRun bool) (*store.ImportPlan, error) {
	cols := map[string]string{}
	for field := range r.HeadingOf() {
		cols[field] = field
	}
	return r.imp(db, ctx, g, sheet, rows, cols, dryRun)
}
