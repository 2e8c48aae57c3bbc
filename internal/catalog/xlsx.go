package catalog

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"kijun/internal/sheets"
)

// xlsxColumns are the header and width of each column of WriteXLSX.
var xlsxColumns = []sheets.TableColumn{
	{Header: "ID", Width: 14}, {Header: "種別", Width: 8}, {Header: "見出し", Width: 28},
	{Header: "本文", Width: 80}, {Header: "対象者", Width: 24}, {Header: "規定の種類", Width: 12},
	{Header: "運用方法", Width: 36}, {Header: "参照", Width: 16}, {Header: "実装", Width: 12},
}

// WriteXLSX writes c as a spreadsheet: one row per provision under a
// Japanese header row, frozen, with an autofilter and wrapped text.
func WriteXLSX(w io.Writer, c *Catalog) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "規定"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	rows := make([][]any, len(c.Provisions))
	for i, p := range c.Provisions {
		rows[i] = []any{p.ID, p.Kind.Label(), p.Title, provisionText(p), JoinRoles(p.Obliges, "、"), p.Force.Label(),
			operationText(p.Operations), strings.Join(p.Refs, ", "), strings.Join(p.ImplementedBy, ", ")}
	}
	if err := sheets.WriteTable(f, sheet, xlsxColumns, rows); err != nil {
		return err
	}
	if len(rows) > 0 {
		wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
		if err != nil {
			return fmt.Errorf("create style: %w", err)
		}
		last, _ := excelize.ColumnNumberToName(len(xlsxColumns))
		if err := f.SetCellStyle(sheet, "A2", fmt.Sprintf("%s%d", last, len(rows)+1), wrap); err != nil {
			return fmt.Errorf("style rows: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// provisionText is the text with a table written out as lines of cells.
func provisionText(p Provision) string {
	if p.Table == nil {
		return p.Text
	}
	lines := []string{strings.Join(p.Table.Columns, " | ")}
	for _, r := range p.Table.Rows {
		var cells []string
		for _, c := range r.Cells {
			s := c.Text
			for _, item := range c.List {
				s += " ・" + item
			}
			cells = append(cells, s)
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	if p.Text != "" {
		lines = append([]string{p.Text}, lines...)
	}
	return strings.Join(lines, "\n")
}

func operationText(ops []Operation) string {
	out := make([]string, len(ops))
	for i, op := range ops {
		out[i] = op.Describe()
	}
	return strings.Join(out, "\n")
}
