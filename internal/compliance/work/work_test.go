package work

import (
	"errors"
	"math"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/kijun"
)

func TestScore(t *testing.T) {
	for _, c := range []struct {
		name              string
		high, med, low, n int
		want              float64
	}{
		{"no findings", 0, 0, 0, 20, 100},
		{"one high in a 課 of 20", 1, 0, 0, 20, 100.0 / 1.5},
		{"ten high in a 課 of 20", 10, 0, 0, 20, 100.0 / 6},
		{"the city of 10,000 with 882 high", 882, 0, 0, 10000, 100 / 1.882},
		{"no staff counts as one", 0, 0, 1, 0, 50},
		{"ten low weigh one high", 0, 0, 10, 20, 100.0 / 1.5},
	} {
		if got := Score(c.high, c.med, c.low, c.n); math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s: Score = %.2f, want %.2f", c.name, got, c.want)
		}
	}
	if s := Score(882, 0, 0, 10000); s > 60 {
		t.Errorf("a city with 882 high findings scores %.1f, want it well short of 100", s)
	}
}

func TestDue(t *testing.T) {
	d := DefaultDueDays()
	first := time.Date(2026, 4, 1, 15, 30, 0, 0, time.UTC)
	for sev, want := range map[compliance.Severity]string{
		compliance.SeverityHigh: "2026-05-01", compliance.SeverityMedium: "2026-06-30", compliance.SeverityLow: "2026-09-28",
	} {
		if got := d.Due(first, sev).Format(time.DateOnly); got != want {
			t.Errorf("due of %s = %s, want %s", sev, got, want)
		}
	}
	for _, c := range []struct {
		key, value string
		known, ok  bool
	}{
		{SettingHighDays, "14", true, true},
		{SettingMediumDays, "0", true, false},
		{SettingLowDays, "x", true, false},
		{"findings.other", "1", false, true},
	} {
		known, err := d.Apply(c.key, c.value)
		if known != c.known || (err == nil) != c.ok {
			t.Errorf("Apply(%s, %s) = %v, %v; want known %v, ok %v", c.key, c.value, known, err, c.known, c.ok)
		}
	}
	if d.High != 14 {
		t.Errorf("high days = %d after setting 14", d.High)
	}
}

func TestChangeCheck(t *testing.T) {
	for _, c := range []struct {
		name     string
		ch       Change
		from     State
		accepted bool
		field    string
	}{
		{"nothing to change", Change{}, StateOpen, false, "comment"},
		{"unknown state", Change{State: "done"}, StateOpen, false, "state"},
		{"closing says what was done", Change{State: StateClosed}, StateInProgress, false, "comment"},
		{"accepted only under an exception", Change{State: StateAccepted}, StateOpen, false, "state"},
		{"accepted under one", Change{State: StateAccepted}, StateOpen, true, ""},
		{"in progress", Change{State: StateInProgress}, StateOpen, false, ""},
		{"closed with a note", Change{State: StateClosed, Comment: "台帳を直した"}, StateFixed, false, ""},
		{"control character", Change{Comment: "a\x00b"}, StateOpen, false, "comment"},
	} {
		err := c.ch.Check(c.from, c.accepted)
		var fe *kijun.FieldErrors
		_ = errors.As(err, &fe)
		got := ""
		if fe != nil && len(fe.Fields) > 0 {
			got = fe.Fields[0].Field
		}
		if got != c.field {
			t.Errorf("%s: error on %q (%v), want on %q", c.name, got, err, c.field)
		}
	}
}
