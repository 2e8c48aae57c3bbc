// Package assetsheet reads and writes the 情報資産台帳 as a spreadsheet:
// .xlsx, or CSV in UTF-8 or Shift_JIS, with Japanese column headings. An
// import reads every row first; the store writes all or nothing.
package assetsheet

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// Sheet is the name of the register's sheet in a workbook.
const Sheet = "情報資産台帳"

// MaxSize is the largest file read: 200,000 assets fit in it.
const MaxSize = 96 << 20

// column is one column of the sheet: its heading and the asset field.
type column struct {
	Heading  string
	Field    string
	Required bool
}

// columns are the sheet's columns in order.
func columns() []column {
	return []column{
		{"管理番号", assets.FieldID, true},
		{"名称", assets.FieldName, true},
		{"説明", assets.FieldDescription, false},
		{"所管課コード", assets.FieldUnit, true},
		{"種類", assets.FieldKind, true},
		{"保存場所", assets.FieldLocation, false},
		{"機密性", assets.FieldConfidentiality, true},
		{"機密性の理由", assets.FieldConfidentialityReason, false},
		{"完全性", assets.FieldIntegrity, true},
		{"完全性の理由", assets.FieldIntegrityReason, false},
		{"可用性", assets.FieldAvailability, true},
		{"可用性の理由", assets.FieldAvailabilityReason, false},
		{"段階", assets.FieldStage, true},
		{"入手元", assets.FieldOrigin, false},
		{"原本の管理番号", assets.FieldOriginalID, false},
		{"保有先", assets.FieldHolders, false},
	}
}

// Headings returns the column headings in order.
func Headings() []string {
	var out []string
	for _, c := range columns() {
		out = append(out, c.Heading)
	}
	return out
}

// HeadingOf maps each asset field to its column heading, for errors.
func HeadingOf() map[string]string {
	m := map[string]string{}
	for _, c := range columns() {
		m[c.Field] = c.Heading
	}
	return m
}

// Read reads the rows of a register file. A heading that is missing, or a
// cell that cannot be read as its column's type (a class that is not a
// number, an unknown kind), is an EINVALID error wrapping a
// *kijun.ImportError naming every such cell; the rules of each asset are
// checked by the store with the rest.
func Read(name string, data []byte) (string, []store.AssetRow, error) {
	if len(data) > MaxSize {
		return "", nil, kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%d MB まで）", MaxSize>>20)
	}
	t, err := sheets.Open(name, data, Sheet)
	if err != nil {
		return "", nil, err
	}
	defer t.Close()
	ie := &kijun.ImportError{What: "情報資産台帳"}
	head, err := t.Next()
	if err == io.EOF {
		ie.Add(t.Sheet, 1, "", "見出し行がありません（テンプレートを使ってください）")
		return t.Sheet, nil, ie.AsError()
	}
	if err != nil {
		return t.Sheet, nil, err
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimSpace(h)] = i
	}
	for _, c := range columns() {
		if _, ok := idx[c.Heading]; !ok && c.Required {
			ie.Add(t.Sheet, 1, c.Heading, "見出し「%s」の列がありません", c.Heading)
		}
	}
	if err := ie.AsError(); err != nil {
		return t.Sheet, nil, err
	}
	var out []store.AssetRow
	for {
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return t.Sheet, nil, err
		}
		if sheets.Empty(rec) {
			continue
		}
		line := t.Line
		cell := func(h string) string {
			j, ok := idx[h]
			if !ok || j >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[j])
		}
		level := func(h string) int {
			v := cell(h)
			n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil {
				ie.Add(t.Sheet, line, h, "%s %q は数字（1〜3）で書いてください", h, v)
			}
			return n
		}
		a := assets.Asset{
			ID: cell("管理番号"), Name: cell("名称"), Description: cell("説明"), Unit: cell("所管課コード"), Location: cell("保存場所"),
			Origin: cell("入手元"), OriginalID: cell("原本の管理番号"),
		}
		a.Confidentiality = assets.Confidentiality(level("機密性"))
		a.ConfidentialityReason = cell("機密性の理由")
		a.Integrity = assets.Integrity(level("完全性"))
		a.IntegrityReason = cell("完全性の理由")
		a.Availability = assets.Availability(level("可用性"))
		a.AvailabilityReason = cell("可用性の理由")
		a.Kind, _ = assets.ParseKind(cell("種類"))
		a.Stage, _ = assets.ParseStage(cell("段階"))
		for _, h := range strings.FieldsFunc(cell("保有先"), func(r rune) bool { return r == ',' || r == '、' || r == ' ' || r == '\n' }) {
			a.Holders = append(a.Holders, h)
		}
		slices.Sort(a.Holders)
		a.Holders = slices.Compact(a.Holders)
		out = append(out, store.AssetRow{Line: line, Asset: a})
	}
	if err := ie.AsError(); err != nil {
		return t.Sheet, nil, err
	}
	return t.Sheet, out, nil
}

// Import reads a register file and imports it: see store.DB.ImportAssets.
func Import(ctx context.Context, db *store.DB, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	sheet, rows, err := Read(name, data)
	if err != nil {
		return nil, err
	}
	return db.ImportAssets(ctx, sheet, rows, assets.KobeScales(), HeadingOf(), dryRun)
}

// Export writes the register, filtered, in format (sheets.XLSX, CSVUTF8 or
// CSVSJIS) to w, in the template's columns, so that an export imports
// back unchanged.
func Export(ctx context.Context, db *store.DB, f store.AssetFilter, format string, w io.Writer) error {
	sw, err := sheets.NewWriter(w, format, Sheet)
	if err != nil {
		return err
	}
	head := make([]any, 0, len(columns()))
	for _, h := range Headings() {
		head = append(head, h)
	}
	if err := sw.Row(head...); err != nil {
		return err
	}
	err = db.EachAsset(ctx, f, func(a assets.Asset) error {
		return sw.Row(a.ID, a.Name, a.Description, a.Unit, a.Kind.Label(), a.Location,
			int(a.Confidentiality), a.ConfidentialityReason, int(a.Integrity), a.IntegrityReason,
			int(a.Availability), a.AvailabilityReason, a.Stage.Label(), a.Origin, a.OriginalID, strings.Join(a.Holders, ","))
	})
	if err != nil {
		return err
	}
	return sw.Close()
}

// WriteTemplate writes an empty register with its headings and an example
// row to w as .xlsx.
func WriteTemplate(w io.Writer) error {
	sw, err := sheets.NewWriter(w, sheets.XLSX, Sheet)
	if err != nil {
		return err
	}
	head := make([]any, 0, len(columns()))
	for _, h := range Headings() {
		head = append(head, h)
	}
	if err := sw.Row(head...); err != nil {
		return err
	}
	if err := sw.Row("A-0001", "住民基本台帳データ", "住民記録システムのデータベース", "10101", "データベース", "データセンター 住記サーバ",
		3, "個人情報を含む（4.1.1）", 2, "改ざんで住民の権利が侵害される", 2, "窓口業務が止まる", "利用", "", "", "system:juki"); err != nil {
		return err
	}
	return sw.Close()
}

// Describe says what a plan does, in Japanese.
func Describe(p *store.ImportPlan) string {
	verb := "取り込みました"
	if p.DryRun {
		verb = "取り込むと"
	}
	return fmt.Sprintf("%s: 追加 %d 件、変更 %d 件、変更なし %d 件", verb, len(p.Added), len(p.Changed), p.Unchanged)
}
