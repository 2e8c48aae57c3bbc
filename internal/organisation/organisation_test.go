package organisation

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTimeline(t *testing.T) {
	ra := func(no, from, to string) RoleAssignment {
		p := Period{From: d(from)}
		if to != "" {
			p.To = d(to)
		}
		return RoleAssignment{StaffNo: no, Period: p}
	}
	tests := []struct {
		name string
		as   []RoleAssignment
		want []string // holder or "-" for a gap
	}{
		{"none", nil, nil},
		{"one open", []RoleAssignment{ra("1", "2024-04-01", "")}, []string{"1"}},
		{"end to end", []RoleAssignment{ra("1", "2024-04-01", "2025-03-31"), ra("2", "2025-04-01", "")}, []string{"1", "2"}},
		{"gap between", []RoleAssignment{ra("2", "2025-05-01", ""), ra("1", "2024-04-01", "2025-03-31")}, []string{"1", "-", "2"}},
		{"ended, nobody since", []RoleAssignment{ra("1", "2024-04-01", "2025-03-31")}, []string{"1", "-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Timeline(tt.as, d("2026-01-01")) {
				if s.Holder == nil {
					got = append(got, "-")
				} else {
					got = append(got, s.Holder.StaffNo)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestSearchKey(t *testing.T) {
	for in, want := range map[string]string{
		"ヤマダ タロウ": "ヤマダタロウ", "やまだ　たろう": "ヤマダタロウ", "ﾔﾏﾀﾞ ﾀﾛｳ": "ヤマダタロウ",
		"山田 太郎": "山田太郎", "０１２３": "0123", "ＡＢＣ": "abc",
	} {
		if got := SearchKey(in); got != want {
			t.Errorf("SearchKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmploymentTypes(t *testing.T) {
	restricted := 0
	for _, e := range EmploymentTypes() {
		if got, ok := ParseEmploymentType(e.Label()); !ok || got != e {
			t.Errorf("ParseEmploymentType(%q) = %q", e.Label(), got)
		}
		if e.Restricted() {
			restricted++
		}
	}
	if restricted != 3 { // 7.1.2: 臨時の任用職員, 会計年度任用職員, 特別職非常勤職員
		t.Errorf("%d restricted types, want 3", restricted)
	}
}

func TestRoleScopes(t *testing.T) {
	for _, s := range RoleSpecs() {
		var scope Scope
		switch s.ScopeKind {
		case ScopeCity:
			scope = City()
		case ScopeUnit:
			scope = UnitScope("111")
		case ScopeSystem:
			scope = SystemScope("juki")
		}
		if err := s.Role.CheckScope(scope); err != nil {
			t.Errorf("%s: %v", s.Role, err)
		}
		if s.ScopeKind != ScopeCity && s.Role.CheckScope(City()) == nil {
			t.Errorf("%s accepts the city scope", s.Role)
		}
	}
}
