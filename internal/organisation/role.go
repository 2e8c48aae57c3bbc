package organisation

import (
	"strings"
	"time"

	"kijun/internal/catalog"
	"kijun/internal/kijun"
)

// Role is a role of 3.1 held by a person over time. The identifiers are the
// catalog's, so a duty found in the standard names the same role here; the
// CSIRT, one role in the catalog, is split into its 責任者 and its members.
type Role string

// The roles of 3.1 and 3.3.1.
const (
	RoleCISO                  = Role(catalog.RoleCISO)             // 3.1.1
	RoleSecurityDirector      = Role(catalog.RoleSecurityDirector) // 3.1.2
	RoleSecurityManager       = Role(catalog.RoleSecurityManager)  // 3.1.3
	RoleInfraManager          = Role(catalog.RoleInfraManager)     // 3.1.4
	RoleInfoOfficer           = Role(catalog.RoleInfoOfficer)      // 3.1.5, per 局室区
	RoleInfoManager           = Role(catalog.RoleInfoManager)      // 3.1.6, per 課
	RoleSystemOwner           = Role(catalog.RoleSystemOwner)      // 3.1.7, per system
	RoleSystemAdmin           = Role(catalog.RoleSystemAdmin)      // 3.1.8, per system
	RoleAuditDirector         = Role(catalog.RoleAuditDirector)    // 3.1.9
	RoleCSIRTLead        Role = "csirt_lead"                       // 3.3.1ア: CSIRT 責任者
	RoleCSIRTMember      Role = "csirt_member"                     // 3.3.1ア: CSIRT に所属する職員等
)

// ScopeKind is what a role is held for.
type ScopeKind string

// The scopes of roles.
const (
	ScopeCity   ScopeKind = "city"
	ScopeUnit   ScopeKind = "unit"
	ScopeSystem ScopeKind = "system" // a 業務システム, by a free ID until systems exist
)

// Scope is what a role is held for: the city, a unit (by code) or a system.
type Scope struct {
	Kind ScopeKind `json:"kind"`
	ID   string    `json:"id,omitempty"`
}

// City is the scope of the city-wide roles.
func City() Scope { return Scope{Kind: ScopeCity} }

// UnitScope is the scope of a unit's role.
func UnitScope(code string) Scope { return Scope{Kind: ScopeUnit, ID: code} }

// SystemScope is the scope of a system's role.
func SystemScope(id string) Scope { return Scope{Kind: ScopeSystem, ID: id} }

// String writes the scope as kind:id.
func (s Scope) String() string {
	if s.ID == "" {
		return string(s.Kind)
	}
	return string(s.Kind) + ":" + s.ID
}

// ParseScope reads what String wrote: city, unit:CODE, system:ID.
func ParseScope(s string) Scope {
	kind, id, _ := strings.Cut(s, ":")
	return Scope{Kind: ScopeKind(kind), ID: id}
}

// RoleSpec says how a role is held.
type RoleSpec struct {
	Role      Role
	Clause    string
	Label     string
	LabelEN   string
	ScopeKind ScopeKind
	// UnitKindFlag: for unit roles, the unit kind flag that must be set,
	// "info_officer" (局室区等) or "info_manager" (課).
	UnitKindFlag string
	// Many: the role has several holders at once (CSIRT members).
	Many bool
	// Deputy: the holder may name deputies (9.3).
	Deputy bool
}

// RoleSpecs returns the roles of 3.1 and 3.3.1 in the standard's order.
func RoleSpecs() []RoleSpec {
	return []RoleSpec{
		{RoleCISO, "3.1.1", "CISO（情報セキュリティ最高責任者）", "CISO", ScopeCity, "", false, false},
		{RoleSecurityDirector, "3.1.2", "情報セキュリティ統括責任者", "Security director", ScopeCity, "", false, false},
		{RoleSecurityManager, "3.1.3", "情報セキュリティ管理者", "Security manager", ScopeCity, "", false, false},
		{RoleInfraManager, "3.1.4", "情報基盤管理者", "Infrastructure manager", ScopeCity, "", false, true},
		{RoleInfoOfficer, "3.1.5", "情報責任者", "Information officer", ScopeUnit, "info_officer", false, false},
		{RoleInfoManager, "3.1.6", "情報管理者", "Information manager", ScopeUnit, "info_manager", false, true},
		{RoleSystemOwner, "3.1.7", "業務システム責任者", "System owner", ScopeSystem, "", false, false},
		{RoleSystemAdmin, "3.1.8", "業務システム管理者", "System administrator", ScopeSystem, "", false, true},
		{RoleAuditDirector, "3.1.9", "情報セキュリティ監査統括責任者", "Audit director", ScopeCity, "", false, false},
		{RoleCSIRTLead, "3.3.1ア", "CSIRT 責任者", "CSIRT lead", ScopeCity, "", false, false},
		{RoleCSIRTMember, "3.3.1ア", "CSIRT 構成員", "CSIRT member", ScopeCity, "", true, false},
	}
}

// Spec returns the role's spec, or an EINVALID error for an unknown role.
func (r Role) Spec() (RoleSpec, error) {
	for _, s := range RoleSpecs() {
		if s.Role == r {
			return s, nil
		}
	}
	return RoleSpec{}, kijun.Errorf(kijun.EINVALID, "役割 %q は 3.1 にありません", string(r))
}

// Label returns the Japanese name of the role, or the identifier if unknown.
func (r Role) Label() string {
	if s, err := r.Spec(); err == nil {
		return s.Label
	}
	return string(r)
}

// CheckScope reports an EINVALID error when scope is not what r is held for.
// Unit roles are checked against the unit's kind by the store.
func (r Role) CheckScope(scope Scope) error {
	s, err := r.Spec()
	if err != nil {
		return err
	}
	if scope.Kind != s.ScopeKind {
		return kijun.Errorf(kijun.EINVALID, "%s（%s）は %s 単位の役割です（%s ではありません）", s.Label, s.Clause, s.ScopeKind, scope)
	}
	if scope.Kind != ScopeCity && scope.ID == "" {
		return kijun.Errorf(kijun.EINVALID, "%s（%s）には対象（%s の ID）が必要です", s.Label, s.Clause, scope.Kind)
	}
	if scope.Kind == ScopeCity && scope.ID != "" {
		return kijun.Errorf(kijun.EINVALID, "%s（%s）は市全体の役割で、対象 ID はありません", s.Label, s.Clause)
	}
	return nil
}

// RoleAssignment is an explicit appointment of a person to a role.
type RoleAssignment struct {
	ID      int64  `json:"id"`
	Role    Role   `json:"role"`
	Scope   Scope  `json:"scope"`
	StaffNo string `json:"staff_no"`
	Name    string `json:"name,omitempty"`
	Note    string `json:"note,omitempty"`
	Period
}

// Basis says where the answer to "who holds this role" comes from.
type Basis string

// The bases of a holder.
const (
	// BasisExplicit: the person was appointed to the role.
	BasisExplicit Basis = "explicit"
	// BasisPost: no appointment; the head of the unit holds it by default
	// (3.1.6: the 課長 is the 情報管理者; 3.1.5: the 局長・室長・区長 is the 情報責任者).
	BasisPost Basis = "post"
	// BasisRole: no appointment; another role's holder holds it by default
	// (3.3.1ア: the 情報セキュリティ管理者 is the CSIRT 責任者).
	BasisRole Basis = "role"
	// BasisDeputy: a deputy named under 9.3 acts for the holder.
	BasisDeputy Basis = "deputy"
	// BasisStanding: the standing rule of 3.2.11 (the CISO absent, the
	// holder of the configured post acts).
	BasisStanding Basis = "standing_rule"
	// BasisSelf: the holder acts in person.
	BasisSelf Basis = "self"
)

// Label returns the Japanese description of the basis.
func (b Basis) Label() string {
	switch b {
	case BasisExplicit:
		return "任命"
	case BasisPost:
		return "職による既定"
	case BasisRole:
		return "役割による既定"
	case BasisDeputy:
		return "代行者（9.3）"
	case BasisStanding:
		return "代行（3.2.11）"
	case BasisSelf:
		return "本人"
	}
	return string(b)
}

// Holder answers "who holds role R for scope S on date D".
type Holder struct {
	Role   Role      `json:"role"`
	Scope  Scope     `json:"scope"`
	Date   time.Time `json:"date"`
	Person PersonRef `json:"person"`
	Basis  Basis     `json:"basis"`
	// Since is when the basis began: the appointment or the post.
	Since time.Time `json:"since"`
}

// Acting answers "who acts in role R for scope S on date D": the holder in
// person, or, while the holder is recorded absent, a deputy on the
// holder's behalf.
type Acting struct {
	Holder Holder    `json:"holder"`
	Person PersonRef `json:"person"` // who acts
	Basis  Basis     `json:"basis"`  // BasisSelf, BasisDeputy or BasisStanding
}

// Deputy reports whether someone other than the holder acts.
func (a Acting) Deputy() bool { return a.Basis != BasisSelf }

// Actor returns the actor a decision is recorded as: the deputy on behalf
// of the holder (3.2.11, 9.3), or the holder.
func (a Acting) Actor() kijun.Actor {
	if !a.Deputy() {
		return kijun.Actor{ID: ActorID(a.Person.StaffNo)}
	}
	return kijun.Actor{ID: ActorID(a.Person.StaffNo), OnBehalfOf: ActorID(a.Holder.Person.StaffNo)}
}

// DeputyAppointment is a deputy named under 9.3 for a role (情報基盤管理者,
// 業務システム管理者, 情報管理者) by the holder, the office above or the
// CISO's office (see CheckDeputyNaming). The deputy acts on the days of
// its period on which the holder is recorded absent (Absence), not
// otherwise.
type DeputyAppointment struct {
	ID      int64  `json:"id"`
	Role    Role   `json:"role"`
	Scope   Scope  `json:"scope"`
	StaffNo string `json:"staff_no"`
	Name    string `json:"name,omitempty"`
	NamedBy string `json:"named_by"`
	Reason  string `json:"reason,omitempty"`
	Period
}

// Absence is a period when a person cannot act (3.2.11: 欠けたとき又は事故があるとき;
// a holder's trip or leave under 9.3): only then does their deputy act.
type Absence struct {
	ID      int64  `json:"id"`
	StaffNo string `json:"staff_no"`
	Reason  string `json:"reason"`
	Period
}

// StandingDeputy is the configurable post of 3.2.11: when the CISO is
// absent, the holder of Post in Unit acts (企画調整局長 in the standard).
type StandingDeputy struct {
	Unit string `json:"unit"`
	Post Post   `json:"post"`
}
