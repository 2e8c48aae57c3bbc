// Package unitimport reads organisation files (組織マスタ, as an HR system
// exports them): .xlsx workbooks and CSV files in UTF-8 or Shift_JIS, one
// row per version of a unit, into the rows the organisation package plans
// as a 組織改正 and the store applies all or nothing.
package unitimport

import (
	"context"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/sheets"
	"kijun/internal/store"
)

// The column headings, as the template writes them.
const (
	ColCode      = "組織コード"
	ColName      = "名称"
	ColKana      = "カナ"
	ColParent    = "上位組織コード"
	ColKind      = "種類"
	ColFrom      = "適用開始日"
	ColTo        = "適用終了日"
	ColSuccessor = "承継先組織コード"
)

// Columns are the sheet's columns; the ones a file must have are marked.
var columns = []sheets.Column{
	{Heading: ColCode, Required: true},
	{Heading: ColName, Required: true},
	{Heading: ColKana},
	{Heading: ColParent, Required: true},
	{Heading: ColKind, Required: true},
	{Heading: ColFrom, Required: true},
	{Heading: ColTo},
	{Heading: ColSuccessor},
}

// Columns returns the headings in the template's order.
func Columns() []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.Heading
	}
	return out
}

// limits bound what reading a 組織マスタ may cost: a city has a few thousand units.
var limits = sheets.LimitsFor(MaxSize, 20_000)

// MaxSize is the largest file read: a city of a few thousand units fits
// many times over.
const MaxSize = 4 << 20

// What names the file in error messages.
const What = "組織ファイル"

// Import reads an organisation file and imports it into db: see
// store.DB.ImportUnits. name is the file's name (its extension chooses the
// format). The CLI, the web page and the API call this or ImportUnits.
func Import(ctx context.Context, db *store.DB, name string, data []byte, dryRun bool) (*organisation.ReorgPlan, error) {
	kinds, err := db.UnitKinds(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := Read(name, data, kinds)
	if err != nil {
		return nil, err
	}
	return db.ImportUnits(ctx, rows, dryRun)
}

// Read reads the rows of an organisation file. 種類 is a kind's name (局,
// 課...) or code (kyoku, ka...) among kinds. Every cell is checked; any
// error returns an EINVALID error wrapping a *kijun.ImportError naming
// sheet, row, column and reason for each.
func Read(name string, data []byte, kinds map[organisation.UnitKind]organisation.UnitKindInfo) ([]organisation.UnitRow, error) {
	byName := map[string]organisation.UnitKind{}
	for code, k := range kinds {
		byName[k.Name] = code
		byName[string(code)] = code
	}
	var out []organisation.UnitRow
	_, err := sheets.ReadRegister(name, data, TemplateSheet, What, limits, columns, func(c sheets.Cells) {
		r := organisation.UnitRow{Sheet: c.Sheet, Line: c.Line, Code: c.Get(ColCode), Name: c.Get(ColName), Kana: c.Get(ColKana),
			Parent: c.Get(ColParent), Successor: c.Get(ColSuccessor)}
		ok := true
		bad := func(h, format string, args ...any) { c.Bad(h, format, args...); ok = false }
		if r.Code == "" {
			bad(ColCode, "組織コードがありません")
		}
		if r.Name == "" {
			bad(ColName, "名称がありません")
		}
		if r.Kana != "" && !organisation.ValidKana(r.Kana) {
			bad(ColKana, "カナ %q はカタカナで書いてください", r.Kana)
		}
		if k, found := byName[c.Get(ColKind)]; found {
			r.Kind = k
		} else {
			bad(ColKind, "種類 %q はありません（%s）", c.Get(ColKind), kindNames(kinds))
		}
		var err error
		if r.From, err = sheets.Date(c.Get(ColFrom)); err != nil || r.From.IsZero() {
			bad(ColFrom, "適用開始日 %q は YYYY-MM-DD の日付にしてください", c.Get(ColFrom))
		}
		if v := c.Get(ColTo); v != "" && v != organisation.OpenEnd {
			if r.To, err = sheets.Date(v); err != nil {
				bad(ColTo, "適用終了日 %q は YYYY-MM-DD の日付にしてください（終了しない組織は空欄）", v)
			} else if !r.From.IsZero() && r.To.Before(r.From) {
				bad(ColTo, "適用終了日 %s が適用開始日 %s より前です", organisation.FormatDate(r.To), organisation.FormatDate(r.From))
			}
		}
		if r.Successor != "" && r.To.IsZero() {
			bad(ColSuccessor, "承継先組織コードは、適用終了日（廃止の日）を書いた行にだけ書けます")
		}
		if ok {
			out = append(out, r)
		}
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		ie := &kijun.ImportError{What: What}
		ie.Add(TemplateSheet, 2, "", "取り込む行がありません")
		return nil, ie.AsError()
	}
	return out, nil
}
