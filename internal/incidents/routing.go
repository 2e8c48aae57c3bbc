package incidents

import (
	"time"

	"kijun/internal/organisation"
)

// Step is one person the report must reach, by role: who, under which
// provision, and how soon they must acknowledge it.
type Step struct {
	Role   organisation.Role  `json:"role"`
	Scope  organisation.Scope `json:"scope"`
	Clause string             `json:"clause"`
	Reason string             `json:"reason"`
	// Within is how long after the report the notice must be acknowledged
	// before it escalates.
	Within time.Duration `json:"within"`
}

// Acknowledgement windows. The standard says 速やかに; these are the
// hours the city's procedure (9.4.2ウ) sets, kept here so tests and pages
// agree. A serious report halves nothing: it goes to the CISO at once.
const (
	AckFirst   = 30 * time.Minute // the 情報管理者 and a serious report's CISO
	AckManager = 1 * time.Hour    // the 情報セキュリティ管理者 and system roles
	AckOthers  = 4 * time.Hour    // those told for their information
)

// RouteInput is what routing is computed from: the report, and the
// organisation facts the store looks up for it.
type RouteInput struct {
	Incident Incident
	// OfficerUnit is the 局室区 above the reporter's 課, whose 情報責任者
	// is told (7.3.1エ); "" when none is found.
	OfficerUnit string
}

// Route returns who must be told of the report, in the order of 7.3.1.
// Each role appears once; the store resolves each to the person acting in
// it that day (a deputy when the holder is away, 3.2.11, 9.3) and tells
// each person once.
func Route(in RouteInput) []Step {
	inc := in.Incident
	var out []Step
	add := func(s Step) {
		for _, o := range out {
			if o.Role == s.Role && o.Scope == s.Scope {
				return
			}
		}
		out = append(out, s)
	}
	// 7.3.1ア: the reporter's 情報管理者 first; for a breach of the policy
	// a member of staff noticed, 9.2.3ア says the same.
	if inc.Kind == KindPolicy {
		add(Step{organisation.RoleInfoManager, organisation.UnitScope(inc.Unit), "9.2.3ア",
			"発見したポリシー違反行為の、所属課の情報管理者への報告", AckFirst})
	} else {
		add(Step{organisation.RoleInfoManager, organisation.UnitScope(inc.Unit), "7.3.1ア",
			"報告者の所属課の情報管理者への報告", AckFirst})
	}
	// 7.3.1イ: straight to the CISO when the matter is serious or urgent.
	if inc.Serious() {
		add(Step{organisation.RoleCISO, organisation.City(), "7.3.1イ",
			"重要性・緊急性が高いため情報管理者から直接 CISO へ報告", AckFirst})
	}
	// 7.3.1イ: the 情報セキュリティ管理者 (also the CSIRT 責任者, 3.3.1ア).
	add(Step{organisation.RoleSecurityManager, organisation.City(), "7.3.1イ",
		"情報管理者から情報セキュリティ管理者（CSIRT 責任者）への報告", AckManager})
	// 7.3.1イ: a common network or system involves its administrators.
	if inc.SharedNetwork {
		add(Step{organisation.RoleInfraManager, organisation.City(), "7.3.1イ",
			"共通的なネットワークに関連するため情報基盤管理者へ報告", AckManager})
	}
	for _, sys := range inc.Systems {
		add(Step{organisation.RoleSystemAdmin, organisation.SystemScope(sys), "7.3.1イ",
			"関連する情報システム " + sys + " の業務システム管理者へ報告", AckManager})
	}
	// 7.3.1ウ: each 業務システム管理者 tells the 業務システム責任者.
	for _, sys := range inc.Systems {
		add(Step{organisation.RoleSystemOwner, organisation.SystemScope(sys), "7.3.1ウ",
			"業務システム管理者から業務システム責任者への報告", AckOthers})
	}
	// 7.3.1エ: the 情報管理者 tells the 情報責任者.
	if in.OfficerUnit != "" {
		add(Step{organisation.RoleInfoOfficer, organisation.UnitScope(in.OfficerUnit), "7.3.1エ",
			"情報管理者から情報責任者への報告", AckOthers})
	}
	// 7.3.1オ: the 情報セキュリティ管理者 tells the 統括責任者 and the CISO.
	add(Step{organisation.RoleSecurityDirector, organisation.City(), "7.3.1オ",
		"情報セキュリティ管理者から情報セキュリティ統括責任者への報告", AckOthers})
	add(Step{organisation.RoleCISO, organisation.City(), "7.3.1オ",
		"情報セキュリティ管理者から CISO への報告", AckOthers})
	return out
}

// Escalation returns the role an unacknowledged notice to role goes to
// next, and false when there is none above it. Each escalation climbs the
// chain of 7.3.1 one step, ending with the CISO.
func Escalation(role organisation.Role, scope organisation.Scope) (organisation.Role, organisation.Scope, bool) {
	switch role {
	case organisation.RoleSystemAdmin:
		return organisation.RoleSystemOwner, scope, true // 7.3.1ウ
	case organisation.RoleInfoManager, organisation.RoleInfraManager, organisation.RoleSystemOwner, organisation.RoleInfoOfficer:
		return organisation.RoleSecurityManager, organisation.City(), true // 7.3.1イ
	case organisation.RoleSecurityManager, organisation.RoleCSIRTLead:
		return organisation.RoleSecurityDirector, organisation.City(), true // 7.3.1オ
	case organisation.RoleSecurityDirector:
		return organisation.RoleCISO, organisation.City(), true // 3.2.2
	}
	return "", organisation.Scope{}, false
}

// EscalateWithin is how long an escalated notice has to be acknowledged.
const EscalateWithin = 30 * time.Minute
