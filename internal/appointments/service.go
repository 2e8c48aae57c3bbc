// Package appointments appoints people to the roles of 3.1 and 3.3.1 and
// ends their appointments. It is the one way an appointment is made: the
// roles page, the roles workbook, the JSON API and `kijun org appoint` all
// call it, so each passes the same gate and the same checks of 3.2.10.
//
// Who may appoint: administrators (a new city's first day), and the CISO,
// the 情報セキュリティ統括責任者 and the 情報セキュリティ管理者, whose office
// keeps the city's 体制 (3.1). At the console the operator holds the
// database and is trusted as an administrator.
//
// 兼務の禁止 (3.2.10) is checked when the appointment is made, against
// every role the person holds over its period (appointed, or by post as a
// 課長 holds the 情報管理者 of the 課): the audit director holds no other
// role (イ), and a person may not hold a role whose requests another of
// their roles decides (ア), as the request types say, unless the
// appointment records why it is unavoidable; such an appointment is
// flagged in the ledger.
package appointments

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kijun/internal/access"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/store"
)

// Service makes and ends appointments.
type Service struct {
	db      *store.DB
	clashes []organisation.Clash
}

// New returns the service over db, with the pairs of roles 3.2.10ア keeps
// apart derived from the request types of reg.
func New(db *store.DB, reg *permits.Registry) *Service {
	s := &Service{db: db}
	for _, c := range reg.ConcurrentRoles() {
		s.clashes = append(s.clashes, organisation.Clash{Requester: c.Requester, Approver: c.Approver, SameScope: c.SameScope, Over: strings.Join(c.Types, "・")})
	}
	return s
}

// Appointer is who an appointment is made by.
type Appointer struct {
	may bool
}

// Console is the operator of a command at the console.
func Console() Appointer { return Appointer{may: true} }

// AppointerOf is a signed-in person: an administrator, or the CISO, the
// 統括責任者 or the 情報セキュリティ管理者 in person or as deputy, with a
// session or a write token.
func AppointerOf(p *access.Principal) Appointer {
	if p == nil || !p.MayWrite() {
		return Appointer{}
	}
	if p.Admin {
		return Appointer{may: true}
	}
	for _, r := range []organisation.Role{organisation.RoleCISO, organisation.RoleSecurityDirector, organisation.RoleSecurityManager} {
		if p.Acts(r, organisation.City()) {
			return Appointer{may: true}
		}
	}
	return Appointer{}
}

func (by Appointer) check() error {
	if !by.may {
		return kijun.Errorf(kijun.EFORBIDDEN, "役割の任命は、管理者、CISO、情報セキュリティ統括責任者又は情報セキュリティ管理者が行います（3.1）")
	}
	return nil
}

// Appointment is what a person asks for: a role over a scope for a
// person from a day, and, for an appointment 3.2.10ア allows only when
// unavoidable, the reason.
type Appointment struct {
	Role    organisation.Role
	Scope   organisation.Scope
	StaffNo string
	From    time.Time
	To      time.Time // zero: open
	Note    string
	// Unavoidable is why the person must hold roles 3.2.10ア keeps apart.
	Unavoidable string
}

// Appoint makes the appointment, or refuses it with the reason.
func (s *Service) Appoint(ctx context.Context, by Appointer, ap Appointment) (organisation.RoleAssignment, organisation.Verdict, error) {
	if err := by.check(); err != nil {
		return organisation.RoleAssignment{}, organisation.Verdict{}, err
	}
	a := organisation.RoleAssignment{Role: ap.Role, Scope: ap.Scope, StaffNo: strings.TrimSpace(ap.StaffNo), Note: strings.TrimSpace(ap.Note),
		Period: organisation.Period{From: ap.From, To: ap.To}}
	if a.From.IsZero() {
		return a, organisation.Verdict{}, kijun.Errorf(kijun.EINVALID, "任命の開始日を入力してください")
	}
	return s.db.Appoint(ctx, a, func(held []organisation.Held) (organisation.Verdict, error) {
		return organisation.CheckAppointment(a, held, s.clashes, ap.Unavoidable)
	})
}

// End ends appointment id on lastDay.
func (s *Service) End(ctx context.Context, by Appointer, id int64, lastDay time.Time) error {
	if err := by.check(); err != nil {
		return err
	}
	if err := s.db.EndRole(ctx, id, lastDay); err != nil {
		return fmt.Errorf("end appointment %d: %w", id, err)
	}
	return nil
}
