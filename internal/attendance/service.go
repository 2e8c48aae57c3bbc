// Package attendance is the one way the training records of 7.2 are
// written: the year's plan and its courses (7.2.2ア), a person's quiz, the
// attendance a 情報管理者 records for their 課 (オ), an e-learning
// system's file, and a 課's report. The pages, the commands and the demo
// all pass the same gate, a Trainer, which the store asks inside each
// write's transaction.
//
// Who may do what: the 情報セキュリティ統括責任者 drafts the plan and
// reports it to the CISO, with the CISO and the 情報セキュリティ管理者 of
// the same office, and administrators (a new city's first day); the
// 情報管理者 of a 課 (in person or as deputy, 9.3) records and reports
// that 課's training, as the 情報責任者 does for the 課 under their 局
// and the CISO's office for every 課; each person answers their own quiz.
// At the console the operator holds the database and is trusted as an
// administrator.
package attendance

import (
	"context"
	"fmt"

	"kijun/internal/access"
	"kijun/internal/organisation"
	"kijun/internal/store"
	"kijun/internal/training"
)

// Trainer is who a training record is written by. It is the
// store.TrainingGate of every write.
type Trainer struct {
	plans  bool
	all    bool
	units  map[string]bool
	person string
}

// Plans reports whether the trainer drafts and reports the plan.
func (t *Trainer) Plans() bool { return t != nil && t.plans }

// Records reports whether the trainer records the attendance of 課 unit.
func (t *Trainer) Records(unit string) bool {
	return t != nil && (t.all || unit != "" && t.units[unit])
}

// Person is the trainer's staff number, "" at the console.
func (t *Trainer) Person() string {
	if t == nil {
		return ""
	}
	return t.person
}

// Console is the trainer of a command at the console.
func Console() *Trainer { return &Trainer{plans: true, all: true} }

// TrainerOf builds the trainer of a signed-in person today.
func TrainerOf(ctx context.Context, db *store.DB, p *access.Principal) (*Trainer, error) {
	if p == nil {
		return &Trainer{}, nil
	}
	t := &Trainer{person: p.StaffNo, units: map[string]bool{}}
	if !p.MayWrite() {
		return &Trainer{}, nil
	}
	if p.Admin {
		t.plans, t.all = true, true
		return t, nil
	}
	for _, r := range []organisation.Role{organisation.RoleCISO, organisation.RoleSecurityDirector, organisation.RoleSecurityManager} {
		if p.Acts(r, organisation.City()) {
			t.plans, t.all = true, true
		}
	}
	if t.all {
		return t, nil
	}
	var officer []string
	for _, a := range p.Roles {
		if a.Holder.Scope.Kind != organisation.ScopeUnit {
			continue
		}
		switch a.Holder.Role {
		case organisation.RoleInfoManager:
			t.units[a.Holder.Scope.ID] = true
		case organisation.RoleInfoOfficer:
			officer = append(officer, a.Holder.Scope.ID)
		}
	}
	if len(officer) == 0 {
		return t, nil
	}
	units, err := db.UnitsOn(ctx, organisation.Day(db.Now()))
	if err != nil {
		return nil, fmt.Errorf("read the units below %v: %w", officer, err)
	}
	children := map[string][]string{}
	for _, u := range units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	seen := map[string]bool{}
	for len(officer) > 0 {
		u := officer[0]
		officer = officer[1:]
		if seen[u] {
			continue
		}
		seen[u], t.units[u] = true, true
		officer = append(officer, children[u]...)
	}
	return t, nil
}

// Import reads an e-learning system's attendance file and records it, all
// or none (see store.ImportAttendance). With dryRun it only checks.
func Import(ctx context.Context, db *store.DB, by *Trainer, name string, data []byte, dryRun bool) ([]training.Attendance, error) {
	rows, err := training.ReadFile(name, data)
	if err != nil {
		return nil, err
	}
	return db.ImportAttendance(ctx, by, rows, dryRun)
}
