package registers

import (
	"context"
	"fmt"

	"kijun/internal/access"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// Editor is who a write to the registers is made for, and which 課's
// records they keep. It is the store.Gate of every write.
type Editor struct {
	// all: every 課's records (the CISO's office, administrators, the
	// console operator).
	all bool
	// network: the city's network register (8.1.9).
	network bool
	units   map[string]bool
	// systems: the systems the person administers or owns (3.1.7,
	// 3.1.8), whose operations records they keep (8.1.5) whatever their
	// 課.
	systems map[string]bool
}

// Keeps reports whether the editor may write the records of unit.
func (e *Editor) Keeps(unit string) bool {
	if e == nil {
		return false
	}
	return e.all || e.units[unit]
}

// KeepsAny reports whether the editor keeps any 課's records at all: who
// may register a contractor that no contract names yet (10.1.1).
func (e *Editor) KeepsAny() bool { return e != nil && (e.all || len(e.units) > 0) }

// Operates reports whether the editor keeps the operations records of
// system id (8.1.5): as its 業務システム管理者 or 業務システム責任者, or as
// the city office, which includes the 情報基盤管理者. A system's 課 keeps
// them too, by Keeps.
func (e *Editor) Operates(id string) bool {
	if e == nil {
		return false
	}
	return e.all || e.systems[id]
}

// City reports whether the editor works for the whole city: the CISO's
// office imports vulnerability feeds (8.6.1: 情報セキュリティ管理者).
func (e *Editor) City() bool { return e != nil && e.all }

// KeepsNetwork reports whether the editor keeps the network register.
func (e *Editor) KeepsNetwork() bool { return e != nil && e.network }

// Console is the editor of a command run at the console, such as
// `kijun assets import`. Whoever can run it holds the database, so the
// operator is trusted as an administrator: every 課's records and the
// network. The ledger names the actor "system" (kijun.SystemID). A later
// change names the person with --as STAFF_NO and builds their Editor
// with EditorOf instead.
func Console() *Editor {
	return &Editor{all: true, network: true}
}

// EditorOf builds the editor of a signed-in person today: the CISO's
// office and administrators keep every 課's records and the network
// (8.1.9); anyone else keeps the records of the 課 they work in and of
// the units they hold a role for, with every unit below those (3.1.5: a
// 情報責任者 manages the units under theirs). The audit director reads
// every register and writes none, not even their own 課's, as the pages
// always had it; a read-only API token writes nothing.
func EditorOf(ctx context.Context, db *store.DB, p *access.Principal) (*Editor, error) {
	e := &Editor{units: map[string]bool{}, systems: map[string]bool{}}
	if p == nil || !p.MayWrite() {
		return e, nil
	}
	if p.CityOffice() || p.Admin {
		e.all, e.network = true, true
		return e, nil
	}
	if p.Auditor() {
		return e, nil // 3.1.9: the audit director reads every register and writes none
	}
	for _, u := range p.Units {
		e.units[u] = true
	}
	var managed []string
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind == organisation.ScopeSystem &&
			(a.Holder.Role == organisation.RoleSystemAdmin || a.Holder.Role == organisation.RoleSystemOwner) {
			e.systems[a.Holder.Scope.ID] = true
		}
		if a.Holder.Scope.Kind == "unit" {
			e.units[a.Holder.Scope.ID] = true
			managed = append(managed, a.Holder.Scope.ID)
		}
	}
	if len(managed) == 0 {
		return e, nil
	}
	units, err := db.UnitsOn(ctx, organisation.Day(db.Now()))
	if err != nil {
		return nil, fmt.Errorf("read the units below %v: %w", managed, err)
	}
	children := map[string][]string{}
	for _, u := range units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	walked := map[string]bool{}
	var walk func(string)
	walk = func(c string) {
		if walked[c] {
			return
		}
		walked[c] = true
		for _, ch := range children[c] {
			e.units[ch] = true
			walk(ch)
		}
	}
	for _, m := range managed {
		walk(m)
	}
	return e, nil
}
