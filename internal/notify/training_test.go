package notify_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/demo"
	"kijun/internal/notify"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The demo city's 情報管理者 who missed their course and its new hire are
// reminded, with their 情報管理者; nobody who attended is.
func TestTrainingReminders(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	db := storetest.Open(t, t.TempDir()+"/k.db", store.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	sum, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := notify.TrainingReminders(db)(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	overdue := map[string][]string{}
	for _, r := range rs {
		if strings.HasSuffix(r.Key, ":overdue") {
			overdue[strings.TrimSuffix(strings.TrimPrefix(r.Key, "training:2026:"), ":overdue")] = r.To
		}
	}
	for _, p := range sum.Planted {
		if !strings.HasPrefix(p.Subject, "training:") {
			continue
		}
		to, ok := overdue[strings.TrimPrefix(p.Subject, "training:")]
		if !ok {
			t.Errorf("no overdue reminder for %s; got %v", p.Subject, overdue)
			continue
		}
		if staff, _, _ := strings.Cut(strings.TrimPrefix(p.Subject, "training:"), "|"); !slices.Contains(to, staff) {
			t.Errorf("%s: reminder to %v", p.Subject, to)
		}
	}
	if len(overdue) != 2 {
		t.Errorf("overdue reminders for %v, want the two planted only", overdue)
	}
}
