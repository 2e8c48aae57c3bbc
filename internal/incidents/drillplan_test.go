package incidents

import (
	"slices"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// TestDrillEntryInItsYear checks a planned drill falls in its 年度 (1 April
// to 31 March), and the improvement's owner scope follows its role.
func TestDrillEntryInItsYear(t *testing.T) {
	d := func(s string) time.Time { t, _ := organisation.ParseDate(s); return t }
	for _, c := range []struct {
		on   string
		want bool
	}{{"2026-04-01", true}, {"2027-03-31", true}, {"2026-03-31", false}, {"2027-04-01", false}} {
		e := DrillEntry{Year: 2026, Title: "x", Participants: "x", PlannedOn: d(c.on)}
		bad := slices.ContainsFunc(e.Check(), func(f kijun.FieldError) bool { return f.Field == "planned_on" })
		if bad == c.want {
			t.Errorf("planned on %s: accepted = %v, want %v", c.on, !bad, c.want)
		}
	}
	m := DrillImprovement{Unit: "111", OwnerRole: organisation.RoleInfoManager}
	if got := m.OwnerScope(); got != organisation.UnitScope("111") {
		t.Errorf("scope of the 情報管理者 = %v, want 課 111", got)
	}
	m.OwnerRole = organisation.RoleSecurityManager
	if got := m.OwnerScope(); got != organisation.City() {
		t.Errorf("scope of the 情報セキュリティ管理者 = %v, want the city", got)
	}
}
