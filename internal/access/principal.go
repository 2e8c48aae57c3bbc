package access

import (
	"context"
	"slices"
	"sync"
	"time"

	"kijun/internal/auth"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Principal is who is asking: the account, the person behind it and the
// roles they act in today. Every check of what someone may see or do reads
// it (8.2.1ア: アクセスする権限のない職員等がアクセスできないように).
type Principal struct {
	AccountID string
	StaffNo   string
	Name      string
	// Admin is a privileged ID (8.2.1ウ): it manages accounts.
	Admin bool
	// Roles are the roles of chapter 3 the person acts in today, in person
	// or for an absent holder.
	Roles []organisation.Acting
	// Units are the units the person is assigned to today.
	Units []string
	// Scope limits an API token: ScopeRead or ScopeWrite. A browser
	// session has no limit ("").
	Scope string
}

// Token scopes.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Actor is who the ledger records for what the principal does: the person
// (person:NNN), or the account for the first administrator.
func (p *Principal) Actor() kijun.Actor {
	if p.StaffNo != "" {
		return kijun.Actor{ID: organisation.ActorID(p.StaffNo)}
	}
	return kijun.Actor{ID: "account:" + p.AccountID}
}

// Acts reports whether the principal acts in role r for scope today.
func (p *Principal) Acts(r organisation.Role, scope organisation.Scope) bool {
	return slices.ContainsFunc(p.Roles, func(a organisation.Acting) bool {
		return a.Holder.Role == r && a.Holder.Scope == scope
	})
}

// cityRoles are the roles of the CISO's office and the CSIRT: they see the
// whole city (3.1.1 to 3.1.4, 3.3.1).
var cityRoles = []organisation.Role{
	organisation.RoleCISO, organisation.RoleSecurityDirector, organisation.RoleSecurityManager,
	organisation.RoleInfraManager, organisation.RoleCSIRTLead, organisation.RoleCSIRTMember,
}

// CityOffice reports whether the principal works for the whole city: the
// CISO, the 統括責任者, the 情報セキュリティ管理者, the 情報基盤管理者 or the
// CSIRT.
func (p *Principal) CityOffice() bool {
	for _, r := range cityRoles {
		if p.Acts(r, organisation.City()) {
			return true
		}
	}
	return false
}

// Auditor reports whether the principal directs the city's audits (3.1.9).
func (p *Principal) Auditor() bool {
	return p.Acts(organisation.RoleAuditDirector, organisation.City())
}

// Privileged reports whether the principal's account is a privileged ID or
// holds a city-wide role: these must change passwords every six months
// (8.2.6エ) and always give a second factor.
func (p *Principal) Privileged() bool {
	return p.Admin || p.CityOffice() || p.Auditor()
}

// ManagesUnit reports whether the principal manages the registers of unit
// code, whose ancestors (parent first) are given: its 情報管理者 (3.1.6) or
// the 情報責任者 of a unit above it (3.1.5), in person or as a deputy while
// the holder is away (9.3), or the city office.
func (p *Principal) ManagesUnit(code string, ancestors []string) bool {
	if p.CityOffice() {
		return true
	}
	if p.Acts(organisation.RoleInfoManager, organisation.UnitScope(code)) || p.Acts(organisation.RoleInfoOfficer, organisation.UnitScope(code)) {
		return true
	}
	for _, a := range ancestors {
		if p.Acts(organisation.RoleInfoOfficer, organisation.UnitScope(a)) {
			return true
		}
	}
	return false
}

// HoldsInPerson reports whether the principal holds role r for scope
// today themselves, whether or not a deputy acts for them: not as someone's
// deputy.
func (p *Principal) HoldsInPerson(r organisation.Role, scope organisation.Scope) bool {
	return slices.ContainsFunc(p.Roles, func(a organisation.Acting) bool {
		return a.Holder.Role == r && a.Holder.Scope == scope && a.Holder.Person.StaffNo == p.StaffNo
	})
}

// NamesDeputies reports whether the principal may name the deputy of the
// 情報管理者 of unit code, whose ancestors (parent first) are given (9.3):
// the 情報管理者 in person, the 情報責任者 of a unit above, or the CISO's
// office (the CISO, the 統括責任者, the 情報セキュリティ管理者, acting). A
// deputy does not name deputies. The store applies the same rules, and
// who may be named, to every way in.
func (p *Principal) NamesDeputies(code string, ancestors []string) bool {
	for _, r := range []organisation.Role{organisation.RoleCISO, organisation.RoleSecurityDirector, organisation.RoleSecurityManager} {
		if p.Acts(r, organisation.City()) {
			return true
		}
	}
	if p.HoldsInPerson(organisation.RoleInfoManager, organisation.UnitScope(code)) {
		return true
	}
	for _, a := range ancestors {
		if p.HoldsInPerson(organisation.RoleInfoOfficer, organisation.UnitScope(a)) {
			return true
		}
	}
	return false
}

// MayWrite reports whether the principal's credentials allow changes at
// all: a read-only API token does not.
func (p *Principal) MayWrite() bool { return p.Scope != ScopeRead }

// rolesTTL is how long the roles worked out for a person are reused
// across their requests. A change of role or deputy reaches sessions that
// are already open within this time; disabling an account, signing out
// and timeouts take effect at once, since the account and session are read
// on every request.
const rolesTTL = 30 * time.Second

// roleCache keeps each person's roles for rolesTTL: working them out takes
// several queries, about 2 ms a request on PostgreSQL.
type roleCache struct {
	mu      sync.Mutex
	entries map[string]roleEntry
}

type roleEntry struct {
	roles   []organisation.Acting
	units   []string
	expires time.Time
}

func (c *roleCache) get(key string, now time.Time) (roleEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e, ok && now.Before(e.expires)
}

func (c *roleCache) put(key string, e roleEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= 50000 {
		c.entries = map[string]roleEntry{}
	}
	c.entries[key] = e
}

// principalFor builds the principal of an account on day d, at now.
func (s *Service) principalFor(ctx context.Context, tx *store.Tx, a auth.Account, now time.Time) (*Principal, error) {
	p := &Principal{AccountID: a.ID, StaffNo: a.StaffNo, Name: a.DisplayName, Admin: a.Admin}
	if a.StaffNo == "" {
		return p, nil
	}
	d := organisation.Day(now)
	key := a.StaffNo + "|" + organisation.FormatDate(d)
	if e, ok := s.roles.get(key, now); ok {
		p.Roles, p.Units = e.roles, e.units
		return p, nil
	}
	var err error
	if p.Roles, p.Units, err = tx.RolesOf(ctx, a.StaffNo, d); err != nil {
		return nil, err
	}
	s.roles.put(key, roleEntry{roles: p.Roles, units: p.Units, expires: now.Add(rolesTTL)})
	return p, nil
}

// PrincipalOf builds the principal of the account with the ID as it is
// now, for work done later in that person's name (an import confirmed on
// a page and done by the job queue): what they may do is asked again when
// the work runs. An account that is not active is refused.
func (s *Service) PrincipalOf(ctx context.Context, id string) (*Principal, error) {
	var p *Principal
	err := s.db.View(ctx, func(tx *store.Tx) error {
		a, err := tx.Account(ctx, id)
		if err != nil {
			return err
		}
		if a.Status != auth.StatusActive {
			return kijun.Errorf(kijun.EFORBIDDEN, "利用者 %s は利用できない状態です", id)
		}
		p, err = s.principalFor(ctx, tx, a, s.db.Now())
		return err
	})
	return p, err
}
