package store

import (
	"context"
	"fmt"

	"kijun/internal/organisation"
)

// OrganisationData is a whole organisation to load at once: the demo city,
// or a first load from another system.
type OrganisationData struct {
	Units       []organisation.Unit // parents before children
	Contractors []organisation.Contractor
	People      []organisation.Person
	Assignments []organisation.Assignment
	Roles       []organisation.RoleAssignment
	Deputies    []organisation.DeputyAppointment
	Absences    []organisation.Absence
	Standing    *organisation.StandingDeputy
}

// LoadOrganisation writes an organisation in large transactions, checking
// each entity as the single-entity methods do, with one ledger record per
// unit, contractor, person (with their assignments) and appointment.
func (db *DB) LoadOrganisation(ctx context.Context, o OrganisationData) error {
	const batch = 4000
	byPerson := map[string][]organisation.Assignment{}
	for _, a := range o.Assignments {
		byPerson[a.StaffNo] = append(byPerson[a.StaffNo], a)
	}
	for i := 0; i < len(o.Units); i += batch {
		err := db.Update(ctx, func(tx *Tx) error {
			for _, u := range o.Units[i:min(i+batch, len(o.Units))] {
				if err := tx.createUnit(ctx, u); err != nil {
					return fmt.Errorf("load unit %s: %w", u.Code, err)
				}
				if _, err := tx.Record(ctx, Change{Action: "org.unit.create", Entity: "org_unit", EntityID: u.Code, State: u, Provisions: []string{"3.1"}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, c := range o.Contractors {
		if err := db.SaveContractor(ctx, c); err != nil {
			return err
		}
	}
	type personState struct {
		Person      organisation.Person       `json:"person"`
		Assignments []organisation.Assignment `json:"assignments"`
	}
	for i := 0; i < len(o.People); i += batch {
		err := db.Update(ctx, func(tx *Tx) error {
			for _, p := range o.People[i:min(i+batch, len(o.People))] {
				if p.Status == "" {
					p.Status = organisation.StatusActive
				}
				if err := checkPerson(p); err != nil {
					return err
				}
				if err := tx.savePerson(ctx, p); err != nil {
					return err
				}
				as := byPerson[p.StaffNo]
				for j, a := range as {
					id, err := tx.assign(ctx, a)
					if err != nil {
						return fmt.Errorf("load assignment of %s: %w", p.StaffNo, err)
					}
					as[j].ID = id
				}
				if _, err := tx.Record(ctx, Change{Action: "org.person.hire", Entity: "person", EntityID: p.StaffNo,
					State: personState{p, as}, Provisions: []string{"3.2.5イ"}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	err := db.Update(ctx, func(tx *Tx) error {
		for _, r := range o.Roles {
			id, err := tx.appointRole(ctx, r)
			if err != nil {
				return fmt.Errorf("load appointment of %s to %s: %w", r.StaffNo, r.Role, err)
			}
			r.ID = id
			if _, err := tx.Record(ctx, Change{Action: "org.role.appoint", Entity: "org_role", EntityID: string(r.Role) + "@" + r.Scope.String(), State: r, Provisions: []string{"3.1"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range o.Deputies {
		if _, err := db.NameDeputy(ctx, d); err != nil {
			return fmt.Errorf("load deputy %s for %s: %w", d.StaffNo, d.Role, err)
		}
	}
	for _, a := range o.Absences {
		if _, err := db.RecordAbsence(ctx, a); err != nil {
			return err
		}
	}
	if o.Standing != nil {
		return db.SetStandingDeputy(ctx, *o.Standing)
	}
	return nil
}

// HasOrganisation reports whether any unit has been loaded.
func (db *DB) HasOrganisation(ctx context.Context) (bool, error) {
	var n int
	err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units").Scan(&n)
	})
	if err != nil {
		return false, fmt.Errorf("count units: %w", err)
	}
	return n > 0, nil
}
