package notify_test

import (
	"context"
	"path/filepath"
	"testing"

	"kijun/internal/catalog"
	"kijun/internal/demo"
	"kijun/internal/notify"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// A 課's self-check report a day overdue is not yet the 局's business;
// a week and more overdue, the 情報責任者 of its 局 is told, once a week,
// with the reports named.
func TestSelfcheckEscalation(t *testing.T) {
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
	if _, _, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: 2026, Catalog: cat, Due: now.AddDate(0, 0, 30)}); err != nil {
		t.Fatal(err)
	}
	due := notify.SelfcheckEscalation(db)
	if rs, err := due(ctx, now.AddDate(0, 0, 32)); err != nil || len(rs) != 0 {
		t.Errorf("a day overdue: %d mails to 情報責任者 (%v), want none", len(rs), err)
	}
	at := now.AddDate(0, 0, 40)
	rs, err := due(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		t.Fatal("ten days overdue: no 情報責任者 told")
	}
	for _, r := range rs {
		roles, err := db.RolesOf(ctx, r.To[0], organisation.Day(at))
		if err != nil {
			t.Fatal(err)
		}
		officer := false
		for _, a := range roles {
			officer = officer || a.Holder.Role == organisation.RoleInfoOfficer
		}
		if !officer || r.Body == "" {
			t.Errorf("%s mailed to %v, who is no 情報責任者", r.Key, r.To)
		}
	}
}
