package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/audits"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

// auditSubject resolves what an audit looks at: the units in scope with
// every unit that was ever below them, and the systems in scope or kept
// by those units, each with the unit that keeps it.
func (tx *Tx) auditSubject(ctx context.Context, a audits.Audit) (audits.Subject, error) {
	s := audits.Subject{Units: map[string]bool{}, Systems: map[string]string{}}
	if len(a.Units) > 0 {
		children := map[string][]string{}
		if err := tx.each(ctx, "SELECT DISTINCT unit_code, parent_code FROM org_unit_versions", nil, func(sc scanner) error {
			var c, p string
			if err := sc.Scan(&c, &p); err != nil {
				return err
			}
			children[p] = append(children[p], c)
			return nil
		}); err != nil {
			return s, fmt.Errorf("read the unit tree: %w", err)
		}
		var walk func(string)
		walk = func(u string) {
			if s.Units[u] {
				return
			}
			s.Units[u] = true
			for _, c := range children[u] {
				walk(c)
			}
		}
		for _, u := range a.Units {
			walk(u)
		}
		units := make([]any, 0, len(s.Units))
		for u := range s.Units {
			units = append(units, u)
		}
		if err := tx.eachIn(ctx, "SELECT id, unit_code FROM systems WHERE unit_code IN ", units, func(sc scanner) error {
			var id, unit string
			err := sc.Scan(&id, &unit)
			s.Systems[id] = unit
			return err
		}); err != nil {
			return s, fmt.Errorf("read the systems of the units audited: %w", err)
		}
	}
	for _, id := range a.Systems {
		var unit string
		if err := tx.QueryRowContext(ctx, "SELECT unit_code FROM systems WHERE id = ?", id).Scan(&unit); err != nil {
			return s, fmt.Errorf("read system %s: %w", id, err)
		}
		s.Systems[id] = unit
	}
	return s, nil
}

// auditorHistory reads where an auditor worked and which roles they held
// or were named deputy for, over all time (organisation data over time).
func (tx *Tx) auditorHistory(ctx context.Context, x audits.Auditor) (audits.History, error) {
	h := audits.History{Auditor: x}
	period := func(from, to string) organisation.Period {
		return organisation.Period{From: organisation.StoredDate(from), To: organisation.StoredDate(to)}
	}
	if err := tx.each(ctx, "SELECT unit_code, valid_from, valid_to FROM org_assignments WHERE staff_no = ?", []any{x.StaffNo}, func(sc scanner) error {
		var m audits.Membership
		var from, to string
		err := sc.Scan(&m.Unit, &from, &to)
		m.Period = period(from, to)
		h.Memberships = append(h.Memberships, m)
		return err
	}); err != nil {
		return h, fmt.Errorf("read the assignments of %s: %w", x.StaffNo, err)
	}
	for _, t := range []struct {
		table  string
		deputy bool
	}{{"org_roles", false}, {"org_deputies", true}} {
		if err := tx.each(ctx, "SELECT role, scope_kind, scope_id, valid_from, valid_to FROM "+t.table+" WHERE staff_no = ?", []any{x.StaffNo}, func(sc scanner) error {
			r := audits.HeldRole{Deputy: t.deputy}
			var from, to string
			err := sc.Scan(&r.Role, &r.Scope.Kind, &r.Scope.ID, &from, &to)
			r.Period = period(from, to)
			h.Roles = append(h.Roles, r)
			return err
		}); err != nil {
			return h, fmt.Errorf("read the roles of %s: %w", x.StaffNo, err)
		}
	}
	return h, nil
}

// conflicts returns the conflicts of each auditor with the audit.
func (tx *Tx) conflicts(ctx context.Context, a audits.Audit, who []audits.Auditor) ([]audits.Conflict, error) {
	s, err := tx.auditSubject(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []audits.Conflict
	for _, x := range who {
		if x.External {
			continue
		}
		h, err := tx.auditorHistory(ctx, x)
		if err != nil {
			return nil, err
		}
		out = append(out, audits.Independence(a, s, h)...)
	}
	return out, nil
}

// checkIndependence refuses auditors who are not independent of the
// audit (11.1.2), naming each conflict beside the auditors' field.
func (tx *Tx) checkIndependence(ctx context.Context, a audits.Audit, who []audits.Auditor) error {
	cs, err := tx.conflicts(ctx, a, who)
	if err != nil || len(cs) == 0 {
		return err
	}
	// One message for the field, every conflict in it: a form shows one
	// message a field.
	msgs := make([]string, len(cs))
	for i, c := range cs {
		msgs[i] = c.String()
	}
	var fe kijun.FieldErrors
	fe.Add(audits.FieldAuditors, "監査人の独立性（11.1.2）により加えられません: %s", strings.Join(msgs, "／"))
	return fe.AsError()
}
