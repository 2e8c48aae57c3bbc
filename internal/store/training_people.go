package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/organisation"
	"kijun/internal/training"
)

// unitTree is the units on one day, to find the 課 and the 局 of a unit.
type unitTree struct {
	units map[string]organisation.Unit
	kinds map[organisation.UnitKind]organisation.UnitKindInfo
}

func (tx *Tx) unitTree(ctx context.Context, d time.Time) (*unitTree, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+unitColumns+" FROM org_unit_versions WHERE valid_from <= ? AND valid_to >= ?", dateArg(d), dateArg(d))
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	us, err := scanUnits(rows)
	if err != nil {
		return nil, err
	}
	t := &unitTree{units: make(map[string]organisation.Unit, len(us))}
	for _, u := range us {
		t.units[u.Code] = u
	}
	t.kinds, err = tx.unitKinds(ctx)
	return t, err
}

// up returns the nearest unit at or above code whose kind is (by flag) a
// 課 or a 局室区, or code itself when there is none.
func (t *unitTree) up(code string, bureau bool) string {
	for c, n := code, 0; c != "" && n < 32; n++ {
		u, ok := t.units[c]
		if !ok {
			break
		}
		k := t.kinds[u.Kind]
		if bureau && k.InfoOfficer || !bureau && k.InfoManager {
			return c
		}
		c = u.Parent
	}
	return code
}

// below returns code and every unit under it.
func (t *unitTree) below(code string) []string {
	children := map[string][]string{}
	for _, u := range t.units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	out := []string{code}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// name returns a unit's name on the tree's day, or its code.
func (t *unitTree) name(code string) string {
	if u, ok := t.units[code]; ok {
		return u.Name
	}
	return code
}

// trainingPeople reads the people who served during 年度 year up to day,
// as the duties of 7.2.2 read them: when they joined (their first
// assignment) and left, their 課 and 局 (of their primary assignment on
// day, or on their last day), and the roles of 7.2.2エ they held during
// the year, by appointment or by post (a 課長 is the 情報管理者 of the 課,
// 3.1.6; a 局長, 室長 or 区長 the 情報責任者, 3.1.5). staffNos limits the
// people read; nil reads everyone.
func (tx *Tx) trainingPeople(ctx context.Context, tree *unitTree, year int, day time.Time, staffNos []string) ([]training.Person, error) {
	start, end := dateArg(training.YearStart(year)), dateArg(training.YearEnd(year))
	r := &factsReader{tx: tx}
	// filter reads cols from from, for everyone or the people named, each
	// row's fields joined on SQLite (rowFields: the columns of 20,000
	// people and their assignments are most of the time otherwise).
	filter := func(cols []string, from string, args []any, col string, fn func([]string) error) error {
		if staffNos == nil {
			return r.rowFields(ctx, cols, from, args, fn)
		}
		where := " AND "
		if !strings.Contains(from, "WHERE") {
			where = " WHERE "
		}
		for chunk := range slices.Chunk(staffNos, 500) {
			if err := r.rowFields(ctx, cols, from+where+col+" IN "+inList(len(chunk)), append(append([]any{}, args...), anys(chunk)...), fn); err != nil {
				return err
			}
		}
		return nil
	}
	dates := map[string]time.Time{}
	date := func(s string) time.Time {
		d, ok := dates[s]
		if !ok {
			d = organisation.StoredDate(s)
			dates[s] = d
		}
		return d
	}
	var people []training.Person
	index := map[string]int{}
	err := filter([]string{"staff_no", "employment", "status", "left_on", "name"}, "FROM org_people", nil, "staff_no", func(f []string) error {
		p := training.Person{StaffNo: f[0], Employment: organisation.EmploymentType(f[1]), Name: f[4]}
		if f[2] != string(organisation.StatusActive) && f[3] != "" {
			p.Left = date(f[3])
		}
		index[p.StaffNo] = len(people)
		people = append(people, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read people for training: %w", err)
	}
	// picks holds the primary assignment's unit each person had on the
	// reference day (day, or their last day), else the latest before.
	type pick struct {
		unit string
		from string
		on   bool
	}
	picks := make([]pick, len(people))
	err = filter([]string{"staff_no", "unit_code", "post", "is_primary", "valid_from", "valid_to"}, "FROM org_assignments WHERE valid_from <= ?", []any{end}, "staff_no", func(f []string) error {
		staff, unit, post, from, to := f[0], f[1], f[2], f[4], f[5]
		i, ok := index[staff]
		if !ok {
			return nil
		}
		p := &people[i]
		fd := date(from)
		if p.Joined.IsZero() || fd.Before(p.Joined) {
			p.Joined = fd
		}
		per := organisation.Period{From: fd, To: date(to)}
		if to >= start {
			if r, ok := postRole(tree, unit, organisation.Post(post)); ok {
				p.Roles = append(p.Roles, training.Span{Role: r, Period: per})
			}
		}
		if digit(f[3]) != 1 {
			return nil
		}
		ref := day
		if !p.Left.IsZero() && p.Left.Before(day) {
			ref = p.Left
		}
		on := per.Contains(ref)
		pk := &picks[i]
		if on && !pk.on || !pk.on && from <= dateArg(ref) && from > pk.from {
			*pk = pick{unit: unit, from: from, on: on}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read assignments for training: %w", err)
	}
	err = filter([]string{"role", "staff_no", "valid_from", "valid_to"}, "FROM org_roles WHERE valid_to >= ? AND valid_from <= ?", []any{start, end}, "staff_no", func(f []string) error {
		if i, ok := index[f[1]]; ok {
			people[i].Roles = append(people[i].Roles, training.Span{Role: organisation.Role(f[0]),
				Period: organisation.Period{From: date(f[2]), To: date(f[3])}})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read roles for training: %w", err)
	}
	// The organisation's data begins on its first assignment: who was
	// there on that day was there before, not hired then.
	var first string
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MIN(valid_from), '') FROM org_assignments").Scan(&first); err != nil {
		return nil, fmt.Errorf("read the start of the organisation: %w", err)
	}
	for i := range people {
		people[i].Founding = dateArg(people[i].Joined) == first
		if u := picks[i].unit; u != "" {
			people[i].Unit, people[i].Bureau = tree.up(u, false), tree.up(u, true)
		}
	}
	return people, nil
}

// postRole is the role of 7.2.2エ a post holds by default: the head of a
// 課 its 情報管理者 (3.1.6), the head of a 局室区 its 情報責任者 (3.1.5).
func postRole(tree *unitTree, unit string, post organisation.Post) (organisation.Role, bool) {
	if !post.HeadsUnit() {
		return "", false
	}
	u, ok := tree.units[unit]
	if !ok {
		return "", false
	}
	k := tree.kinds[u.Kind]
	switch {
	case k.InfoManager:
		return organisation.RoleInfoManager, true
	case k.InfoOfficer:
		return organisation.RoleInfoOfficer, true
	}
	return "", false
}
