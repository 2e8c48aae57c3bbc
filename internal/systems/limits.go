package systems

import (
	"fmt"

	"kijun/internal/kijun"
)

// The most characters each text field of a system, segment or connection
// may hold, and the most software entries of a system. The OpenAPI
// document states the same limits (maxLength), from these.
const (
	MaxName        = kijun.MaxName // names, maintenance, contractor, protocol, ports
	MaxDescription = kijun.MaxNote // descriptions, backup, logs, documents
	MaxSoftware    = 200
)

// textField is one text field and its limit.
type textField struct {
	field, label, value string
	max                 int
	multiline           bool
}

func checkTexts(fe *kijun.FieldErrors, fields []textField) {
	for _, f := range fields {
		fe.Text(f.field, f.label, f.value, f.max, f.multiline)
	}
}

// checkTexts adds the errors of s's text fields: too long, or not text a
// person reads as written (kijun.FieldErrors.Text).
func (s System) checkTexts(fe *kijun.FieldErrors) {
	checkTexts(fe, []textField{
		{FieldName, "名称", s.Name, MaxName, false},
		{FieldDescription, "説明", s.Description, MaxDescription, true},
		{FieldMaintenance, "保守", s.Maintenance, MaxName, false},
		{FieldBackup, "バックアップ", s.Backup, MaxDescription, true},
		{FieldLogItems, "ログの項目", s.LogItems, MaxDescription, true},
		{FieldLogReview, "ログの確認", s.LogReview, MaxDescription, true},
		{FieldContractor, "委託事業者", s.Contractor, MaxName, false},
		{FieldDocuments, "文書", s.Documents, MaxDescription, true},
	})
	if len(s.Software) > MaxSoftware {
		fe.Add(FieldSoftware, "ソフトウェアは %d 件までにしてください（%d 件あります）", MaxSoftware, len(s.Software))
	}
	for i, sw := range s.Software {
		checkTexts(fe, []textField{
			{FieldSoftware, fmt.Sprintf("ソフトウェア %d 件目の名称", i+1), sw.Name, MaxName, false},
			{FieldSoftware, fmt.Sprintf("ソフトウェア %d 件目の版", i+1), sw.Version, MaxName, false},
		})
	}
}

func (s Segment) checkTexts(fe *kijun.FieldErrors) {
	checkTexts(fe, []textField{
		{FieldName, "名称", s.Name, MaxName, false},
		{FieldDescription, "説明", s.Description, MaxDescription, true},
	})
}

func (c Connection) checkTexts(fe *kijun.FieldErrors) {
	checkTexts(fe, []textField{
		{"protocol", "プロトコル", c.Protocol, MaxName, false},
		{"ports", "ポート", c.Ports, MaxName, false},
		{"restriction", "接続制限", c.Restriction, MaxDescription, true},
		{FieldDescription, "説明", c.Description, MaxDescription, true},
	})
}
