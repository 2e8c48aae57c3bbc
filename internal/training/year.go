package training

import (
	"fmt"
	"time"
)

// FiscalYear returns the 年度 of day d: April to March, named by the year
// it starts in.
func FiscalYear(d time.Time) int {
	if d.Month() < time.April {
		return d.Year() - 1
	}
	return d.Year()
}

// YearStart is the first day of 年度 y.
func YearStart(y int) time.Time { return time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC) }

// YearEnd is the last day of 年度 y.
func YearEnd(y int) time.Time { return time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC) }

func fmtMsg(format string, args ...any) string { return fmt.Sprintf(format, args...) }
