package operations

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

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
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkCSV+1))
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "作業記録ファイルを読めません")
	}
	if len(data) > MaxWorkCSV {
		return nil, kijun.Errorf(kijun.EINVALID, "作業記録ファイルが大きすぎます（%d MiB まで）", MaxWorkCSV>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, kijun.Errorf(kijun.EINVALID, "作業記録ファイルが UTF-8 ではありません（チケットシステムから UTF-8 の CSV で書き出してください）")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, kijun.Errorf(kijun.EINVALID, "作業記録ファイルが空です")
	}
	if err != nil {
		return nil, kijun.Wrap(kijun.EINVALID, err, "作業記録ファイルの見出し行を読めません")
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		for field, names := range workColumns {
			for _, n := range names {
				if h == n {
					if _, dup := col[field]; !dup {
						col[field] = i
					}
				}
			}
		}
	}
	ie := &kijun.ImportError{What: "作業記録ファイル"}
	for _, f := range []string{FieldSystem, FieldAt, FieldWorkers, FieldSummary, FieldOutcome} {
		if _, ok := col[f]; !ok {
			ie.Add("", 1, columnLabels[f], "列「%s」がありません", columnLabels[f])
		}
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	cell := func(rec []string, f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []WorkRow
	tickets := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			ie.Add("", line, "", "CSV として読めません: %v", err)
			break
		}
		line, _ := cr.FieldPos(0)
		if len(out)+len(ie.Errors) >= MaxWorkRows {
			ie.Add("", line, "", "行が多すぎます（%d 行まで）", MaxWorkRows)
			break
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		w := WorkRecord{System: cell(rec, FieldSystem), Workers: ParseWorkers(cell(rec, FieldWorkers)),
			Summary: cell(rec, FieldSummary), Components: cell(rec, FieldComponents), Ticket: cell(rec, FieldTicket)}
		bad := false
		if s := cell(rec, FieldAt); s != "" {
			t, ok := ParseTime(s)
			if !ok {
				ie.Add("", line, columnLabels[FieldAt], "作業日時 %q を読めません（例: 2026-04-01 09:30）", s)
				bad = true
			}
			w.At = t
		}
		o, _ := ParseOutcome(cell(rec, FieldOutcome))
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
	}
	if err := ie.AsError(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, kijun.Errorf(kijun.EINVALID, "作業記録ファイルに取り込む行がありません")
	}
	return out, nil
}
