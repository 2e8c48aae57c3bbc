package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/compliance"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// Who answers for a finding is the role holder on the finding's day: the
// 情報管理者 of its 課, or the 情報セキュリティ管理者 for one no 課 answers
// for; a finding closed before anyone held the role names nobody.
func TestFillResponsible(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		chief, err := db.Person(ctx, "1002")
		if err != nil {
			t.Fatal(err)
		}
		at := func(s string) time.Time { return day(s).Add(9 * time.Hour) }
		fs := []store.StoredFinding{
			{Finding: compliance.Finding{Rule: "r", Subject: "system:a", Unit: "111"}, LastSeen: at("2024-05-01")},
			{Finding: compliance.Finding{Rule: "r", Subject: "system:b", Unit: "111"}, LastSeen: at("2024-03-30"), ClosedAt: at("2024-03-31")},
			{Finding: compliance.Finding{Rule: "r", Subject: "role:ciso@city:"}, LastSeen: at("2024-05-01")},
		}
		if err := db.FillResponsible(ctx, fs); err != nil {
			t.Fatal(err)
		}
		want := []string{chief.Name + "（情報管理者）", "", chief.Name + "（情報セキュリティ管理者）"}
		for i, f := range fs {
			if f.Responsible != want[i] {
				t.Errorf("%s: responsible %q, want %q", f.Subject, f.Responsible, want[i])
			}
		}
	})
}

// Full runs on three days: a finding seen each day keeps the day it was
// first seen; one fixed closes on the day it is no longer found and, found
// again, reopens as first seen that day; the trend keeps each day's
// counts by 課, weighted by severity, a later run the same day replacing
// them.
func TestFindingsOverDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t1 := day("2026-06-01").Add(2 * time.Hour)
		t2, t3 := t1.AddDate(0, 0, 1), t1.AddDate(0, 0, 2)
		f := func(rule, unit string, sev compliance.Severity) compliance.Finding {
			return compliance.Finding{Rule: rule, Subject: "system:" + unit, Provision: "8.1.3", Severity: sev, Kind: compliance.KindSystem, Unit: unit, Message: rule}
		}
		a, b, c := f("a", "111", compliance.SeverityHigh), f("b", "112", compliance.SeverityMedium), f("c", "111", compliance.SeverityLow)
		checks := map[string]int{"111": 10, "112": 5}
		for _, run := range []struct {
			at    time.Time
			found []compliance.Finding
		}{{t1, []compliance.Finding{a, b}}, {t2, []compliance.Finding{a}}, {t2, []compliance.Finding{a, c}}, {t3, []compliance.Finding{a, b, c}}} {
			if err := db.SaveCheckRun(ctx, &store.CheckRun{At: run.at, RulesVersion: "v"}, run.found, checks); err != nil {
				t.Fatal(err)
			}
			if run.at.Equal(t2) && len(run.found) == 1 {
				closed, _, err := db.ListFindings(ctx, store.FindingFilter{Rule: "b", Closed: true})
				if err != nil || len(closed) != 1 || !closed[0].ClosedAt.Equal(t2) {
					t.Fatalf("b after its fix: %+v, %v", closed, err)
				}
			}
		}
		open, _, err := db.ListFindings(ctx, store.FindingFilter{Limit: 10})
		if err != nil || len(open) != 3 {
			t.Fatalf("open findings: %+v, %v", open, err)
		}
		first := map[string]time.Time{}
		for _, o := range open {
			first[o.Rule] = o.FirstSeen
			if !o.LastSeen.Equal(t3) {
				t.Errorf("%s last seen %v, want %v", o.Rule, o.LastSeen, t3)
			}
		}
		if !first["a"].Equal(t1) || !first["b"].Equal(t3) || !first["c"].Equal(t2) {
			t.Errorf("first seen: a %v (want %v), b %v (reopened, want %v), c %v (want %v)", first["a"], t1, first["b"], t3, first["c"], t2)
		}
		trend, err := db.DailyCounts(ctx, day("2026-06-01"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range trend {
			got = append(got, fmt.Sprintf("%s %s %d/%d %d-%d-%d", d.Day.Format("01-02"), d.Unit, d.Failed, d.Checks, d.High, d.Med, d.Low))
		}
		want := []string{
			"06-01 111 3/10 1-0-0", "06-01 112 2/5 0-1-0",
			"06-02 111 4/10 1-0-1", "06-02 112 0/5 0-0-0",
			"06-03 111 4/10 1-0-1", "06-03 112 2/5 0-1-0",
		}
		if !slices.Equal(got, want) {
			t.Errorf("trend:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
