package catalog

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxColumns are the header and width of each column of WriteXLSX.
var xlsxColumns = []struct {
	header string
	width  float64
}{
	{"ID", 14}, {"種別", 8}, {"見出し", 28}, {"本文", 80}, {"対象者", 24},
	{"規定の種類", 12}, {"運用方法", 36}, {"参照", 16}, {"実装", 12},
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
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("create style: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return fmt.Errorf("create style: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(xlsxColumns))
	header := make([]any, len(xlsxColumns))
	for i, col := range xlsxColumns {
		header[i] = col.header
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, col.width); err != nil {
			return fmt.Errorf("set width of %s: %w", name, err)
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	for i, p := range c.Provisions {
		row := []any{p.ID, p.Kind.Label(), p.Title, provisionText(p), JoinRoles(p.Obliges, "、"), p.Force.Label(),
			operationText(p.Operations), strings.Join(p.Refs, ", "), strings.Join(p.ImplementedBy, ", ")}
		cell := fmt.Sprintf("A%d", i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return fmt.Errorf("write %s: %w", p.ID, err)
		}
	}
	lastRow := len(c.Provisions) + 1
	if err := f.SetCellStyle(sheet, "A2", fmt.Sprintf("%s%d", last, lastRow), wrap); err != nil {
		return fmt.Errorf("style rows: %w", err)
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return fmt.Errorf("style header: %w", err)
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, lastRow), nil); err != nil {
		return fmt.Errorf("set autofilter: %w", err)
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
