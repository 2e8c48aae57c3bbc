// Package wareki formats dates the way Japanese city staff read them: in the
// Japanese era calendar (和暦) and by fiscal year (年度, April to March), in
// Japan Standard Time.
package wareki

import (
	"fmt"
	"strconv"
	"time"
)

// JST returns Japan Standard Time. Japan has no daylight saving time, so a
// fixed zone is exact and needs no time zone database on the machine.
func JST() *time.Location { return time.FixedZone("JST", 9*60*60) }

type era struct {
	name  string
	start time.Time // first day, JST
}

func eras() [5]era {
	jst := JST()
	return [5]era{
		{"令和", time.Date(2019, 5, 1, 0, 0, 0, 0, jst)},
		{"平成", time.Date(1989, 1, 8, 0, 0, 0, 0, jst)},
		{"昭和", time.Date(1926, 12, 25, 0, 0, 0, 0, jst)},
		{"大正", time.Date(1912, 7, 30, 0, 0, 0, 0, jst)},
		{"明治", time.Date(1868, 10, 23, 0, 0, 0, 0, jst)},
	}
}

func eraOf(t time.Time) (name string, year int, ok bool) {
	t = t.In(JST())
	for _, e := range eras() {
		if !t.Before(e.start) {
			return e.name, t.Year() - e.start.Year() + 1, true
		}
	}
	return "", 0, false
}

func yearName(n int) string {
	if n == 1 {
		return "元"
	}
	return strconv.Itoa(n)
}

// Year returns the era year of t, such as "令和7年" or "令和元年".
func Year(t time.Time) string {
	name, y, ok := eraOf(t)
	if !ok {
		return strconv.Itoa(t.In(JST()).Year()) + "年"
	}
	return name + yearName(y) + "年"
}

// Date returns t as an era date in JST, such as "令和7年11月25日".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	j := t.In(JST())
	return fmt.Sprintf("%s%d月%d日", Year(j), int(j.Month()), j.Day())
}

// FiscalYear returns the Gregorian year in which t's fiscal year (年度)
// begins: 1 April to 31 March, in JST.
func FiscalYear(t time.Time) int {
	j := t.In(JST())
	if j.Month() < time.April {
		return j.Year() - 1
	}
	return j.Year()
}

// FiscalYearName returns t's fiscal year in the era calendar, such as
// "令和7年度". A fiscal year in which a new era began takes the new era's name
// when that era began in the same calendar year as the fiscal year
// (2019年度 is 令和元年度); otherwise the era in force on 1 April.
func FiscalYearName(t time.Time) string {
	fy := FiscalYear(t)
	for _, e := range eras() {
		if e.start.Year() <= fy {
			return e.name + yearName(fy-e.start.Year()+1) + "年度"
		}
	}
	return strconv.Itoa(fy) + "年度"
}

// FiscalYearRange returns the first instant of fiscal year fy and the first
// instant of the next, in JST.
func FiscalYearRange(fy int) (start, end time.Time) {
	jst := JST()
	return time.Date(fy, time.April, 1, 0, 0, 0, 0, jst), time.Date(fy+1, time.April, 1, 0, 0, 0, 0, jst)
}
