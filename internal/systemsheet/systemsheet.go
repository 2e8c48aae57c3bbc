// Package systemsheet reads and writes the 情報システム台帳 as a
// spreadsheet (.xlsx, or CSV in UTF-8 or Shift_JIS) with Japanese headings.
package systemsheet

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"kijun/internal/kijun"
	"kijun/internal/sheets"
	"kijun/internal/store"
	"kijun/internal/systems"
)

// Sheet is the register's sheet in a workbook.
const Sheet = "情報システム台帳"

// MaxSize is the largest file read.
const MaxSize = 32 << 20

type column struct {
	Heading  string
	Field    string
	Required bool
}

func columns() []column {
	return []column{
		{"システムID", systems.FieldID, true},
		{"名称", systems.FieldName, true},
		{"説明", systems.FieldDescription, false},
		{"所管課コード", systems.FieldUnit, true},
		{"区分", systems.FieldZone, true},
		{"設置場所", systems.FieldHosting, true},
		{"冗長化", "redundant", false},
		{"UPS", "ups", false},
		{"雷対策", "surge_protection", false},
		{"保守契約", systems.FieldMaintenance, false},
		{"バックアップ", systems.FieldBackup, false},
		{"ログの項目", systems.FieldLogItems, false},
		{"ログの保存日数", systems.FieldLogDays, false},
		{"ログの点検", systems.FieldLogReview, false},
		{"認証の要素数", systems.FieldAuthFactors, true},
		{"外部からのアクセス", "external_access", false},
		{"公開ドメイン", systems.FieldDomain, false},
		{"TLS", "tls", false},
		{"委託事業者", systems.FieldContractor, false},
		{"文書", systems.FieldDocuments, false},
		{"ソフトウェア", systems.FieldSoftware, false},
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

// HeadingOf maps each field to its heading, for errors.
func HeadingOf() map[string]string {
	m := map[string]string{}
	for _, c := range columns() {
		m[c.Field] = c.Heading
	}
	return m
}

// yes reads a yes/no cell: あり, ○, 1, true and yes are yes; blank, なし,
// 0, false and no are no; anything else is an error.
func yes(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "あり", "有", "○", "〇", "1", "true", "yes", "はい":
		return true, true
	case "", "なし", "無", "×", "-", "0", "false", "no", "いいえ":
		return false, true
	}
	return false, false
}

func yesno(b bool) string {
	if b {
		return "あり"
	}
	return "なし"
}

// Read reads the rows of a system register file; a cell that cannot be read
// as its column's type is an EINVALID error wrapping a *kijun.ImportError.
func Read(name string, data []byte) (string, []store.SystemRow, error) {
	if len(data) > MaxSize {
		return "", nil, kijun.Errorf(kijun.EINVALID, "ファイルが大きすぎます（%d MB まで）", MaxSize>>20)
	}
	ie := &kijun.ImportError{What: "情報システム台帳"}
	var required []string
	for _, c := range columns() {
		if c.Required {
			required = append(required, c.Heading)
		}
	}
	var out []store.SystemRow
	sheet, err := sheets.Records(name, data, Sheet, ie.What, required, func(r sheets.Record) {
		flag := func(h string) bool {
			b, ok := yes(r.Cell(h))
			if !ok {
				ie.Add(r.Sheet, r.Line, h, "%s %q は「あり」又は「なし」で書いてください", h, r.Cell(h))
			}
			return b
		}
		num := func(h string, blank int) int {
			v := strings.TrimSuffix(r.Cell(h), ".0")
			if v == "" {
				return blank
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				ie.Add(r.Sheet, r.Line, h, "%s %q は整数で書いてください", h, v)
			}
			return n
		}
		s := systems.System{ID: r.Cell("システムID"), Name: r.Cell("名称"), Description: r.Cell("説明"), Unit: r.Cell("所管課コード"),
			Maintenance: r.Cell("保守契約"), Backup: r.Cell("バックアップ"), LogItems: r.Cell("ログの項目"), LogReview: r.Cell("ログの点検"),
			PublicDomain: r.Cell("公開ドメイン"), Contractor: r.Cell("委託事業者"), Documents: r.Cell("文書")}
		s.Zone, _ = systems.ParseZone(r.Cell("区分"))
		s.Hosting, _ = systems.ParseHosting(r.Cell("設置場所"))
		s.Redundant, s.UPS, s.SurgeProtection = flag("冗長化"), flag("UPS"), flag("雷対策")
		s.ExternalAccess, s.TLS = flag("外部からのアクセス"), flag("TLS")
		s.LogRetentionDays, s.AuthFactors = num("ログの保存日数", 0), num("認証の要素数", 0)
		sw, err := systems.ParseSoftware(r.Cell("ソフトウェア"))
		if err != nil {
			ie.Add(r.Sheet, r.Line, "ソフトウェア", "%s", kijun.ErrorMessage(err))
		}
		s.Software = sw
		out = append(out, store.SystemRow{Line: r.Line, System: s})
	})
	if err != nil {
		return sheet, nil, err
	}
	return sheet, out, ie.AsError()
}

// Import reads a system register file and imports it all or nothing.
// allowed, when not nil, says whether rows of a unit may be imported.
func Import(ctx context.Context, db *store.DB, name string, data []byte, dryRun bool, allowed func(unit string) (bool, error)) (*store.ImportPlan, error) {
	sheet, rows, err := Read(name, data)
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		// Say everything wrong at once: the register's own checks too.
		_, err := db.ImportSystems(ctx, sheet, rows, HeadingOf(), true)
		var more *kijun.ImportError
		if errors.As(err, &more) {
			ie.Merge(more)
		}
		return nil, ie.AsError()
	case err != nil:
		return nil, err
	}
	lines, units := make([]int, len(rows)), make([]string, len(rows))
	for i, r := range rows {
		lines[i], units[i] = r.Line, r.System.Unit
	}
	if err := sheets.CheckUnits(Sheet, sheet, "所管課コード", lines, units, allowed); err != nil {
		return nil, err
	}
	return db.ImportSystems(ctx, sheet, rows, HeadingOf(), dryRun)
}

func row(s systems.System) []any {
	return []any{s.ID, s.Name, s.Description, s.Unit, s.Zone.Label(), s.Hosting.Label(), yesno(s.Redundant), yesno(s.UPS),
		yesno(s.SurgeProtection), s.Maintenance, s.Backup, s.LogItems, s.LogRetentionDays, s.LogReview, s.AuthFactors,
		yesno(s.ExternalAccess), s.PublicDomain, yesno(s.TLS), s.Contractor, s.Documents, systems.FormatSoftware(s.Software)}
}

// Export writes the register, filtered, in format to w, in the template's
// columns, so that an export imports back unchanged.
func Export(ctx context.Context, db *store.DB, f store.SystemFilter, format string, w io.Writer) error {
	return sheets.WriteAll(w, format, Sheet, Headings(), func(write func(...any) error) error {
		return db.EachSystem(ctx, f, func(s systems.System) error { return write(row(s)...) })
	})
}

// WriteTemplate writes the headings and an example row as .xlsx.
func WriteTemplate(w io.Writer) error {
	return sheets.WriteAll(w, sheets.XLSX, Sheet, Headings(), func(write func(...any) error) error {
		sw, _ := systems.ParseSoftware("Windows Server 2022 ~2031-10-14; PostgreSQL 16 ~2028-11-09")
		return write(row(systems.System{ID: "juki", Name: "住民記録システム", Unit: "10101", Zone: systems.ZoneMyNumber,
			Hosting: systems.HostOffsite, Redundant: true, UPS: true, SurgeProtection: true, Maintenance: "保守契約（年間）",
			Backup: "日次フル・世代管理7日", LogItems: "ログイン・操作・エラー", LogRetentionDays: 1825, LogReview: "月次",
			AuthFactors: 2, Documents: "仕様書, ネットワーク構成図", Software: sw})...)
	})
}
