package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/organisation"
)

const assignmentColumns = "a.id, a.staff_no, a.unit_code, a.post, a.is_primary, a.valid_from, a.valid_to"

func scanAssignment(sc interface{ Scan(...any) error }, extra ...any) (organisation.Assignment, error) {
	var a organisation.Assignment
	var primary int
	var from, to string
	err := sc.Scan(append([]any{&a.ID, &a.StaffNo, &a.Unit, &a.Post, &primary, &from, &to}, extra...)...)
	a.Primary = primary == 1
	a.From, a.To = organisation.StoredDate(from), organisation.StoredDate(to)
	return a, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Assign places a person in a unit with a post from a.From, and returns the
// assignment's ID. A person has one primary assignment at a time; any
// number of concurrent ones (兼務).
func (db *DB) Assign(ctx context.Context, a organisation.Assignment) (int64, error) {
	var id int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if id, err = tx.assign(ctx, a); err != nil {
			return err
		}
		a.ID = id
		_, err = tx.Record(ctx, Change{Action: "org.assignment.start", Entity: "person", EntityID: a.StaffNo, State: a, Provisions: []string{"3.2.5イ"}})
		return err
	})
	return id, err
}

func (tx *Tx) assign(ctx context.Context, a organisation.Assignment) (int64, error) {
	if err := a.Period.Valid(); err != nil {
		return 0, err
	}
	if !a.Post.Valid() {
		return 0, kijun.Errorf(kijun.EINVALID, "職名 %q はありません", string(a.Post))
	}
	p, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+" FROM org_people WHERE staff_no = ?", a.StaffNo))
	if err != nil {
		return 0, errNoRows(err, "職員番号 %s の職員等はいません", a.StaffNo)
	}
	if p.Employment == organisation.EmployContractor {
		return 0, kijun.Errorf(kijun.EINVALID, "委託業務従事者 %s は組織には配置せず、委託事業者に属します", a.StaffNo)
	}
	if _, err := tx.unitOn(ctx, a.Unit, a.From); err != nil {
		return 0, err
	}
	if a.Primary {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_assignments WHERE staff_no = ? AND is_primary = 1 AND valid_from <= ? AND valid_to >= ?",
			a.StaffNo, dateArg(a.To), dateArg(a.From)).Scan(&n); err != nil {
			return 0, fmt.Errorf("check primary assignment of %s: %w", a.StaffNo, err)
		}
		if n > 0 {
			return 0, kijun.Errorf(kijun.ECONFLICT, "職員番号 %s にはこの期間に主務の配置がすでにあります（主務は同時に一つです）", a.StaffNo)
		}
	}
	return tx.insertReturningID(ctx, `INSERT INTO org_assignments (staff_no, unit_code, post, is_primary, valid_from, valid_to)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, a.StaffNo, a.Unit, a.Post, boolInt(a.Primary), dateArg(a.From), dateArg(a.To))
}

func (tx *Tx) insertReturningID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	return id, nil
}

// EndAssignment ends an assignment on lastDay.
func (db *DB) EndAssignment(ctx context.Context, id int64, lastDay time.Time) error {
	return db.Update(ctx, func(tx *Tx) error {
		a, err := scanAssignment(tx.QueryRowContext(ctx, "SELECT "+assignmentColumns+" FROM org_assignments a WHERE a.id = ?", id))
		if err != nil {
			return errNoRows(err, "配置 %d はありません", id)
		}
		a.To = lastDay
		if err := a.Period.Valid(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE org_assignments SET valid_to = ? WHERE id = ?", dateArg(lastDay), id); err != nil {
			return fmt.Errorf("end assignment %d: %w", id, err)
		}
		_, err = tx.Record(ctx, Change{Action: "org.assignment.end", Entity: "person", EntityID: a.StaffNo, State: a, Provisions: []string{"3.2.5イ"}})
		return err
	})
}

// Assignments returns a person's assignments over time, newest first, each
// with the unit's name as it stood when the assignment began.
func (db *DB) Assignments(ctx context.Context, staffNo string) ([]organisation.Assignment, error) {
	var out []organisation.Assignment
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+assignmentColumns+`, COALESCE(v.name, a.unit_code)
			FROM org_assignments a LEFT JOIN org_unit_versions v ON v.unit_code = a.unit_code AND v.valid_from <= a.valid_from AND v.valid_to >= a.valid_from
			WHERE a.staff_no = ? ORDER BY a.valid_from DESC, a.is_primary DESC, a.id`, staffNo)
		if err != nil {
			return fmt.Errorf("list assignments of %s: %w", staffNo, err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			a, err := scanAssignment(rows, &name)
			if err != nil {
				return fmt.Errorf("list assignments of %s: %w", staffNo, err)
			}
			a.UnitName = name
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// Member is a person serving in a unit on a date.
type Member struct {
	organisation.Person
	Assignment organisation.Assignment
}

// Members returns the people assigned to a unit on day d, heads first.
func (db *DB) Members(ctx context.Context, unit string, d time.Time) ([]Member, error) {
	var out []Member
	err := db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+assignmentColumns+`, p.name, p.kana, p.employment, p.status
			FROM org_assignments a JOIN org_people p ON p.staff_no = a.staff_no
			WHERE a.unit_code = ? AND a.valid_from <= ? AND a.valid_to >= ?
			ORDER BY a.is_primary DESC, a.staff_no`, unit, dateArg(d), dateArg(d))
		if err != nil {
			return fmt.Errorf("list members of %s: %w", unit, err)
		}
		defer rows.Close()
		for rows.Next() {
			var m Member
			a, err := scanAssignment(rows, &m.Name, &m.Kana, &m.Employment, &m.Status)
			if err != nil {
				return fmt.Errorf("list members of %s: %w", unit, err)
			}
			m.StaffNo, m.Assignment = a.StaffNo, a
			out = append(out, m)
		}
		return rows.Err()
	})
	sortMembers(out)
	return out, err
}

// sortMembers puts the most senior post first, then staff number.
func sortMembers(ms []Member) {
	rank := map[organisation.Post]int{}
	for i, p := range organisation.Posts() {
		rank[p] = i
	}
	slices.SortStableFunc(ms, func(a, b Member) int { return rank[a.Assignment.Post] - rank[b.Assignment.Post] })
}
