package wareki

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	jst := JST()
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 10, 0, 0, 0, jst), "令和8年11月25日"},
		{time.Date(2019, 5, 1, 0, 0, 0, 0, jst), "令和元年5月1日"},
		{time.Date(2019, 4, 30, 23, 59, 0, 0, jst), "平成31年4月30日"},
		{time.Date(1989, 1, 7, 12, 0, 0, 0, jst), "昭和64年1月7日"},
		{time.Date(1989, 1, 8, 0, 0, 0, 0, jst), "平成元年1月8日"},
		{time.Date(2003, 1, 27, 0, 0, 0, 0, jst), "平成15年1月27日"},
		{time.Date(2022, 4, 1, 0, 0, 0, 0, jst), "令和4年4月1日"},
		// 2019-04-30 15:30 UTC is already 1 May in Japan.
		{time.Date(2019, 4, 30, 15, 30, 0, 0, time.UTC), "令和元年5月1日"},
	}
	for _, tt := range tests {
		if got := Date(tt.in); got != tt.want {
			t.Errorf("Date(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Date(time.Time{}); got != "" {
		t.Errorf("Date(zero) = %q, want empty", got)
	}
}

func TestFiscalYear(t *testing.T) {
	jst := JST()
	tests := []struct {
		in       time.Time
		wantYear int
		wantName string
	}{
		{time.Date(2026, 11, 25, 0, 0, 0, 0, jst), 2026, "令和8年度"},
		{time.Date(2027, 3, 31, 23, 59, 0, 0, jst), 2026, "令和8年度"},
		{time.Date(2027, 4, 1, 0, 0, 0, 0, jst), 2027, "令和9年度"},
		{time.Date(2019, 4, 1, 0, 0, 0, 0, jst), 2019, "令和元年度"},
		{time.Date(2020, 3, 31, 0, 0, 0, 0, jst), 2019, "令和元年度"},
		{time.Date(1989, 2, 1, 0, 0, 0, 0, jst), 1988, "昭和63年度"},
		{time.Date(1989, 4, 1, 0, 0, 0, 0, jst), 1989, "平成元年度"},
		// 31 March 16:00 UTC is 1 April in Japan: the new fiscal year.
		{time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC), 2026, "令和8年度"},
	}
	for _, tt := range tests {
		if got := FiscalYear(tt.in); got != tt.wantYear {
			t.Errorf("FiscalYear(%v) = %d, want %d", tt.in, got, tt.wantYear)
		}
		if got := FiscalYearName(tt.in); got != tt.wantName {
			t.Errorf("FiscalYearName(%v) = %q, want %q", tt.in, got, tt.wantName)
		}
	}
	start, end := FiscalYearRange(2026)
	if got, want := start.Format(time.RFC3339), "2026-04-01T00:00:00+09:00"; got != want {
		t.Errorf("start = %s, want %s", got, want)
	}
	if got, want := end.Format(time.RFC3339), "2027-04-01T00:00:00+09:00"; got != want {
		t.Errorf("end = %s, want %s", got, want)
	}
}
