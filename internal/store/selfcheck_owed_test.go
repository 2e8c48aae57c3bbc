package store_test

import (
	"context"
	"testing"

	"kijun/internal/compliance/monitor"
	"kijun/internal/demo"
	"kijun/internal/organisation"
	"kijun/internal/selfcheck"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// The reports a person owes are theirs alone: a 課's 情報管理者 owes his
// 課's report and his own as a member of staff, each with the campaign's
// due day; a report submitted or of a closed campaign is not owed.
func TestSelfcheckOwedBy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, db, demo.Options{Scale: demo.Small, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		cat, err := monitor.New(db).Catalog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		today := organisation.Day(db.Now())
		director, err := db.HolderOf(ctx, organisation.RoleSecurityDirector, organisation.City(), today)
		if err != nil {
			t.Fatal(err)
		}
		manager, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope("10101"), today)
		if err != nil {
			t.Fatal(err)
		}
		due := today.AddDate(0, 0, 5)
		if _, _, err := db.LaunchSelfcheck(ctx, store.Launch{FiscalYear: 2026, By: director.Person.StaffNo, Due: due, Catalog: cat}); err != nil {
			t.Fatal(err)
		}
		owed, err := db.SelfcheckOwedBy(ctx, manager.Person.StaffNo)
		if err != nil {
			t.Fatal(err)
		}
		var unit bool
		for _, o := range owed {
			if o.Report.Respondent != manager.Person.StaffNo || !o.Due.Equal(due) || o.FiscalYear != 2026 {
				t.Errorf("owed %+v, want the manager's with due %v", o, due)
			}
			unit = unit || (o.Report.Audience == selfcheck.Unit && o.Report.Subject == "10101")
		}
		if !unit {
			t.Errorf("the 情報管理者 of 10101 owes %+v, not his 課's report", owed)
		}
		if err := db.CloseSelfcheck(ctx, 2026, director.Person.StaffNo); err != nil {
			t.Fatal(err)
		}
		if owed, err := db.SelfcheckOwedBy(ctx, manager.Person.StaffNo); err != nil || len(owed) != 0 {
			t.Errorf("after the campaign closed: %d owed, %v", len(owed), err)
		}
	})
}
