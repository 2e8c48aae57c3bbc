package organisation

import (
	"fmt"
	"strings"

	"kijun/internal/kijun"
)

// Clash is a pair of roles 3.2.10ア keeps apart: the holder of Requester
// files requests that the holder of Approver decides. SameScope says they
// clash only over the same scope (a system's 管理者 and its 責任者).
type Clash struct {
	Requester, Approver Role
	SameScope           bool
	// Over names what brings the clash, for the message: the request types.
	Over string
}

// Held is a role a person holds, for the check of an appointment.
type Held struct {
	Role  Role
	Scope Scope
}

// CheckAppointment applies 3.2.10 when a is made, against the roles the
// person already holds over its period:
//
//   - イ: the 情報セキュリティ監査統括責任者 audits every other role's work, so
//     may hold no other role of 3.1, and no other role's holder may be made
//     the audit director. There is no unavoidable case.
//   - ア: a person may not hold a role whose requests another role they
//     hold decides (clashes), unless unavoidable: then reason says why,
//     and the appointment is made flagged.
//
// The same role over the same scope is not a clash (a renewal).
func CheckAppointment(a RoleAssignment, held []Held, clashes []Clash, reason string) (Verdict, error) {
	var soft []string
	for _, h := range held {
		if h.Role == a.Role && h.Scope == a.Scope {
			continue
		}
		if a.Role == RoleAuditDirector || h.Role == RoleAuditDirector {
			other := h.Role
			if other == RoleAuditDirector {
				other = a.Role
			}
			return Verdict{}, kijun.Errorf(kijun.EFORBIDDEN, "%s は%sを兼ねられません。監査を受ける者と監査を実施する者は同じ者が兼務してはなりません（3.2.10イ 兼務の禁止）",
				RoleAuditDirector.Label(), other.Label())
		}
		for _, c := range clashes {
			pair := (c.Requester == a.Role && c.Approver == h.Role) || (c.Approver == a.Role && c.Requester == h.Role)
			if !pair || (c.SameScope && h.Scope != a.Scope) {
				continue
			}
			soft = append(soft, fmt.Sprintf("%s（%s）の申請を%sが承認します（%s）", c.Requester.Label(), scopeText(c, a, h), c.Approver.Label(), c.Over))
		}
	}
	if len(soft) == 0 {
		return Verdict{}, nil
	}
	if r := strings.TrimSpace(reason); r != "" {
		return Verdict{Flagged: true, Reason: r}, nil
	}
	return Verdict{}, kijun.Errorf(kijun.EFORBIDDEN, "%s に%sを任命すると、%s。申請者と承認者が同じ者になります（3.2.10ア 兼務の禁止）。やむを得ない場合は理由を記録して任命してください",
		a.StaffNo, a.Role.Label(), strings.Join(soft, "、"))
}

// scopeText names the scope a clash is over: the requester role's scope.
func scopeText(c Clash, a RoleAssignment, h Held) string {
	if c.Requester == a.Role {
		return a.Scope.String()
	}
	return h.Scope.String()
}
