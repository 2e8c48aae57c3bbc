package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/store"
	"kijun/internal/wareki"
)

// The nightly check runs every rule over the city once a day, from 2 a.m.
// JST: not before, not twice the same day, and again the next day.
func TestNightlyCheck(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 1, 30, 0, 0, wareki.JST())
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kijun.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	e, _ := testEnv("")
	m := monitor.New(db)
	runs := func() int64 {
		t.Helper()
		last, err := db.LastCheckRun(ctx)
		if err != nil {
			return 0
		}
		return last.ID
	}
	for _, step := range []struct {
		at   time.Time
		want int64
	}{
		{now, 0},                     // 1:30, before the night's hour
		{now.Add(time.Hour), 1},      // 2:30: the day's run
		{now.Add(20 * time.Hour), 1}, // 21:30 the same day: already run
		{now.Add(25 * time.Hour), 2}, // 2:30 the next day
		{now.Add(25*time.Hour + 10*time.Minute), 2},
	} {
		now = step.at
		if err := nightlyCheck(ctx, e, db, m); err != nil {
			t.Fatal(err)
		}
		if got := runs(); got != step.want {
			t.Errorf("at %s: %d runs, want %d", now.Format("01-02 15:04"), got, step.want)
		}
	}
}
