package operations

import (
	"strings"
	"time"

	"kijun/internal/kijun"
)

// Outcome is how an operation ended (8.1.5ア: 作業の結果).
type Outcome string

// The outcomes of an operation.
const (
	OutcomeDone      Outcome = "done"      // 完了
	OutcomeFailed    Outcome = "failed"    // 失敗
	OutcomeCancelled Outcome = "cancelled" // 中止
)

// OutcomeSpecs names the outcomes in Japanese and English, in display
// order.
func OutcomeSpecs() []struct {
	Outcome        Outcome
	Label, LabelEN string
} {
	return []struct {
		Outcome        Outcome
		Label, LabelEN string
	}{{OutcomeDone, "完了", "done"}, {OutcomeFailed, "失敗", "failed"}, {OutcomeCancelled, "中止", "cancelled"}}
}

// Label returns the outcome's Japanese name.
func (o Outcome) Label() string {
	for _, s := range OutcomeSpecs() {
		if s.Outcome == o {
			return s.Label
		}
	}
	return string(o)
}

// ParseOutcome reads an outcome by identifier, Japanese or English name.
func ParseOutcome(s string) (Outcome, bool) {
	s = strings.TrimSpace(s)
	for _, o := range OutcomeSpecs() {
		if s == string(o.Outcome) || s == o.Label || strings.EqualFold(s, o.LabelEN) {
			return o.Outcome, true
		}
	}
	return Outcome(s), false
}

// Limits on the text of a record.
const (
	MaxSummary    = 1000
	MaxComponents = 500
	MaxWorker     = 100
	MaxWorkers    = 10
	MaxTicket     = 64
)

// WorkRecord is one operation on a system (8.1.5ア: 作業記録): when, who,
// what, on which components, and how it ended.
type WorkRecord struct {
	ID     int64  `json:"id"`
	System string `json:"system"`
	// At is when the operation was done.
	At time.Time `json:"at"`
	// Workers are who did it: staff numbers, or a contractor's staff by
	// name.
	Workers    []string `json:"workers"`
	Summary    string   `json:"summary"`
	Components string   `json:"components,omitempty"`
	Outcome    Outcome  `json:"outcome"`
	// Ticket is the ticket system's number, for a record imported from
	// its export; "" for one entered in Kijun.
	Ticket string `json:"ticket,omitempty"`
	// EnteredBy is the actor who entered or imported the record.
	EnteredBy string    `json:"entered_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Fields of a work record, named as forms and imports name them.
const (
	FieldSystem     = "system"
	FieldAt         = "at"
	FieldWorkers    = "workers"
	FieldSummary    = "summary"
	FieldComponents = "components"
	FieldOutcome    = "outcome"
	FieldTicket     = "ticket"
)

// Check returns what is wrong with w as it would be recorded at now:
// every field beside its name. A record of an operation in the future is
// refused, since a 作業記録 records what was done.
func (w WorkRecord) Check(now time.Time) []kijun.FieldError {
	var fe kijun.FieldErrors
	if strings.TrimSpace(w.System) == "" {
		fe.Add(FieldSystem, "情報システムを指定してください")
	}
	switch {
	case w.At.IsZero():
		fe.Add(FieldAt, "作業日時を入力してください（8.1.5ア）")
	case w.At.After(now):
		fe.Add(FieldAt, "作業日時 %s は未来です。実施した作業を記録してください（8.1.5ア）", w.At.In(jst).Format("2006-01-02 15:04"))
	}
	checkWorkers(&fe, FieldWorkers, w.Workers)
	if strings.TrimSpace(w.Summary) == "" {
		fe.Add(FieldSummary, "作業内容を入力してください（8.1.5ア）")
	}
	fe.Text(FieldSummary, "作業内容", w.Summary, MaxSummary, true)
	fe.Text(FieldComponents, "対象の構成要素", w.Components, MaxComponents, true)
	if _, ok := ParseOutcome(string(w.Outcome)); !ok {
		fe.Add(FieldOutcome, "結果 %q は 完了・失敗・中止 のいずれかにしてください", string(w.Outcome))
	}
	fe.Text(FieldTicket, "チケット番号", w.Ticket, MaxTicket, false)
	return fe.Fields
}

// checkWorkers adds to fe what is wrong with a list of people: one at
// least, none blank or repeated, each name of a sensible length.
func checkWorkers(fe *kijun.FieldErrors, field string, ws []string) {
	if len(ws) == 0 {
		fe.Add(field, "作業者を一人以上入力してください")
		return
	}
	if len(ws) > MaxWorkers {
		fe.Add(field, "作業者は %d 人までです（%d 人あります）", MaxWorkers, len(ws))
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if strings.TrimSpace(w) == "" {
			fe.Add(field, "空の作業者があります")
			continue
		}
		if seen[w] {
			fe.Add(field, "作業者 %s が重複しています", w)
		}
		seen[w] = true
		fe.Text(field, "作業者", w, MaxWorker, false)
	}
}

// ParseWorkers reads people written as the forms and files write them:
// separated by commas, 、, ; or new lines.
func ParseWorkers(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '、' || r == ';' || r == '；' || r == '\n' || r == '，'
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// jst is the city's time zone, in which people read and write times.
var jst = time.FixedZone("JST", 9*60*60)

// JST returns the city's time zone.
func JST() *time.Location { return jst }

// ParseTime reads a time as people write it in the city's zone:
// 2026-04-01 09:30, 2026/04/01 9:30, 2026-04-01T09:30, or RFC 3339.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006/01/02 15:04", "2006/1/2 15:04", "2006-01-02 15:04:05", "2006/01/02 15:04:05", "2006/1/2 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, jst); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
