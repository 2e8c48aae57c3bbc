package soa

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"kijun/internal/sheets"
)

var xlsxColumns = []sheets.TableColumn{
	{Header: "条項", Width: 14}, {Header: "章", Width: 6}, {Header: "見出し", Width: 36}, {Header: "状態", Width: 10},
	{Header: "種類", Width: 12}, {Header: "名前", Width: 32}, {Header: "内容", Width: 40}, {Header: "リンク", Width: 40},
}

var countColumns = []sheets.TableColumn{{Header: "章", Width: 36}, {Header: "条項数", Width: 8}, {Header: "実装", Width: 8}}

// WriteXLSX writes the statement as a workbook: a sheet of chapter counts
// and a sheet with one row per provision and support (a provision nothing
// supports has one row marked 本文のみ). base is prefixed to the links.
func WriteXLSX(w io.Writer, st *Statement, base string) error {
	f := excelize.NewFile()
	defer f.Close()
	const summary, detail = "章別", "適用宣言"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	if _, err := f.NewSheet(detail); err != nil {
		return fmt.Errorf("add sheet: %w", err)
	}
	cols := append([]sheets.TableColumn{}, countColumns...)
	for _, k := range Kinds() {
		cols = append(cols, sheets.TableColumn{Header: k.Label(), Width: 10})
	}
	cols = append(cols, sheets.TableColumn{Header: "本文のみ", Width: 10})
	var counts [][]any
	for _, n := range append(append([]Count{}, st.Chapters...), st.Total) {
		name := n.ID + " " + n.Title
		if n.ID == "" {
			name = "計"
		}
		row := []any{name, n.Provisions, n.Supported}
		for _, k := range Kinds() {
			row = append(row, n.ByKind[k])
		}
		counts = append(counts, append(row, n.TextOnly()))
	}
	if err := sheets.WriteTable(f, summary, cols, counts); err != nil {
		return err
	}
	var rows [][]any
	for _, r := range st.Rows {
		p := r.Provision
		head := Headline(p.Title, p.Text)
		if !r.Supported() {
			rows = append(rows, []any{p.ID, r.Chapter, head, "本文のみ", "", "", "", ""})
			continue
		}
		for _, s := range r.Supports {
			link := ""
			if s.Link != "" {
				link = base + s.Link
			}
			rows = append(rows, []any{p.ID, r.Chapter, head, "実装", s.Kind.Label(), s.Name, strings.TrimSpace(s.Title), link})
		}
	}
	if err := sheets.WriteTable(f, detail, xlsxColumns, rows); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}
