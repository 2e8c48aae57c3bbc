package auditsheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"kijun/internal/audits"
	"kijun/internal/sheets/sheetstest"
)

// The report holds the findings and the verdicts, and a finding whose
// text begins like a formula is a text cell, never a formula.
func TestWriteReport(t *testing.T) {
	r := Report{Audit: audits.Audit{Title: "媒体の監査", Units: []string{"111"}, State: audits.StateSubmitted, Summary: "指摘 1 件"}, Year: "令和8年度",
		Findings: []audits.Finding{{ID: 1, Provisions: []string{"6.4.3"}, Severity: audits.SeverityHigh, UnitName: "情報政策課", Text: sheetstest.Formula}},
		Samples:  []audits.Sample{{Register: audits.RegisterMedia, Drawn: []string{"M-1", "M-2"}, Verdicts: []audits.Verdict{{RecordID: "M-1", Conforms: false, Note: "平文"}}}}}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	sheetstest.NoFormulas(t, b.Bytes(), sheetstest.Formula)
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("標本")
	if err != nil || len(rows) != 3 || rows[1][2] != "不適合" || rows[2][2] != "未判定" {
		t.Errorf("sample sheet = %v, %v", rows, err)
	}
}
