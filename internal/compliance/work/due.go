package work

import (
	"fmt"
	"strconv"
	"time"

	"kijun/internal/compliance"
)

// Settings keys of the days a finding has, by severity, before it falls
// due. A city sets them with `kijun config set`.
const (
	SettingHighDays   = "findings.high_days"
	SettingMediumDays = "findings.medium_days"
	SettingLowDays    = "findings.low_days"
)

// DueDays is how many days after it was first found a finding of each
// severity falls due (9.2.1イ: 適正かつ速やかに対処).
type DueDays struct{ High, Medium, Low int }

// DefaultDueDays are Kijun's defaults: a month for a high finding, a
// quarter for a medium one, half a year for a low one.
func DefaultDueDays() DueDays { return DueDays{High: 30, Medium: 90, Low: 180} }

// Keys lists the settings keys with what each means.
func Keys() []struct{ Key, Meaning string } {
	return []struct{ Key, Meaning string }{
		{SettingHighDays, "重大度「高」の指摘の対応期限（検出からの日数, 既定 30）"},
		{SettingMediumDays, "重大度「中」の指摘の対応期限（検出からの日数, 既定 90）"},
		{SettingLowDays, "重大度「低」の指摘の対応期限（検出からの日数, 既定 180）"},
	}
}

// Apply sets one of the days from its stored text; a value that is not a
// whole number of days from 1 to 3650 is refused with the reason.
func (d *DueDays) Apply(key, value string) (known bool, err error) {
	var p *int
	switch key {
	case SettingHighDays:
		p = &d.High
	case SettingMediumDays:
		p = &d.Medium
	case SettingLowDays:
		p = &d.Low
	default:
		return false, nil
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || n > 3650 {
		return true, fmt.Errorf("%s は 1 から 3650 までの日数にしてください（%q）", key, value)
	}
	*p = n
	return true, nil
}

// For returns the days of severity sev.
func (d DueDays) For(sev compliance.Severity) int {
	switch sev {
	case compliance.SeverityHigh:
		return d.High
	case compliance.SeverityMedium:
		return d.Medium
	}
	return d.Low
}

// Due returns the day a finding of severity sev first found at first
// falls due.
func (d DueDays) Due(first time.Time, sev compliance.Severity) time.Time {
	y, m, day := first.In(time.UTC).Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d.For(sev))
}
