// Package assetsheet reads and writes the 情報資産台帳 as a spreadsheet:
// .xlsx, or CSV in UTF-8 or Shift_JIS, with Japanese column headings. An
// import checks every row and writes all or nothing: the store writes the
// rows read so far while the rest is read, in a transaction it commits only
// when the whole file is read and right.
package assetsheet

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"kijun/internal/assets"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// Sheet is the name of the register's sheet in a workbook.
const Sheet = "情報資産台帳"

// MaxSize is the largest file read: 200,000 assets fit in it.
const MaxSize = 96 << 20

// limits bound a read: 300,000 rows, so a city's 200,000 assets fit with
// room to grow.
var limits = sheets.LimitsFor(MaxSize, 300_000)

// columns are the sheet's columns in order.
func columns() []sheets.Column {
	return []sheets.Column{
		{Heading: "管理番号", Field: assets.FieldID, Required: true},
		{Heading: "名称", Field: assets.FieldName, Required: true},
		{Heading: "説明", Field: assets.FieldDescription},
		{Heading: "所管課コード", Field: assets.FieldUnit, Required: true},
		{Heading: "種類", Field: assets.FieldKind, Required: true},
		{Heading: "保存場所", Field: assets.FieldLocation},
		{Heading: "機密性", Field: assets.FieldConfidentiality, Required: true},
		{Heading: "機密性の理由", Field: assets.FieldConfidentialityReason},
		{Heading: "完全性", Field: assets.FieldIntegrity, Required: true},
		{Heading: "完全性の理由", Field: assets.FieldIntegrityReason},
		{Heading: "可用性", Field: assets.FieldAvailability, Required: true},
		{Heading: "可用性の理由", Field: assets.FieldAvailabilityReason},
		{Heading: "段階", Field: assets.FieldStage, Required: true},
		{Heading: "入手元", Field: assets.FieldOrigin},
		{Heading: "原本の管理番号", Field: assets.FieldOriginalID},
		{Heading: "保有先", Field: assets.FieldHolders},
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
func HeadingOf() map[string]string { return sheets.HeadingOf(columns()) }

// Read reads the rows of a register file. A heading that is missing, or a
// cell that cannot be read as its column's type (a class that is not a
// number, an unknown kind), is an EINVALID error wrapping a
// *kijun.ImportError naming every such cell; the rules of each asset are
// checked by the store with the rest.
func Read(name string, data []byte) (string, []store.AssetRow, error) {
	var out []store.AssetRow
	sheet, err := read(name, data, func(_ string, r store.AssetRow) bool {
		out = append(out, r)
		return true
	})
	if err != nil {
		return sheet, nil, err
	}
	return sheet, out, nil
}

// read calls row with each row of a register file, and the sheet it is on,
// as it is read, until row returns false; it returns the sheet's name and
// what Read returns as its error.
func read(name string, data []byte, row func(sheet string, r store.AssetRow) bool) (string, error) {
	more := true
	return sheets.ReadRegister(name, data, Sheet, "情報資産台帳", limits, columns(), func(c sheets.Cells) {
		if !more {
			return
		}
		level := func(h string) int {
			v := c.Get(h)
			n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil {
				c.Bad(h, "%s %q は数字（1〜3）で書いてください", h, v)
			}
			return n
		}
		a := assets.Asset{
			ID: c.Get("管理番号"), Name: c.Get("名称"), Description: c.Get("説明"), Unit: c.Get("所管課コード"), Location: c.Get("保存場所"),
			Origin: c.Get("入手元"), OriginalID: c.Get("原本の管理番号"),
		}
		a.Confidentiality = assets.Confidentiality(level("機密性"))
		a.ConfidentialityReason = c.Get("機密性の理由")
		a.Integrity = assets.Integrity(level("完全性"))
		a.IntegrityReason = c.Get("完全性の理由")
		a.Availability = assets.Availability(level("可用性"))
		a.AvailabilityReason = c.Get("可用性の理由")
		a.Kind, _ = assets.ParseKind(c.Get("種類"))
		a.Stage, _ = assets.ParseStage(c.Get("段階"))
		for _, h := range strings.FieldsFunc(c.Get("保有先"), func(r rune) bool { return r == ',' || r == '、' || r == ' ' || r == '\n' }) {
			a.Holders = append(a.Holders, h)
		}
		slices.Sort(a.Holders)
		a.Holders = slices.Compact(a.Holders)
		more = row(c.Sheet, store.AssetRow{Line: c.Line, Asset: a})
	})
}

// Import reads a register file and imports it: see store.DB.ImportAssets,
// which asks g about every row's 課 before and after. The file is read on
// one goroutine while the store checks and writes the rows read so far on
// another (store.DB.ImportAssetStream); a file that cannot be read, or a
// row the importer may not write, leaves nothing written. Call it through
// package registers, which builds g.
func Import(ctx context.Context, db *store.DB, g store.Gate, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		sheet string
		err   error
	}
	// Room for the rows read while the store writes a batch of its own
	// (store.importBatch), so the reader need not wait for it.
	batches := make(chan []store.AssetRow, 16)
	named := make(chan string, 1) // the sheet's name, with its first row or the reader's end
	done := make(chan result, 1)
	prog := store.ImportProgressFrom(ctx)
	go func() {
		var res result
		var batch []store.AssetRow
		send := func() bool {
			select {
			case batches <- batch:
				batch = nil
				return true
			case <-ctx.Done():
				return false
			}
		}
		first := true
		res.sheet, res.err = read(name, data, func(sheet string, r store.AssetRow) bool {
			if first {
				first = false
				named <- sheet
			}
			if prog != nil {
				prog.Read.Add(1)
			}
			if batch = append(batch, r); len(batch) < 1000 {
				return true
			}
			return send()
		})
		if first {
			named <- res.sheet
		}
		if len(batch) > 0 && res.err == nil {
			send()
		}
		close(batches)
		done <- res
	}()
	sheet := <-named
	rows := func(yield func(store.AssetRow) bool) {
		for b := range batches {
			for _, r := range b {
				if !yield(r) {
					return
				}
			}
		}
	}
	finish := func() error {
		for range batches { // none are left unless the reader failed
		}
		return (<-done).err
	}
	return db.ImportAssetStream(ctx, g, sheet, rows, finish, assets.KobeScales(), HeadingOf(), dryRun)
}

// Export writes the register, filtered, in format (sheets.XLSX, CSVUTF8 or
// CSVSJIS) to w, in the template's columns, so that an export imports
// back unchanged.
func Export(ctx context.Context, db *store.DB, f store.AssetFilter, format string, w io.Writer) error {
	return sheets.WriteRegister(w, format, Sheet, columns(), func(row func(...any) error) error {
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
	return sheets.WriteRegister(w, sheets.XLSX, Sheet, columns(), func(row func(...any) error) error {
		return row("A-0001", "住民基本台帳データ", "住民記録システムのデータベース", "10101", "データベース", "データセンター 住記サーバ",
			3, "個人情報を含む（4.1.1）", 2, "改ざんで住民の権利が侵害される", 2, "窓口業務が止まる", "利用", "", "", "system:juki")
	})
}
