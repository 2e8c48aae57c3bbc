package catalog

// Role is a role the standard puts duties on, from a fixed vocabulary.
type Role string

// The roles of the standard (3. 組織体制 and the actors named in the text).
const (
	RoleCISO             Role = "ciso"
	RoleSecurityDirector Role = "security_director"
	RoleSecurityManager  Role = "security_manager"
	RoleInfraManager     Role = "infra_manager"
	RoleInfoOfficer      Role = "info_officer"
	RoleInfoManager      Role = "info_manager"
	RoleSystemOwner      Role = "system_owner"
	RoleSystemAdmin      Role = "system_admin"
	RoleAuditDirector    Role = "audit_director"
	RoleStaff            Role = "staff"
	RoleContractor       Role = "contractor"
	RoleCSIRT            Role = "csirt"
	RoleFacilities       Role = "facilities"
)

// Roles returns every role in the vocabulary, in the order of 3. 組織体制.
func Roles() []Role {
	return []Role{
		RoleCISO, RoleSecurityDirector, RoleSecurityManager, RoleInfraManager,
		RoleInfoOfficer, RoleInfoManager, RoleSystemOwner, RoleSystemAdmin,
		RoleAuditDirector, RoleStaff, RoleContractor, RoleCSIRT, RoleFacilities,
	}
}

// Valid reports whether r is in the vocabulary.
func (r Role) Valid() bool {
	return r.Label() != ""
}

// Label returns the Japanese name of the role as the standard writes it, or
// "" for a role outside the vocabulary.
func (r Role) Label() string {
	switch r {
	case RoleCISO:
		return "CISO"
	case RoleSecurityDirector:
		return "情報セキュリティ統括責任者"
	case RoleSecurityManager:
		return "情報セキュリティ管理者"
	case RoleInfraManager:
		return "情報基盤管理者"
	case RoleInfoOfficer:
		return "情報責任者"
	case RoleInfoManager:
		return "情報管理者"
	case RoleSystemOwner:
		return "業務システム責任者"
	case RoleSystemAdmin:
		return "業務システム管理者"
	case RoleAuditDirector:
		return "情報セキュリティ監査統括責任者"
	case RoleStaff:
		return "職員等"
	case RoleContractor:
		return "委託事業者"
	case RoleCSIRT:
		return "CSIRT"
	case RoleFacilities:
		return "施設管理部門"
	}
	return ""
}

// RoleLabel returns the Japanese name of the role r, or "" if r is unknown.
func RoleLabel(r Role) string {
	return r.Label()
}
