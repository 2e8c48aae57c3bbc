package unitimport

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"kijun/internal/organisation"
	"kijun/internal/sheets"
)

// TemplateSheet is the name of the data sheet in the template.
const TemplateSheet = "組織マスタ"

// WriteTemplate writes the .xlsx template of the organisation file (組織マスタ):
// the data sheet with headings and example rows of a 組織改正, and a sheet
// explaining each column. kinds are the kinds of unit 種類 accepts.
func WriteTemplate(w io.Writer, kinds map[organisation.UnitKind]organisation.UnitKindInfo) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TemplateSheet); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	var cols []sheets.TableColumn
	for _, h := range Columns() {
		cols = append(cols, sheets.TableColumn{Header: h, Width: 18})
	}
	rows := [][]any{
		{"1000", "企画調整局", "キカクチョウセイキョク", "", "局", "2024-04-01", "", ""},
		{"1100", "デジタル戦略部", "デジタルセンリャクブ", "1000", "部", "2024-04-01", "", ""},
		{"1110", "情報政策課", "ジョウホウセイサクカ", "1100", "課", "2024-04-01", "2027-03-31", "1120"},
		{"1120", "情報企画課", "ジョウホウキカクカ", "1100", "課", "2027-04-01", "", ""},
		{"1121", "企画係", "キカクガカリ", "1120", "係", "2027-04-01", "", ""},
	}
	if err := sheets.WriteTable(f, TemplateSheet, cols, rows); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	// Text cells, so that codes keep their leading zeros.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	if err := f.SetColStyle(TemplateSheet, "A:H", text); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	const help = "説明"
	if _, err := f.NewSheet(help); err != nil {
		return fmt.Errorf("write template: %w", err)
	}
	notes := [][]any{
		{"列", "書き方"},
		{ColCode, "組織ごとに一生変わらないコード。廃止した組織のコードは別の組織に使えません"},
		{ColName, "組織の名称"},
		{ColKana, "カタカナの読み（空欄なら登録済みの読みのまま）"},
		{ColParent, "上位の組織のコード（最上位は空欄）。適用開始日にその組織が存在すること"},
		{ColKind, kindNames(kinds) + "（又はそのコード: kyoku, ka など）"},
		{ColFrom, "YYYY-MM-DD。新設はその日から。名称変更・移管・種類の変更は新しい行をその日付で（前の版は前日まで）"},
		{ColTo, "廃止する組織だけ、最終日を書きます（例: 3 月 31 日）。その行の適用開始日は今の版と同じにします"},
		{ColSuccessor, "廃止する組織の資産・システム・機器・媒体・管理区域・ネットワーク・処理中の許可申請・未解決の指摘事項を引き継ぐ組織のコード（廃止の翌日に存在すること。必須）"},
		{"", "一行でも誤りがあれば何も取り込みません。まず「確認（取り込まない）」で、新設・変更・廃止と、承継先へ移る件数を確かめてください。"},
	}
	for i, r := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(help, cell, &r); err != nil {
			return fmt.Errorf("write template: %w", err)
		}
	}
	_ = f.SetColWidth(help, "B", "B", 100)
	return f.Write(w)
}

// kindNames lists the kinds' names from the top level down.
func kindNames(kinds map[organisation.UnitKind]organisation.UnitKindInfo) string {
	ks := make([]organisation.UnitKindInfo, 0, len(kinds))
	for _, k := range kinds {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b organisation.UnitKindInfo) int {
		if a.Level != b.Level {
			return a.Level - b.Level
		}
		return strings.Compare(string(a.Code), string(b.Code))
	})
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.Name
	}
	return strings.Join(names, "・")
}
