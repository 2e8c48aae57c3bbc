// Package assetsheet reads and writes the 情報資産台帳 as a spreadsheet:
// .xlsx, or CSV in UTF-8 or Shift_JIS, with Japanese column headings. An
// import reads every row first; the store writes all or nothing.
package assetsheet

import (
	"context"
	"errors"
	"io"
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
	ie := &kijun.ImportError{What: "情報資産台帳"}
	var required []string
	for _, c := range columns() {
		if c.Required {
			required = append(required, c.Heading)
		}
	}
	var out []store.AssetRow
	sheet, err := sheets.Records(name, data, Sheet, ie.What, required, func(r sheets.Record) {
		cell := r.Cell
		level := func(h string) int {
			v := cell(h)
			n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil {
				ie.Add(r.Sheet, r.Line, h, "%s %q は数字（1〜3）で書いてください", h, v)
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
		a.Holders = sheets.List(cell("保有先"))
		out = append(out, store.AssetRow{Line: r.Line, Asset: a})
	})
	if err != nil {
		return sheet, nil, err
	}
	return sheet, out, ie.AsError()
}

// Import reads a register file and imports it: see store.DB.ImportAssets.
func Import(ctx context.Context, db *store.DB, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	sheet, rows, err := Read(name, data)
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		// Say everything wrong at once: the register's own checks too.
		_, err := db.ImportAssets(ctx, sheet, rows, assets.KobeScales(), HeadingOf(), true)
		var more *kijun.ImportError
		if errors.As(err, &more) {
			ie.Merge(more)
		}
		return nil, ie.AsError()
	case err != nil:
		return nil, err
	}
	return db.ImportAssets(ctx, sheet, rows, assets.KobeScales(), HeadingOf(), dryRun)
}

// Export writes the register, filtered, in format (sheets.XLSX, CSVUTF8 or
// CSVSJIS) to w, in the template's columns, so that an export imports
// back unchanged.
func Export(ctx context.Context, db *store.DB, f store.AssetFilter, format string, w io.Writer) error {
	return sheets.WriteAll(w, format, Sheet, Headings(), func(row func(...any) error) error {
		return db.EachAsset(ctx, f, func(a assets.Asset) error {
			return row(a.ID, a.Name, a.Description, a.Unit, a.Kind.Label(), a.Location,
				int(a.Confidentiality), a.ConfidentialityReason, int(a.Integrity), a.IntegrityReason,
				int(a.Availability), a.AvailabilityReason, a.Stage.Label(), a.Origin, a.OriginalID, strings.Join(a.Holders, ","))
		})
	})
}

// WriteTemplate writes an empty register with its headings and an example
// row to w as .xlsx.
func WriteTemplate(w io.Writer) error {
	return sheets.WriteAll(w, sheets.XLSX, Sheet, Headings(), func(row func(...any) error) error {
		return row("A-0001", "住民基本台帳データ", "住民記録システムのデータベース", "10101", "データベース", "データセンター 住記サーバ",
			3, "個人情報を含む（4.1.1）", 2, "改ざんで住民の権利が侵害される", 2, "窓口業務が止まる", "利用", "", "", "system:juki")
	})
}
