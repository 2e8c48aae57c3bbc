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

// limits bound a read: a city has a few thousand systems and segments.
var limits = sheets.LimitsFor(MaxSize, 100_000)

func columns() []sheets.Column {
	return []sheets.Column{
		{Heading: "システムID", Field: systems.FieldID, Required: true},
		{Heading: "名称", Field: systems.FieldName, Required: true},
		{Heading: "説明", Field: systems.FieldDescription, Required: false},
		{Heading: "所管課コード", Field: systems.FieldUnit, Required: true},
		{Heading: "区分", Field: systems.FieldZone, Required: true},
		{Heading: "設置場所", Field: systems.FieldHosting, Required: true},
		{Heading: "冗長化", Field: "redundant", Required: false},
		{Heading: "UPS", Field: "ups", Required: false},
		{Heading: "雷対策", Field: "surge_protection", Required: false},
		{Heading: "保守契約", Field: systems.FieldMaintenance, Required: false},
		{Heading: "バックアップ", Field: systems.FieldBackup, Required: false},
		{Heading: "ログの項目", Field: systems.FieldLogItems, Required: false},
		{Heading: "ログの保存日数", Field: systems.FieldLogDays, Required: false},
		{Heading: "ログの点検", Field: systems.FieldLogReview, Required: false},
		{Heading: "認証の要素数", Field: systems.FieldAuthFactors, Required: true},
		{Heading: "外部からのアクセス", Field: "external_access", Required: false},
		{Heading: "公開ドメイン", Field: systems.FieldDomain, Required: false},
		{Heading: "TLS", Field: "tls", Required: false},
		{Heading: "委託事業者", Field: systems.FieldContractor, Required: false},
		{Heading: "契約のセキュリティ事項", Field: "contract_clauses", Required: false},
		{Heading: "文書", Field: systems.FieldDocuments, Required: false},
		{Heading: "ソフトウェア", Field: systems.FieldSoftware, Required: false},
	}
}

// HeadingOf maps each field to its heading, for errors.
func HeadingOf() map[string]string { return sheets.HeadingOf(columns()) }

// Read reads the rows of a system register file; a cell that cannot be read
// as its column's type is an EINVALID error wrapping a *kijun.ImportError.
func Read(name string, data []byte) (string, []store.SystemRow, error) {
	var out []store.SystemRow
	sheet, err := sheets.ReadRegister(name, data, Sheet, "情報システム台帳", limits, columns(), func(c sheets.Cells) {
		num := func(h string, blank int) int {
			v := strings.TrimSuffix(c.Get(h), ".0")
			if v == "" {
				return blank
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				c.Bad(h, "%s %q は整数で書いてください", h, v)
			}
			return n
		}
		s := systems.System{ID: c.Get("システムID"), Name: c.Get("名称"), Description: c.Get("説明"), Unit: c.Get("所管課コード"),
			Maintenance: c.Get("保守契約"), Backup: c.Get("バックアップ"), LogItems: c.Get("ログの項目"), LogReview: c.Get("ログの点検"),
			PublicDomain: c.Get("公開ドメイン"), Contractor: c.Get("委託事業者"), Documents: c.Get("文書")}
		s.Zone, _ = systems.ParseZone(c.Get("区分"))
		s.Hosting, _ = systems.ParseHosting(c.Get("設置場所"))
		s.Redundant, s.UPS, s.SurgeProtection = c.Bool("冗長化"), c.Bool("UPS"), c.Bool("雷対策")
		s.ExternalAccess, s.TLS, s.ContractClauses = c.Bool("外部からのアクセス"), c.Bool("TLS"), c.Bool("契約のセキュリティ事項")
		s.LogRetentionDays, s.AuthFactors = num("ログの保存日数", 0), num("認証の要素数", 0)
		sw, err := systems.ParseSoftware(c.Get("ソフトウェア"))
		if err != nil {
			c.Bad("ソフトウェア", "%s", kijun.ErrorMessage(err))
		}
		s.Software = sw
		out = append(out, store.SystemRow{Line: c.Line, System: s})
	})
	return sheet, out, err
}

// Import reads a system register file and imports it all or nothing; the
// store asks g about every row's 課 before and after. Call it through
// package registers, which builds g.
func Import(ctx context.Context, db *store.DB, g store.Gate, name string, data []byte, dryRun bool) (*store.ImportPlan, error) {
	sheet, rows, err := Read(name, data)
	var ie *kijun.ImportError
	switch {
	case errors.As(err, &ie):
		// Say everything wrong at once: the register's own checks too.
		_, err := db.ImportSystems(ctx, g, sheet, rows, HeadingOf(), true)
		var more *kijun.ImportError
		if errors.As(err, &more) {
			ie.Merge(more)
		}
		return nil, ie.AsError()
	case err != nil:
		return nil, err
	}
	return db.ImportSystems(ctx, g, sheet, rows, HeadingOf(), dryRun)
}

func row(s systems.System) []any {
	return []any{s.ID, s.Name, s.Description, s.Unit, s.Zone.Label(), s.Hosting.Label(), sheets.YesNo(s.Redundant), sheets.YesNo(s.UPS),
		sheets.YesNo(s.SurgeProtection), s.Maintenance, s.Backup, s.LogItems, s.LogRetentionDays, s.LogReview, s.AuthFactors,
		sheets.YesNo(s.ExternalAccess), s.PublicDomain, sheets.YesNo(s.TLS), s.Contractor, sheets.YesNo(s.ContractClauses), s.Documents,
		systems.FormatSoftware(s.Software)}
}

// Export writes the register, filtered, in format to w, in the template's
// columns, so that an export imports back unchanged.
func Export(ctx context.Context, db *store.DB, f store.SystemFilter, format string, w io.Writer) error {
	return sheets.WriteRegister(w, format, Sheet, columns(), func(write func(...any) error) error {
		return db.EachSystem(ctx, f, func(s systems.System) error { return write(row(s)...) })
	})
}

// WriteTemplate writes the headings and an example row as .xlsx.
func WriteTemplate(w io.Writer) error {
	return sheets.WriteRegister(w, sheets.XLSX, Sheet, columns(), func(write func(...any) error) error {
		sw, _ := systems.ParseSoftware("Windows Server 2022 ~2031-10-14; PostgreSQL 16 ~2028-11-09")
		return write(row(systems.System{ID: "juki", Name: "住民記録システム", Unit: "10101", Zone: systems.ZoneMyNumber,
			Hosting: systems.HostOffsite, Redundant: true, UPS: true, SurgeProtection: true, Maintenance: "保守契約（年間）",
			Backup: "日次フル・世代管理7日", LogItems: "ログイン・操作・エラー", LogRetentionDays: 1825, LogReview: "月次",
			AuthFactors: 2, Documents: "仕様書, ネットワーク構成図", Software: sw})...)
	})
}
