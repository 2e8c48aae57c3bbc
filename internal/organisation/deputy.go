package organisation

import (
	"fmt"
	"slices"
	"strings"

	"kijun/internal/kijun"
)

// NamingRight is the footing on which a person names a deputy (9.3).
type NamingRight string

// The footings of a deputy's naming. 9.3 lets each holder name the person
// who acts for them; the office above the holder and the CISO's office
// (3.2.1, 3.2.2エ) may name one when the holder cannot.
const (
	// RightNone: the person may not name a deputy for the role. A deputy
	// acting for the holder has no right either: a deputy does not name
	// another (9.3: それぞれが指名する).
	RightNone NamingRight = ""
	// RightHolder: the holder of the role, in person.
	RightHolder NamingRight = "holder"
	// RightLineAbove: the holder of the office above (the 情報責任者 of the
	// 局室区 above a 課, 3.2.5イ; the 業務システム責任者 of a system, 3.1.7).
	RightLineAbove NamingRight = "line_above"
	// RightCISOOffice: the CISO, the 統括責任者 or the 情報セキュリティ管理者
	// (3.2.1ア, 3.2.2エ, 3.2.3), who alone may name someone from outside
	// the holder's line.
	RightCISOOffice NamingRight = "ciso_office"
)

// DeputyNaming is what decides whether a deputy may be named: the
// designation, and the organisation facts the store looks up for it.
type DeputyNaming struct {
	Appointment DeputyAppointment
	// Holder is who holds the role when the period starts.
	Holder PersonRef
	// Namer is the person naming, and Right the footing they have.
	Namer PersonRef
	Right NamingRight
	// NamerIsDeputy: the namer acts in the role today only as a deputy.
	NamerIsDeputy bool
	// Line is the unit the role is for (or, for a city or system role, the
	// holder's units) and every unit above it: where a deputy may come from.
	Line []string
	// DeputyUnits are the units the named person is assigned to when the
	// period starts.
	DeputyUnits []string
	// PendingOwn are the requests the named person filed that wait for a
	// decision in this role: as deputy they would decide their own request.
	PendingOwn []int64
}

// CheckDeputyNaming applies 9.3 and 3.2.10ア to a deputy's designation:
//
//   - the holder in person names the deputy, or the office above, or the
//     CISO's office; never a deputy (a deputy does not name deputies);
//   - the holder is not their own deputy;
//   - the deputy works in the 課 the role is for or in its line above (its
//     部・局), so that who reads and approves for the 課 stays in its line;
//     only the CISO's office may name someone from elsewhere;
//   - the deputy has no request waiting for a decision in the role, which
//     they would then decide themselves (3.2.10ア).
//
// A designation alone makes nobody act: the deputy acts only on the days
// the holder is recorded absent (see Acting).
func CheckDeputyNaming(n DeputyNaming) error {
	d := n.Appointment
	label := d.Role.Label()
	switch {
	case n.Right == RightNone && n.NamerIsDeputy:
		return kijun.Errorf(kijun.EFORBIDDEN, "%sの代行者は、別の代行者を指名できません。指名できるのは%s本人（%s）、上位の情報責任者又は CISO 室です（9.3）",
			label, label, n.Holder.Name)
	case n.Right == RightNone:
		return kijun.Errorf(kijun.EFORBIDDEN, "%s（%s）の代行者を指名できるのは、%s本人（%s）、上位の情報責任者又は CISO 室です（9.3）",
			label, d.Scope, label, n.Holder.Name)
	}
	if d.StaffNo == n.Holder.StaffNo {
		return kijun.Errorf(kijun.EINVALID, "%s は自分自身を代行者に指名できません（9.3、3.2.10）", n.Holder.Name)
	}
	if n.Right != RightCISOOffice && !slices.ContainsFunc(n.DeputyUnits, func(u string) bool { return slices.Contains(n.Line, u) }) {
		line, where := d.Scope.String(), "所属がありません"
		if len(n.Line) > 0 {
			line = n.Line[0]
		}
		if len(n.DeputyUnits) > 0 {
			where = "所属は " + strings.Join(n.DeputyUnits, "、")
		}
		return kijun.Errorf(kijun.EFORBIDDEN, "職員番号 %s は %s 又はその上位の組織に所属していないため、%sの代行者にできません（%s、%s）。他の組織の職員等を指名できるのは CISO 室だけです（9.3、3.2.10）",
			d.StaffNo, line, label, where, FormatDate(d.From))
	}
	if len(n.PendingOwn) > 0 {
		ids := make([]string, len(n.PendingOwn))
		for i, id := range n.PendingOwn {
			ids[i] = fmt.Sprintf("No.%d", id)
		}
		return kijun.Errorf(kijun.ECONFLICT, "職員番号 %s は%sの決裁を待っている申請（%s）の申請者です。代行者になると自分の申請を決裁することになるため指名できません（3.2.10ア）",
			d.StaffNo, label, strings.Join(ids, "、"))
	}
	return nil
}
