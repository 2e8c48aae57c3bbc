package sheets

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// TableColumn is one column of a table a report writes: its header and
// its width in characters.
type TableColumn struct {
	Header string
	Width  float64
}

// HeaderStyle adds to f the style of a table's header cells, bold on pale
// blue, and returns its id, so every report's headers look alike.
func HeaderStyle(f *excelize.File) (int, error) {
	style, err := f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
	})
	if err != nil {
		return 0, fmt.Errorf("create header style: %w", err)
	}
	return style, nil
}

// WriteTable writes a header row of cols and then rows to sheet, which
// must exist, with the columns' widths, the header styled by HeaderStyle
// and frozen, and filters on over the header and at least one row below
// it. Rows may be shorter than cols.
func WriteTable(f *excelize.File, sheet string, cols []TableColumn, rows [][]any) error {
	if len(cols) == 0 {
		return fmt.Errorf("write %s: a table needs columns", sheet)
	}
	bold, err := HeaderStyle(f)
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	header := make([]any, len(cols))
	for i, col := range cols {
		header[i] = col.Header
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, col.Width); err != nil {
			return fmt.Errorf("set width of %s!%s: %w", sheet, name, err)
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return fmt.Errorf("write %s header: %w", sheet, err)
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return fmt.Errorf("style %s header: %w", sheet, err)
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &r); err != nil {
			return fmt.Errorf("write %s row %d: %w", sheet, i+2, err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze %s header: %w", sheet, err)
	}
	if err := f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", last, max(len(rows), 1)+1), nil); err != nil {
		return fmt.Errorf("set %s filter: %w", sheet, err)
	}
	return nil
}
