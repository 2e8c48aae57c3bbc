package operations

import (
	"io"
	"time"

	"kijun/internal/kijun"
)

// MaxWorkCSV is the largest ticket export read, and MaxWorkRows the most
// rows: a year of a city's operations is far below both.
const (
	MaxWorkCSV  = 32 << 20
	MaxWorkRows = 200_000
)

// WorkRow is a row of a ticket system's export, read as a work record.
type WorkRow struct {
	Line   int
	Record WorkRecord
}

// workColumns names the columns of a ticket export by what they hold,
// under the names ticket systems and people give them.
var workColumns = map[string][]string{
	FieldTicket:     {"チケット番号", "チケット", "ticket", "id", "#"},
	FieldSystem:     {"システムid", "システム", "system", "system_id"},
	FieldAt:         {"作業日時", "日時", "at", "date", "done_at"},
	FieldWorkers:    {"作業者", "担当者", "workers", "assignee", "who"},
	FieldSummary:    {"作業内容", "件名", "summary", "subject", "what"},
	FieldComponents: {"対象", "構成要素", "components", "component"},
	FieldOutcome:    {"結果", "ステータス", "outcome", "status", "result"},
}

var columnLabels = map[string]string{
	FieldTicket: "チケット番号", FieldSystem: "システムID", FieldAt: "作業日時", FieldWorkers: "作業者",
	FieldSummary: "作業内容", FieldComponents: "対象", FieldOutcome: "結果",
}

// ReadWorkCSV reads a ticket system's CSV export (UTF-8, with or without
// a BOM) as work records, every row checked as one entered would be at
// now. Any wrong row makes the whole file an EINVALID error wrapping a
// *kijun.ImportError that lists each row's reason, and no record is
// returned: an import is all or nothing.
func ReadWorkCSV(r io.Reader, now time.Time) ([]WorkRow, error) {
	file, err := openCSV(r, "作業記録ファイル", workColumns)
	if err != nil {
		return nil, err
	}
	ie := &kijun.ImportError{What: "作業記録ファイル"}
	for _, f := range []string{FieldSystem, FieldAt, FieldWorkers, FieldSummary, FieldOutcome} {
		if !file.has(f) {
			ie.Add("", 1, columnLabels[f], "列「%s」がありません", columnLabels[f])
		}
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	var out []WorkRow
	tickets := map[string]int{}
	file.rows(ie, func() int { return len(out) }, func(line int, rec []string) {
		w := WorkRecord{System: file.cell(rec, FieldSystem), Workers: ParseWorkers(file.cell(rec, FieldWorkers)),
			Summary: file.cell(rec, FieldSummary), Components: file.cell(rec, FieldComponents), Ticket: file.cell(rec, FieldTicket)}
		bad := false
		if s := file.cell(rec, FieldAt); s != "" {
			t, ok := ParseTime(s)
			if !ok {
				ie.Add("", line, columnLabels[FieldAt], "作業日時 %q を読めません（例: 2026-04-01 09:30）", s)
				bad = true
			}
			w.At = t
		}
		o, _ := ParseOutcome(file.cell(rec, FieldOutcome))
		w.Outcome = o
		for _, f := range w.Check(now) {
			if bad && f.Field == FieldAt {
				continue
			}
			ie.Add("", line, columnLabels[f.Field], "%s", f.Message)
			bad = true
		}
		if w.Ticket != "" {
			key := w.System + "\x00" + w.Ticket
			if first, dup := tickets[key]; dup {
				ie.Add("", line, columnLabels[FieldTicket], "チケット %s は %d 行目にもあります", w.Ticket, first)
				bad = true
			}
			tickets[key] = line
		}
		if !bad {
			out = append(out, WorkRow{Line: line, Record: w})
		}
	})
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "作業記録ファイルに取り込む行がありません")
	}
	return out, nil
}
