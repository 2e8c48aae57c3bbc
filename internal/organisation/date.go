package organisation

import (
	"time"

	"kijun/internal/kijun"
)

// DateLayout is how dates are written in storage, files and URLs.
const DateLayout = "2006-01-02"

// OpenEnd is the stored end of a period that has not ended. It sorts after
// every real date, so "valid_to >= D" needs no special case.
const OpenEnd = "9999-12-31"

// ParseDate reads a date written as YYYY-MM-DD (also YYYY/MM/DD, as
// spreadsheets often write it). The result is midnight UTC of that day.
func ParseDate(s string) (time.Time, error) {
	for _, layout := range []string{DateLayout, "2006/01/02", "2006/1/2", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, kijun.Errorf(kijun.EINVALID, "日付 %q は YYYY-MM-DD の形で書いてください", s)
}

// Day returns the calendar day of t in JST as midnight UTC, the form every
// date in this package takes.
func Day(t time.Time) time.Time {
	y, m, d := t.In(time.FixedZone("JST", 9*60*60)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FormatDate writes a date for storage; the zero time is an open end.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return OpenEnd
	}
	return t.Format(DateLayout)
}

// StoredDate reads a date from storage; the open end becomes the zero time.
func StoredDate(s string) time.Time {
	if s == OpenEnd || s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(DateLayout, s)
	return t
}

// Period is a span of days. From is the first day; To is the last day, or
// the zero time while the period has not ended.
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
}

// Open reports whether the period has no end yet.
func (p Period) Open() bool { return p.To.IsZero() }

// Contains reports whether day d falls in the period.
func (p Period) Contains(d time.Time) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// Valid reports an error when the period ends before it starts.
func (p Period) Valid() error {
	if p.From.IsZero() {
		return kijun.Errorf(kijun.EINVALID, "開始日がありません")
	}
	if !p.To.IsZero() && p.To.Before(p.From) {
		return kijun.Errorf(kijun.EINVALID, "終了日 %s が開始日 %s より前です", FormatDate(p.To), FormatDate(p.From))
	}
	return nil
}

// DayBefore returns the day before d: the last day of a period that a new
// one starting on d replaces.
func DayBefore(d time.Time) time.Time { return d.AddDate(0, 0, -1) }
