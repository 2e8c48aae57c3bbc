package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/store/storetest"
)

// TestRolesOf checks that the roles a person acts in agree with who holds
// and who acts for each role: by post, by appointment, by another role, as
// a 9.3 deputy and under the standing rule of 3.2.11.
func TestRolesOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		smallOrg(t, db)
		period := organisation.Period{From: day("2024-08-01"), To: day("2024-08-10")}
		if _, err := db.NameDeputy(ctx, organisation.DeputyAppointment{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"),
			StaffNo: "1004", Reason: "夏季休暇", Period: period}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1005", Reason: "入院", Period: period}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordAbsence(ctx, organisation.Absence{StaffNo: "1002", Reason: "夏季休暇", Period: period}); err != nil {
			t.Fatal(err)
		}
		roles := func(no, date string) string {
			as, err := db.RolesOf(ctx, no, day(date))
			if err != nil {
				t.Fatalf("RolesOf(%s, %s): %v", no, date, err)
			}
			var s []string
			for _, a := range as {
				s = append(s, string(a.Holder.Role)+"@"+a.Holder.Scope.String()+"/"+string(a.Basis))
			}
			slices.Sort(s)
			return strings.Join(s, " ")
		}
		tests := []struct{ no, date, want string }{
			{"1001", "2024-07-31", "info_officer@unit:100/self"},
			{"1001", "2024-08-05", "ciso@city/standing_rule info_officer@unit:100/self"},
			{"1002", "2024-07-31", "csirt_lead@city/self info_manager@unit:111/self security_manager@city/self"},
			{"1002", "2024-08-05", "csirt_lead@city/self info_manager@unit:111/self security_manager@city/self"},
			{"1004", "2024-08-05", "info_manager@unit:111/deputy"},
			{"1004", "2024-08-11", ""},
			{"1005", "2024-07-31", "ciso@city/self"},
			{"1005", "2024-08-05", "ciso@city/self"},
		}
		for _, tt := range tests {
			if got := roles(tt.no, tt.date); got != tt.want {
				t.Errorf("roles of %s on %s:\n got %q\nwant %q", tt.no, tt.date, got, tt.want)
			}
		}
	})
}
