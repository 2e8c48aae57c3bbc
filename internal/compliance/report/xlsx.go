package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/compliance"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The workbook's sheets.
const (
	FindingsSheet = "指摘事項"
	SummarySheet  = "集計"
)

// findingColumns are the header and width of each column of the findings
// sheet. 解消 is blank for an open finding; an export with closed ones
// (--all) needs it to tell them apart.
var findingColumns = []sheets.TableColumn{
	{Header: "重大度", Width: 8}, {Header: "条項", Width: 14}, {Header: "ルール", Width: 22},
	{Header: "対象の種類", Width: 14}, {Header: "対象", Width: 18}, {Header: "名称", Width: 28},
	{Header: "課", Width: 24}, {Header: "責任者", Width: 22}, {Header: "指摘", Width: 60}, {Header: "詳細", Width: 36},
	{Header: "初回検出", Width: 17}, {Header: "最終確認", Width: 17}, {Header: "例外措置", Width: 18},
	{Header: "解消", Width: 17},
}

// summaryColumns count the open findings of each chapter by severity, and
// beside them those accepted and those closed.
var summaryColumns = []sheets.TableColumn{
	{Header: "章", Width: 6}, {Header: "章名", Width: 36}, {Header: "高", Width: 8},
	{Header: "中", Width: 8}, {Header: "低", Width: 8}, {Header: "計", Width: 8},
	{Header: "うち例外措置", Width: 14}, {Header: "解消済み", Width: 10},
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
			m.unit(fd.Unit), fd.Responsible, fd.Message, fd.Detail, excelTime(fd.FirstSeen), excelTime(fd.LastSeen), fd.Accepted, excelTime(fd.ClosedAt)}
	}
	if err := sheets.WriteTable(f, FindingsSheet, findingColumns, rows); err != nil {
		return err
	}
	if len(rows) > 0 {
		for _, col := range []string{"K", "L", "N"} { // 初回検出, 最終確認, 解消
			if err := f.SetCellStyle(FindingsSheet, col+"2", fmt.Sprintf("%s%d", col, len(rows)+1), date); err != nil {
				return fmt.Errorf("style dates: %w", err)
			}
		}
	}
	if err := sheets.WriteTable(f, SummarySheet, summaryColumns, summaryRows(findings, m)); err != nil {
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
