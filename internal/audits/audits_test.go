package audits

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/organisation"
)

func day(s string) time.Time {
	t, err := organisation.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestIndependence(t *testing.T) {
	a := Audit{Units: []string{"111"}, Systems: []string{"SYS-1"}, PeriodFrom: day("2025-04-01"), PeriodTo: day("2026-03-31"),
		Starts: day("2026-06-01"), Ends: day("2026-06-30")}
	s := Subject{Units: map[string]bool{"111": true}, Systems: map[string]string{"SYS-1": "112", "SYS-2": "111"}}
	me := Auditor{StaffNo: "9001", Name: "監査 太郎"}
	for _, tc := range []struct {
		name string
		h    History
		want string // a part of the one conflict, or "" for none
	}{
		{"never there", History{Auditor: me, Memberships: []Membership{{Unit: "200", Period: organisation.Period{From: day("2020-04-01")}}}}, ""},
		{"works in the 課 now", History{Auditor: me, Memberships: []Membership{{Unit: "111", Period: organisation.Period{From: day("2026-04-01")}}}}, "課 111 に所属"},
		{"worked there during the period", History{Auditor: me, Memberships: []Membership{{Unit: "111", Period: organisation.Period{From: day("2024-04-01"), To: day("2025-09-30")}}}}, "2024-04-01〜2025-09-30"},
		{"left before the period", History{Auditor: me, Memberships: []Membership{{Unit: "111", Period: organisation.Period{From: day("2020-04-01"), To: day("2025-03-31")}}}}, ""},
		{"works in the 課 keeping a system in scope", History{Auditor: me, Memberships: []Membership{{Unit: "112", Period: organisation.Period{From: day("2020-04-01")}}}}, "SYS-1 を所管する課 112"},
		{"administers a system in scope", History{Auditor: me, Roles: []HeldRole{{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope("SYS-1"), Period: organisation.Period{From: day("2025-10-01"), To: day("2026-01-31")}}}}, "自らの業務を監査"},
		{"administers a system of the 課 in scope", History{Auditor: me, Roles: []HeldRole{{Role: organisation.RoleSystemAdmin, Scope: organisation.SystemScope("SYS-2"), Period: organisation.Period{From: day("2025-10-01")}}}}, "SYS-2"},
		{"deputy 情報管理者 of the 課", History{Auditor: me, Roles: []HeldRole{{Role: organisation.RoleInfoManager, Scope: organisation.UnitScope("111"), Deputy: true, Period: organisation.Period{From: day("2025-05-01"), To: day("2025-05-07")}}}}, "情報管理者の代行者"},
		{"external", History{Auditor: Auditor{Name: "外部", Organisation: "監査法人", External: true}, Memberships: []Membership{{Unit: "111", Period: organisation.Period{From: day("2020-04-01")}}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Independence(a, s, tc.h)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("conflicts = %v, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0].String(), tc.want) || !strings.Contains(got[0].String(), "監査 太郎") {
				t.Errorf("conflicts = %v, want one naming the auditor and %q", got, tc.want)
			}
		})
	}
}

func TestDrawIsReproducible(t *testing.T) {
	pop := make([]string, 200)
	for i := range pop {
		pop[i] = "A-" + string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	a := Draw(42, pop, 30)
	rev := slices.Clone(pop)
	slices.Reverse(rev)
	b := Draw(42, rev, 30)
	if !slices.Equal(a, b) || len(a) != 30 {
		t.Fatalf("the same seed drew %v then %v", a, b)
	}
	if c := Draw(43, pop, 30); slices.Equal(a, c) {
		t.Error("another seed drew the same sample")
	}
	seen := map[string]bool{}
	for _, id := range a {
		if seen[id] {
			t.Errorf("%s drawn twice", id)
		}
		seen[id] = true
	}
	if got := Draw(1, pop[:5], 30); len(got) != 5 {
		t.Errorf("a sample larger than the population = %d records, want all 5", len(got))
	}
}

func TestChecklistFromCatalog(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	items := Checklist(c, []string{"6.4.3"}, map[string][]string{"6.4.3": {"媒体 M-1: 暗号化されていません"}})
	if len(items) == 0 {
		t.Fatal("no checklist for 6.4.3")
	}
	var facts bool
	for _, it := range items {
		if !InScope(it.Provision, []string{"6.4.3"}) {
			t.Errorf("%s is not under 6.4.3", it.Provision)
		}
		if it.Provision == "6.4.3" && len(it.Facts) == 1 {
			facts = true
		}
	}
	if c.Find("6.4.3") != nil && strings.TrimSpace(c.Find("6.4.3").Text) != "" && !facts {
		t.Error("the facts of 6.4.3 are not on its line")
	}
}

func TestAuditCheck(t *testing.T) {
	ok := Audit{Title: "情報政策課の監査", Units: []string{"111"}, Provisions: []string{"6.4"}, Auditors: []Auditor{{StaffNo: "9001"}},
		PeriodFrom: day("2025-04-01"), PeriodTo: day("2026-03-31"), Starts: day("2026-06-01"), Ends: day("2026-06-30")}
	if fe := ok.Check(); len(fe) != 0 {
		t.Fatalf("a good audit: %v", fe)
	}
	ext := ok
	ext.Auditors = []Auditor{{Name: "外部 花子", Organisation: "監査法人", External: true}}
	if fe := ext.Check(); len(fe) != 1 || !strings.Contains(fe[0].Message, "11.1.4") {
		t.Errorf("an external auditor on an audit that does not allow one: %v", fe)
	}
	ext.ExternalAllowed = true
	if fe := ext.Check(); len(fe) != 0 {
		t.Errorf("an allowed external auditor: %v", fe)
	}
	bad := ok
	bad.Ends = day("2026-05-01")
	if fe := bad.Check(); len(fe) != 1 || fe[0].Field != FieldDates {
		t.Errorf("dates the wrong way round: %v", fe)
	}
}

// FuzzSplitList: whatever is typed in a list field, each item once, none
// empty, none holding a separator; and an audit built from it is checked
// without a panic.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"10101 10102", "6.4、6.4,8.2.6", "", "\u3000\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seen := map[string]bool{}
		items := SplitList(s)
		for _, p := range items {
			if p == "" || strings.ContainsAny(p, " ,、\u3000\n\t\r") || seen[p] {
				t.Fatalf("SplitList(%q) gave %q", s, p)
			}
			seen[p] = true
		}
		a := Audit{Title: s, Units: items, Provisions: items, Auditors: []Auditor{{StaffNo: s}}}
		a.Normalise()
		_ = a.Check()
	})
}
