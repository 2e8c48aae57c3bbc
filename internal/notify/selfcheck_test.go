package notify_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/demo"
	"kijun/internal/notify"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// An unsubmitted self-check report is reminded two weeks before its due
// day and again once overdue, each once by key; overdue 課 reports are
// told to the 統括責任者 once a day; a submitted report is not reminded.
func TestSelfcheckReminders(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, filepath.Join(t.TempDir(), "kijun.db"), store.Options{})
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	c, n, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: 2026, Catalog: cat, Due: now.AddDate(0, 0, 30)})
	if err != nil {
		t.Fatal(err)
	}
	due := notify.SelfcheckReminders(db)
	count := func(at time.Time, kind string) int {
		rs, err := due(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, r := range rs {
			if strings.Contains(r.Key, ":"+kind) {
				k++
			}
		}
		return k
	}
	if got := count(now, "due-soon") + count(now, "overdue"); got != 0 {
		t.Errorf("a month before the due day: %d reminders, want none", got)
	}
	soon := count(now.AddDate(0, 0, 20), "due-soon")
	if soon == 0 || soon > n {
		t.Errorf("ten days before: %d due-soon reminders of %d reports", soon, n)
	}
	late := now.AddDate(0, 0, 32)
	if got := count(late, "overdue"); got != soon {
		t.Errorf("after the due day: %d overdue reminders, want %d", got, soon)
	}
	if got := count(late, "escalate"); got != 1 {
		t.Errorf("escalations to the 統括責任者: %d, want 1", got)
	}
	// A report submitted is reminded no more.
	own, err := db.SelfcheckReports(ctx, c.ID, "staff", 1)
	if err != nil || len(own) == 0 {
		t.Fatal(err)
	}
	v, err := db.SelfcheckReport(ctx, own[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range v.Questions {
		if _, err := db.AnswerSelfcheck(ctx, own[0].ID, "", selfcheckYes(q.Key)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SubmitSelfcheck(ctx, own[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := count(late, "overdue"); got != soon-1 {
		t.Errorf("after one report was submitted: %d overdue reminders, want %d", got, soon-1)
	}
}

func selfcheckYes(key string) selfcheck.Answer {
	return selfcheck.Answer{Question: key, Value: selfcheck.Yes}
}
