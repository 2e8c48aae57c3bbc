// Package hrimport reads HR files (人事異動): .xlsx workbooks and CSV files
// in UTF-8 or Shift_JIS, with Japanese column headings, into the rows the
// organisation package plans and the store applies all or nothing.
package hrimport

import (
	"context"
	"fmt"
	"io"
	"strings"

	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The column headings, as the template writes them.
const (
	ColStaffNo    = "職員番号"
	ColName       = "氏名"
	ColKana       = "氏名カナ"
	ColEmployment = "雇用区分"
	ColUnit       = "所属コード"
	ColPost       = "職名"
	ColConcurrent = "兼務"
	ColEffective  = "発令日"
	ColAction     = "区分"
)

// Columns returns the headings in the template's order.
func Columns() []string {
	return []string{ColStaffNo, ColName, ColKana, ColEmployment, ColUnit, ColPost, ColConcurrent, ColEffective, ColAction}
}

// MaxSize is the largest file read: 20,000 people fit in well under it. The
// web form carries a dry-run file back for confirmation as base64, which the
// multipart parser accepts up to its memory limit plus 10 MB; 8 MB of file
// fits in that.
const MaxSize = 8 << 20

// limits bound a read: 20,000 people, with their concurrent posts, in
// 60,000 rows.
var limits = sheets.LimitsFor(MaxSize, 60_000)

// Import reads an HR file and imports it into db: see store.DB.ImportHR.
// name is the file's name (its extension chooses the format). This is what
// the CLI and the web page call.
func Import(ctx context.Context, db *store.DB, name string, data []byte, dryRun bool) (*organisation.HRPlan, error) {
	rows, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	return db.ImportHR(ctx, rows, dryRun)
}

// Read reads the rows of an HR file. Every cell is checked; any error
// returns an EINVALID error wrapping an *organisation.ImportError that
// names sheet, row, column and reason for each.
func Read(name string, data []byte) ([]organisation.HRRow, error) {
	t, err := sheets.Open(name, data, TemplateSheet, limits)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	ie := &organisation.ImportError{What: "人事異動ファイル"}
	var table [][]string
	for {
		row, err := t.Next()
		if err == io.EOF {
			break
		}
		var head []string
		if len(table) > 0 {
			head = table[0]
		}
		if sheets.AddBadText(ie, err, head) {
			row = nil // refused; parseTable passes over it as blank
		} else if err != nil {
			return nil, err
		}
		table = append(table, row)
	}
	return parseTable(t.Sheet, table, ie)
}

// parseTable turns a sheet into rows, checking each cell, adding to the
// errors ie holds already.
func parseTable(sheet string, table [][]string, ie *organisation.ImportError) ([]organisation.HRRow, error) {
	bad := func(row int, col, format string, args ...any) {
		ie.Errors = append(ie.Errors, organisation.RowError{Sheet: sheet, Row: row, Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	if len(table) == 0 {
		bad(1, "", "見出し行がありません（テンプレートを使ってください）")
		return nil, ie.AsError()
	}
	idx := map[string]int{}
	for i, h := range table[0] {
		idx[strings.TrimSpace(h)] = i
	}
	before := len(ie.Errors)
	for _, c := range []string{ColStaffNo, ColName, ColKana, ColEmployment, ColUnit, ColPost, ColEffective, ColAction} {
		if _, ok := idx[c]; !ok {
			bad(1, c, "見出し「%s」の列がありません", c)
		}
	}
	if len(ie.Errors) > before {
		return nil, ie.AsError()
	}
	var out []organisation.HRRow
	for i, rec := range table[1:] {
		line := i + 2
		cell := func(c string) string {
			j, ok := idx[c]
			if !ok || j >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[j])
		}
		empty := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		r := organisation.HRRow{Sheet: sheet, Line: line, StaffNo: cell(ColStaffNo), Name: cell(ColName), Kana: cell(ColKana),
			Unit: cell(ColUnit), Post: organisation.Post(cell(ColPost))}
		n := len(ie.Errors)
		if r.StaffNo == "" {
			bad(line, ColStaffNo, "職員番号がありません")
		}
		act, ok := organisation.ParseHRAction(cell(ColAction))
		if !ok {
			bad(line, ColAction, "区分 %q は 採用・異動・退職 のいずれかにしてください", cell(ColAction))
		}
		r.Action = act
		if r.Name == "" {
			bad(line, ColName, "氏名がありません")
		}
		if !organisation.ValidKana(r.Kana) {
			bad(line, ColKana, "氏名カナ %q はカタカナで書いてください", r.Kana)
		}
		emp, ok := organisation.ParseEmploymentType(cell(ColEmployment))
		switch {
		case !ok:
			bad(line, ColEmployment, "雇用区分 %q はありません（職員・再任用職員・任期付職員・臨時の任用職員・会計年度任用職員・特別職非常勤職員・派遣）", cell(ColEmployment))
		case emp == organisation.EmployContractor:
			bad(line, ColEmployment, "委託業務従事者は人事異動では取り込めません（委託事業者の画面で登録してください）")
		}
		r.Employment = emp
		d, err := sheets.Date(cell(ColEffective))
		if err != nil {
			bad(line, ColEffective, "発令日 %q は YYYY-MM-DD の日付にしてください", cell(ColEffective))
		}
		r.Effective = d
		switch c := cell(ColConcurrent); c {
		case "", "主", "主務":
			r.Primary = true
		case "兼", "兼務", "○", "〇":
		default:
			bad(line, ColConcurrent, "兼務 %q は空欄（主務）又は「兼務」にしてください", c)
		}
		if act != organisation.HRLeave {
			if r.Unit == "" {
				bad(line, ColUnit, "所属コードがありません")
			}
			if !r.Post.Valid() {
				bad(line, ColPost, "職名 %q はありません（局長・室長・区長・部長・課長・担当課長・係長・担当）", cell(ColPost))
			}
		}
		if len(ie.Errors) == n {
			out = append(out, r)
		}
	}
	if len(ie.Errors) > 0 {
		return nil, ie.AsError()
	}
	if len(out) == 0 {
		bad(2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	return out, nil
}
