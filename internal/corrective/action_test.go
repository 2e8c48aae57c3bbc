package corrective

import (
	"strings"
	"testing"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

func action() Action {
	due, _ := organisation.ParseDate("2026-06-30")
	return Action{ID: 7, Source: Source{Kind: SourceAuditFinding, ID: "3"}, Unit: "111", OwnerRole: organisation.RoleInfoManager,
		OwnerScope: organisation.UnitScope("111"), Title: "媒体の暗号化", Due: due, State: StateOpen}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Action)
		field string
	}{
		{"good", func(*Action) {}, ""},
		{"unknown source", func(a *Action) { a.Source.Kind = "rumour" }, FieldSource},
		{"no source number", func(a *Action) { a.Source.ID = "" }, FieldSource},
		{"no title", func(a *Action) { a.Title = "" }, FieldTitle},
		{"a role that owns nothing", func(a *Action) { a.OwnerRole = organisation.RoleCISO }, FieldOwnerRole},
		{"a unit role for the city", func(a *Action) { a.OwnerScope = organisation.City() }, FieldOwnerScope},
		{"no due day", func(a *Action) { a.Due = time.Time{} }, FieldDue},
		{"a control character", func(a *Action) { a.Plan = "計画\x00" }, FieldPlan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := action()
			tc.edit(&a)
			fe := a.Check()
			if tc.field == "" {
				if len(fe) != 0 {
					t.Errorf("errors = %v, want none", fe)
				}
				return
			}
			if len(fe) == 0 || fe[0].Field != tc.field {
				t.Errorf("errors = %v, want one on %s", fe, tc.field)
			}
		})
	}
}

func TestStates(t *testing.T) {
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	a := action()
	if !a.Overdue(now) || a.DaysOverdue(now) != 1 {
		t.Errorf("overdue = %v, %d days; want 1 day", a.Overdue(now), a.DaysOverdue(now))
	}
	if _, err := a.Complete("2002", "済み", 0, now); kijun.ErrorCode(err) != kijun.EINVALID || !strings.Contains(err.Error(), "証拠") {
		t.Errorf("done without evidence: %v", err)
	}
	if _, err := a.Verify("2007", "2002", true, "確認", now); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("verified while open: %v", err)
	}
	done, err := a.Complete("2002", "済み", 1, now)
	if err != nil || done.State != StateCompleted {
		t.Fatalf("complete: %v, %s", err, done.State)
	}
	if _, err := done.Replan("x", "y", now); kijun.ErrorCode(err) != kijun.ECONFLICT {
		t.Errorf("replanned when done: %v", err)
	}
	for _, who := range []string{"2002", ""} {
		if _, err := done.Verify(who, "2002", true, "確認", now); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
			t.Errorf("verified by %q, the owner: %v", who, err)
		}
	}
	other := done
	other.CompletedBy = "2003"
	if _, err := other.Verify("2003", "2002", true, "確認", now); kijun.ErrorCode(err) != kijun.EFORBIDDEN {
		t.Errorf("verified by whoever reported it done: %v", err)
	}
	back, err := done.Verify("2007", "2002", false, "まだ平文", now)
	if err != nil || back.State != StateOpen || back.Reopened != 1 {
		t.Errorf("ineffective: %v, %s, %d", err, back.State, back.Reopened)
	}
	ok, err := done.Verify("2007", "2002", true, "確認した", now)
	if err != nil || ok.State != StateVerified {
		t.Errorf("effective: %v, %s", err, ok.State)
	}
}

func TestOfficer(t *testing.T) {
	staff := Officer{StaffNo: "1", Units: map[string]bool{"111": true}}
	if staff.Sees("112") || !staff.Sees("111") || staff.MayCreate(SourceAuditFinding) || staff.MayVerify() {
		t.Error("a member of staff sees or does too much")
	}
	auditor := Officer{Auditor: true}
	if !auditor.Sees("112") || !auditor.MayCreate(SourceAuditFinding) || auditor.MayCreate(SourceIncidentMeasure) {
		t.Error("the audit director's rights are wrong")
	}
}

// FuzzSplitProvisions: whatever is typed, the list holds each number
// once, none empty, none with a separator in it.
func FuzzSplitProvisions(f *testing.F) {
	for _, s := range []string{"6.4.3 8.2.6", "6.4.3、6.4.3,7.1", "", "　 \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[string]bool{}
		for _, p := range SplitProvisions(s) {
			if p == "" || strings.ContainsAny(p, " ,、　\n\t") || seen[p] {
				t.Fatalf("SplitProvisions(%q) gave %q", s, p)
			}
			seen[p] = true
		}
	})
}
