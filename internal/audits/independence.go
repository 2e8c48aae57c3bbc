package audits

import (
	"fmt"
	"slices"

	"kijun/internal/organisation"
)

// History is what the organisation data say of one auditor over time:
// where they worked and which roles they held, each with its period.
type History struct {
	Auditor     Auditor
	Memberships []Membership
	Roles       []HeldRole
}

// Membership is a period in which the auditor worked in a unit.
type Membership struct {
	Unit string `json:"unit"`
	organisation.Period
}

// HeldRole is a period in which the auditor held a role (appointed, or
// named its deputy under 9.3).
type HeldRole struct {
	Role   organisation.Role  `json:"role"`
	Scope  organisation.Scope `json:"scope"`
	Deputy bool               `json:"deputy,omitempty"`
	organisation.Period
}

// Subject is what an audit looks at, as the store resolves it: the units
// in scope with every unit below them, and the systems in scope with the
// 課 that keeps each, and the systems kept by the units in scope.
type Subject struct {
	Units map[string]bool
	// Systems maps each system in scope, and each system kept by a unit
	// in scope, to the unit that keeps it.
	Systems map[string]string
}

// Conflict is one reason an auditor is not independent of an audit.
type Conflict struct {
	Auditor Auditor `json:"auditor"`
	Reason  string  `json:"reason"`
}

// String writes the conflict for a refusal.
func (c Conflict) String() string { return c.Auditor.String() + ": " + c.Reason }

// overlaps reports whether p and w share a day.
func overlaps(p, w organisation.Period) bool {
	if !w.To.IsZero() && p.From.After(w.To) {
		return false
	}
	return p.To.IsZero() || !p.To.Before(w.From)
}

func span(p organisation.Period) string {
	to := "現在"
	if !p.To.IsZero() {
		to = organisation.FormatDate(p.To)
	}
	return organisation.FormatDate(p.From) + "〜" + to
}

// Independence returns the conflicts of interest of one auditor with an
// audit's subject over its window (11.1.2: 監査を行う者は、被監査部門から
// 独立した者): a unit in scope they worked in, a role they held for a unit
// or system in scope, and above all a system they administered, whose
// audit would be of their own work. An auditor from outside is judged by
// the plan (ExternalAllowed), not by the organisation data.
func Independence(a Audit, s Subject, h History) []Conflict {
	if h.Auditor.External {
		return nil
	}
	w := a.Window()
	var out []Conflict
	add := func(format string, args ...any) {
		c := Conflict{Auditor: h.Auditor, Reason: fmt.Sprintf(format, args...)}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, m := range h.Memberships {
		if !overlaps(m.Period, w) {
			continue
		}
		if s.Units[m.Unit] {
			add("監査対象の課 %s に所属しています（%s）", m.Unit, span(m.Period))
		}
		for _, sys := range sortedKeys(s.Systems) {
			if s.Systems[sys] == m.Unit && !s.Units[m.Unit] {
				add("監査対象の情報システム %s を所管する課 %s に所属しています（%s）", sys, m.Unit, span(m.Period))
			}
		}
	}
	for _, r := range h.Roles {
		if !overlaps(r.Period, w) {
			continue
		}
		label := r.Role.Label()
		if r.Deputy {
			label += "の代行者"
		}
		switch r.Scope.Kind {
		case organisation.ScopeUnit:
			if s.Units[r.Scope.ID] {
				add("監査対象の課 %s の%sです（%s）", r.Scope.ID, label, span(r.Period))
			}
		case organisation.ScopeSystem:
			if _, ok := s.Systems[r.Scope.ID]; !ok {
				continue
			}
			if r.Role == organisation.RoleSystemAdmin {
				add("監査対象の情報システム %s の%sで、自らの業務を監査することになります（%s）", r.Scope.ID, label, span(r.Period))
			} else {
				add("監査対象の情報システム %s の%sです（%s）", r.Scope.ID, label, span(r.Period))
			}
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
