package permits

import (
	"fmt"
	"io"
	"kijun/internal/wareki"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// RegisterSheet is the sheet of the register of exceptions.
const RegisterSheet = "例外措置の申請と審査結果"

// RegisterRow is one exception request in the register of 9.5.3, with its
// decision (the last decisive step) and the steps that led to it.
type RegisterRow struct {
	Request  Request
	Timeline []Entry
}

var registerColumns = []string{"申請番号", "種類", "状態", "申請者", "職員番号", "遵守が困難な規定", "例外措置", "理由・緊急を要した理由",
	"開始日", "終了日", "申請・報告日時", "審査結果", "審査者", "代行（誰に代わって）", "審査日時", "判断", "やむを得ない場合の理由", "経過"}

// WriteRegister writes the register of exception requests and their
// decisions (9.5.3) as a workbook, one row a request, times in JST.
func WriteRegister(w io.Writer, reg *Registry, rows []RegisterRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", RegisterSheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	for i, h := range registerColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(RegisterSheet, cell, h); err != nil {
			return fmt.Errorf("write header: %w", err)
		}
	}
	for n, row := range rows {
		r := row.Request
		name := r.Type
		if t := reg.Type(r.Type); t != nil {
			name = t.Name
		}
		var decision *Entry
		var steps []string
		for i, e := range row.Timeline {
			switch e.Action {
			case ActionApprove, ActionReject, ActionAutoReject:
				decision = &row.Timeline[i]
			}
			who := e.ActorName
			if e.BehalfName != "" {
				who += "（" + e.BehalfName + " の代行）"
			}
			steps = append(steps, fmt.Sprintf("%s %s %s", jst(e.At), e.Action.Label(), who))
		}
		reason := r.Fields["reason"]
		if reason == "" {
			reason = r.Fields["urgency"]
		}
		vals := []any{r.ID, name, r.State.Label(), r.RequesterName, r.Requester, r.Fields["provision"], r.Fields["measure"], reason,
			day(r.ValidFrom), day(r.ValidTo), jst(r.SubmittedAt)}
		if decision != nil {
			judged := ""
			if decision.Judgement == "minor" {
				judged = "軽微（9.5.1 なお書き）"
			}
			unavoidable := ""
			if decision.Unavoidable {
				unavoidable = decision.Reason
			}
			vals = append(vals, decision.Action.Label(), decision.ActorName, decision.BehalfName, jst(decision.At), judged, unavoidable)
		} else {
			vals = append(vals, "", "", "", "", "", "")
		}
		vals = append(vals, strings.Join(steps, "\n"))
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, n+2)
			if err := f.SetCellValue(RegisterSheet, cell, v); err != nil {
				return fmt.Errorf("write row %d: %w", n+2, err)
			}
		}
	}
	if err := f.SetPanes(RegisterSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	last, _ := excelize.CoordinatesToCellName(len(registerColumns), len(rows)+1)
	if err := f.AutoFilter(RegisterSheet, "A1:"+last, nil); err != nil {
		return fmt.Errorf("filter: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

func jst(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(wareki.JST()).Format("2006-01-02 15:04")
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
