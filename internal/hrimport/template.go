package hrimport

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"kijun/internal/organisation"
)

// TemplateSheet is the name of the data sheet in the template.
const TemplateSheet = "人事異動"

// WriteTemplate writes the .xlsx template: the data sheet with headings and
// example rows, and a sheet explaining each column.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TemplateSheet); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	rows := [][]any{
		toAny(Columns()),
		{"012345", "山田 太郎", "ヤマダ タロウ", "職員", "1011", "課長", "", "2026-04-01", "採用"},
		{"012345", "山田 太郎", "ヤマダ タロウ", "職員", "1012", "担当", "兼務", "2026-04-01", "採用"},
		{"023456", "佐藤 花子", "サトウ ハナコ", "会計年度任用職員", "1011", "担当", "", "2026-04-01", "異動"},
		{"034567", "鈴木 一郎", "スズキ イチロウ", "職員", "", "", "", "2026-03-31", "退職"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(TemplateSheet, cell, &r); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
	}
	// Text cells, so that staff numbers keep their leading zeros.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	if err := f.SetColStyle(TemplateSheet, "A:I", text); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	_ = f.SetColWidth(TemplateSheet, "A", "I", 16)
	const help = "説明"
	if _, err := f.NewSheet(help); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	var types []string
	for _, e := range organisation.EmploymentTypes()[:7] {
		types = append(types, e.Label())
	}
	var posts []string
	for _, p := range organisation.Posts() {
		posts = append(posts, string(p))
	}
	notes := [][]any{
		{"列", "書き方"},
		{ColStaffNo, "職員ごとに一意の番号（先頭の 0 も含めて文字列で）"},
		{ColName, "漢字の氏名（姓と名の間は空白）"},
		{ColKana, "カタカナの読み"},
		{ColEmployment, fmt.Sprint(types)},
		{ColUnit, "発令日に存在する組織のコード（退職の行は空欄可）"},
		{ColPost, fmt.Sprint(posts)},
		{ColConcurrent, "主務は空欄、兼務の行は「兼務」。一人につき主務は 1 行"},
		{ColEffective, "YYYY-MM-DD。異動は発令日から新しい所属、前の所属は前日まで。退職は発令日が最終日"},
		{ColAction, "採用・異動・退職"},
		{"", "一行でも誤りがあれば何も取り込みません。まず「確認（取り込まない）」で結果を確かめてください。"},
	}
	for i, r := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(help, cell, &r); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
	}
	_ = f.SetColWidth(help, "B", "B", 90)
	return f.Write(w)
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
