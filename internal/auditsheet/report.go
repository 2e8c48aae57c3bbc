// Package auditsheet writes an audit's report to the CISO (11.1.5) as a
// workbook: the audit and its conclusion, its findings with their
// corrective actions, the sampled records with their verdicts, and the
// evidence kept with its SHA-256.
package auditsheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"kijun/internal/audits"
	"kijun/internal/corrective"
	"kijun/internal/sheets"
	"kijun/internal/wareki"
)

// Report is what the workbook holds.
type Report struct {
	Audit    audits.Audit
	Year     string // the plan's 年度, such as 令和8年度
	Findings []audits.Finding
	Actions  []corrective.Action
	Samples  []audits.Sample
	Evidence []audits.Evidence
}

var findingColumns = []sheets.TableColumn{
	{Header: "番号", Width: 8}, {Header: "条項", Width: 16}, {Header: "重大度", Width: 8}, {Header: "課", Width: 20},
	{Header: "指摘の内容", Width: 60}, {Header: "是正措置", Width: 10}, {Header: "是正の状況", Width: 22}, {Header: "期限", Width: 16},
}

var sampleColumns = []sheets.TableColumn{
	{Header: "台帳", Width: 20}, {Header: "管理番号", Width: 20}, {Header: "判定", Width: 10}, {Header: "所見", Width: 60},
}

var evidenceColumns = []sheets.TableColumn{
	{Header: "番号", Width: 8}, {Header: "ファイル", Width: 30}, {Header: "SHA-256", Width: 68}, {Header: "保存期限", Width: 16},
}

// Write writes the report workbook to w.
func Write(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const top = "報告"
	if err := f.SetSheetName("Sheet1", top); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	a := r.Audit
	auditors := make([]string, len(a.Auditors))
	for i, x := range a.Auditors {
		auditors[i] = x.String()
	}
	lines := [][]any{
		{r.Year + " 情報セキュリティ監査 結果報告（CISO 宛て、11.1.5）"},
		{},
		{"監査", a.Title},
		{"対象の課", strings.Join(a.Units, " ")},
		{"対象の情報システム", strings.Join(a.Systems, " ")},
		{"対象の委託先", a.Contractor},
		{"監査した条項", strings.Join(a.Provisions, " ")},
		{"監査基準", a.Criteria},
		{"監査人", strings.Join(auditors, "、")},
		{"対象期間", wareki.Date(a.PeriodFrom) + "〜" + wareki.Date(a.PeriodTo)},
		{"実施日", wareki.Date(a.Starts) + "〜" + wareki.Date(a.Ends)},
		{"状況", a.State.Label()},
		{"結論", a.Summary},
		{"指摘の件数", len(r.Findings)},
	}
	if !a.SubmittedAt.IsZero() {
		lines = append(lines, []any{"提出", wareki.Date(a.SubmittedAt) + " " + a.SubmittedBy})
	}
	for i, l := range lines {
		if err := f.SetSheetRow(top, fmt.Sprintf("A%d", i+1), &l); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	if err := f.SetColWidth(top, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(top, "B", "B", 80); err != nil {
		return err
	}
	actions := map[int64]corrective.Action{}
	for _, x := range r.Actions {
		actions[x.ID] = x
	}
	rows := make([][]any, len(r.Findings))
	for i, x := range r.Findings {
		act := actions[x.ActionID]
		rows[i] = []any{x.ID, strings.Join(x.Provisions, " "), x.Severity.Label(), x.UnitName, x.Text, x.ActionID, act.State.Label(), wareki.Date(act.Due)}
	}
	if err := table(f, "指摘", findingColumns, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, s := range r.Samples {
		verdicts := map[string]audits.Verdict{}
		for _, v := range s.Verdicts {
			verdicts[v.RecordID] = v
		}
		for _, id := range s.Drawn {
			v, ok := verdicts[id]
			verdict := "未判定"
			if ok && v.Conforms {
				verdict = "適合"
			} else if ok {
				verdict = "不適合"
			}
			rows = append(rows, []any{s.Register.Label(), id, verdict, v.Note})
		}
	}
	if err := table(f, "標本", sampleColumns, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, e := range r.Evidence {
		rows = append(rows, []any{e.ID, e.Name, e.SHA256, wareki.Date(e.KeepUntil)})
	}
	if err := table(f, "証拠", evidenceColumns, rows); err != nil {
		return err
	}
	return f.Write(w)
}

func table(f *excelize.File, name string, cols []sheets.TableColumn, rows [][]any) error {
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("add sheet %s: %w", name, err)
	}
	return sheets.WriteTable(f, name, cols, rows)
}
