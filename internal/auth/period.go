package auth

import "time"

// Period is a span of calendar months and days. The standard counts password
// ages in months (8.2.6エ: 概ね6か月以内), and a month is not a fixed
// time.Duration, so a Period adds months by the calendar.
type Period struct {
	Months int
	Days   int
}

// IsZero reports whether p is empty, which means "no limit" wherever a
// Period is a maximum.
func (p Period) IsZero() bool { return p.Months == 0 && p.Days == 0 }

// From returns t moved forward by p.
func (p Period) From(t time.Time) time.Time { return t.AddDate(0, p.Months, p.Days) }
