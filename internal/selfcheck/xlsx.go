package selfcheck

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"kijun/internal/sheets"
)

// WriteXLSX writes the report to the CISO as a workbook: per provision,
// per 課 (each beside last 年度), and the answers of no and partly.
func WriteXLSX(w io.Writer, res *Results) error {
	f := excelize.NewFile()
	defer f.Close()
	const byProvision, byUnit, noSheet = "条項別", "課別", "いいえ・一部"
	if err := f.SetSheetName("Sheet1", byProvision); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	for _, s := range []string{byUnit, noSheet} {
		if _, err := f.NewSheet(s); err != nil {
			return fmt.Errorf("add sheet: %w", err)
		}
	}
	last := "前年度"
	if res.LastYear != 0 {
		last = fmt.Sprintf("%d年度", res.LastYear)
	}
	cols := func(first string) []sheets.TableColumn {
		return []sheets.TableColumn{{Header: first, Width: 24}, {Header: "はい", Width: 8}, {Header: "一部", Width: 8}, {Header: "いいえ", Width: 8},
			{Header: "該当なし", Width: 8}, {Header: "台帳と矛盾", Width: 10}, {Header: "実施率(%)", Width: 10},
			{Header: last + " 実施率(%)", Width: 14}, {Header: last + " 台帳と矛盾", Width: 14}}
	}
	rows := func(ls []Line, name func(Line) string) [][]any {
		var out [][]any
		for _, l := range ls {
			out = append(out, []any{name(l), l.This.Yes, l.This.Partly, l.This.No, l.This.NotApplicable, l.This.Contradicted,
				rate(l.This), rate(l.Last), l.Last.Contradicted})
		}
		return out
	}
	if err := sheets.WriteTable(f, byProvision, cols("条項"), rows(res.Provisions, func(l Line) string { return l.Key })); err != nil {
		return err
	}
	if err := sheets.WriteTable(f, byUnit, cols("課"), rows(res.Units, func(l Line) string { return l.Key + " " + l.Name })); err != nil {
		return err
	}
	var no [][]any
	for _, n := range res.No {
		no = append(no, []any{n.Unit, n.SubjectName, n.Provision, n.Question, n.Value.Label(), n.Note, n.Report})
	}
	if err := sheets.WriteTable(f, noSheet, []sheets.TableColumn{{Header: "課", Width: 10}, {Header: "回答者", Width: 24}, {Header: "条項", Width: 12},
		{Header: "設問", Width: 20}, {Header: "回答", Width: 8}, {Header: "補足", Width: 40}, {Header: "報告番号", Width: 10}}, no); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

func rate(c Counts) any {
	if r := c.Rate(); r >= 0 {
		return r
	}
	return ""
}
