package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/compliance"
	"kijun/internal/store"
)

// The workbook's sheets.
const (
	FindingsSheet = "指摘事項"
	SummarySheet  = "集計"
)

type column struct {
	header string
	width  float64
}

// findingColumns are the header and width of each column of the findings
// sheet. 解消 is blank for an open finding; an export with closed ones
// (--all) needs it to tell them apart.
var findingColumns = []column{
	{"重大度", 8}, {"条項", 14}, {"ルール", 22}, {"対象の種類", 14}, {"対象", 18}, {"名称", 28}, {"課", 24},
	{"指摘", 60}, {"詳細", 36}, {"初回検出", 17}, {"最終確認", 17}, {"例外措置", 18}, {"解消", 17},
}

// summaryColumns count the open findings of each chapter by severity, and
// beside them those accepted and those closed.
var summaryColumns = []column{
	{"章", 6}, {"章名", 36}, {"高", 8}, {"中", 8}, {"低", 8}, {"計", 8}, {"うち例外措置", 14}, {"解消済み", 10},
}

// dateFormat shows a date and time cell; the times are written in JST.
const dateFormat = "yyyy-mm-dd hh:mm"

// WriteXLSX writes findings as a workbook: the sheet 指摘事項 with one row
// per finding in the order given, and the sheet 集計 counting the open
// findings of each chapter by severity. Times are in JST; both sheets have
// a frozen header row and filters.
func WriteXLSX(w io.Writer, findings []store.StoredFinding, m Meta) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", FindingsSheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	if _, err := f.NewSheet(SummarySheet); err != nil {
		return fmt.Errorf("add sheet: %w", err)
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(dateFormat), Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("create style: %w", err)
	}
	rows := make([][]any, len(findings))
	for i, fd := range findings {
		rows[i] = []any{fd.Severity.Label(), fd.Provision, fd.Rule, fd.Kind.Label(), subjectID(fd.Subject), fd.SubjectName,
			m.unit(fd.Unit), fd.Message, fd.Detail, excelTime(fd.FirstSeen), excelTime(fd.LastSeen), fd.Accepted, excelTime(fd.ClosedAt)}
	}
	if err := writeTable(f, FindingsSheet, findingColumns, rows); err != nil {
		return err
	}
	if len(rows) > 0 {
		for _, col := range []string{"J", "K", "M"} { // 初回検出, 最終確認, 解消
			if err := f.SetCellStyle(FindingsSheet, col+"2", fmt.Sprintf("%s%d", col, len(rows)+1), date); err != nil {
				return fmt.Errorf("style dates: %w", err)
			}
		}
	}
	if err := writeTable(f, SummarySheet, summaryColumns, summaryRows(findings, m)); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// summaryRows counts the findings of each chapter, in chapter order, and
// a total.
func summaryRows(findings []store.StoredFinding, m Meta) [][]any {
	type count struct {
		bySeverity         map[compliance.Severity]int
		open, accepted, up int
	}
	counts := map[string]*count{}
	var chapters []string
	total := &count{bySeverity: map[compliance.Severity]int{}}
	for _, fd := range findings {
		ch := chapter(fd.Provision)
		c := counts[ch]
		if c == nil {
			c = &count{bySeverity: map[compliance.Severity]int{}}
			counts[ch] = c
			chapters = append(chapters, ch)
		}
		for _, c := range []*count{c, total} {
			switch {
			case !fd.ClosedAt.IsZero():
				c.up++
			default:
				c.bySeverity[fd.Severity]++
				c.open++
				if fd.Accepted != "" {
					c.accepted++
				}
			}
		}
	}
	slices.SortFunc(chapters, func(a, b string) int {
		var x, y int
		_, errA := fmt.Sscan(a, &x)
		_, errB := fmt.Sscan(b, &y)
		if errA != nil || errB != nil {
			return cmp.Compare(a, b)
		}
		return cmp.Compare(x, y)
	})
	row := func(ch, title string, c *count) []any {
		return []any{ch, title, c.bySeverity[compliance.SeverityHigh], c.bySeverity[compliance.SeverityMedium],
			c.bySeverity[compliance.SeverityLow], c.open, c.accepted, c.up}
	}
	var rows [][]any
	for _, ch := range chapters {
		title := ""
		if m.Catalog != nil {
			if p := m.Catalog.Find(ch); p != nil {
				title = p.Title
			}
		}
		rows = append(rows, row(ch, title, counts[ch]))
	}
	return append(rows, row("合計", "", total))
}

// writeTable writes a header row and rows to sheet, with the column widths,
// the header frozen and filters on.
func writeTable(f *excelize.File, sheet string, cols []column, rows [][]any) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return fmt.Errorf("create style: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	header := make([]any, len(cols))
	for i, col := range cols {
		header[i] = col.header
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, name, name, col.width); err != nil {
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

// excelTime is t as the wall clock in JST, which is what a spreadsheet
// shows: cells carry no time zone. The zero time is a blank cell.
func excelTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	j := jst(t)
	return time.Date(j.Year(), j.Month(), j.Day(), j.Hour(), j.Minute(), j.Second(), 0, time.UTC)
}

func ptr[T any](v T) *T { return &v }
