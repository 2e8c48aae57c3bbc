package jobs

import (
	"time"

	"kijun/internal/wareki"
)

// DailyAt is a periodic schedule: every day at hour:minute Japan time, the
// hours the city works by.
func DailyAt(hour, minute int) daily { return daily{hour, minute} }

type daily struct{ hour, minute int }

// Next returns the first hour:minute JST strictly after t.
func (d daily) Next(t time.Time) time.Time {
	j := t.In(wareki.JST())
	next := time.Date(j.Year(), j.Month(), j.Day(), d.hour, d.minute, 0, 0, wareki.JST())
	if !next.After(j) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}
