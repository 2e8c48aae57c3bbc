// Package incidentsheet writes the CISO's yearly incident report as a
// spreadsheet: the figures of the year and every incident in it.
package incidentsheet

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"kijun/internal/incidents"
	"kijun/internal/sheets"
	"kijun/internal/wareki"
)

// listColumns are the header and width of each column of the sheet 一覧.
var listColumns = []sheets.TableColumn{
	{Header: "番号", Width: 8}, {Header: "件名", Width: 40}, {Header: "種類", Width: 18},
	{Header: "原因", Width: 26}, {Header: "重要度", Width: 8}, {Header: "状況", Width: 18},
	{Header: "判明した日時", Width: 17}, {Header: "報告者の所属課", Width: 16}, {Header: "訓練", Width: 6},
}

// WriteYear writes the report of the fiscal year named year: a sheet of
// figures (drills and reports that were not incidents left out, 7.2.3)
// and a sheet listing every report of the year, drills marked.
func WriteYear(w io.Writer, year string, s incidents.Stats, rows []incidents.StatRow) error {
	f := excelize.NewFile()
	defer f.Close()
	sum := "集計"
	if err := f.SetSheetName("Sheet1", sum); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	bold, err := sheets.HeaderStyle(f)
	if err != nil {
		return err
	}
	lines := [][]any{
		{year + " 情報セキュリティインシデント報告（CISO 宛て）"},
		{},
		{"インシデント件数", s.Incidents},
		{"訓練（件数に含めない、7.2.3）", s.Drills},
		{"インシデント非該当", s.NotCounted},
		{"再発（同じ課・種類・原因が1年以内）", s.Recurrences},
		{"受領確認までの時間（中央値・分）", minutes(s.AckMedian)},
		{"受領確認までの時間（90%・分）", minutes(s.AckP90)},
		{"封じ込めまでの時間（中央値・時間）", hours(s.ContainMedian)},
		{"封じ込めまでの時間（90%・時間）", hours(s.ContainP90)},
		{},
		{"種類", "件数"},
	}
	for _, c := range s.ByKind {
		lines = append(lines, []any{c.Label, c.N})
	}
	lines = append(lines, []any{}, []any{"原因", "件数"})
	for _, c := range s.ByCause {
		lines = append(lines, []any{c.Label, c.N})
	}
	// 10.1: the incidents that name a 委託事業者 of the register.
	lines = append(lines, []any{}, []any{"委託事業者", "件数"})
	for _, c := range s.ByContractor {
		lines = append(lines, []any{c.Label + "（" + c.Key + "）", c.N})
	}
	lines = append(lines, []any{}, []any{"重要度", "件数"})
	for _, c := range s.BySeverity {
		lines = append(lines, []any{c.Label, c.N})
	}
	for i, l := range lines {
		if err := f.SetSheetRow(sum, fmt.Sprintf("A%d", i+1), &l); err != nil {
			return fmt.Errorf("write figures: %w", err)
		}
		if len(l) == 2 && (l[1] == "件数") {
			if err := f.SetCellStyle(sum, fmt.Sprintf("A%d", i+1), fmt.Sprintf("B%d", i+1), bold); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sum, "A", "A", 40); err != nil {
		return err
	}

	list := "一覧"
	if _, err := f.NewSheet(list); err != nil {
		return fmt.Errorf("add sheet: %w", err)
	}
	table := make([][]any, len(rows))
	for i, r := range rows {
		drill := ""
		if r.Drill {
			drill = "訓練"
		}
		table[i] = []any{r.ID, r.Title, r.Kind.Label(), r.Cause.Label(), r.Severity.Label(), r.Status.Label(),
			r.DiscoveredAt.In(wareki.JST()).Format("2006-01-02 15:04"), r.Unit, drill}
	}
	if err := sheets.WriteTable(f, list, listColumns, table); err != nil {
		return err
	}
	return f.Write(w)
}

func minutes(d time.Duration) float64 { return float64(d.Round(time.Second)) / float64(time.Minute) }
func hours(d time.Duration) float64   { return float64(d.Round(time.Minute)) / float64(time.Hour) }
