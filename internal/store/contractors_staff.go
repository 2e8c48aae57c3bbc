package store

import (
	"context"
	"fmt"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
)

// The 委託業務従事者 of a contract (10.1.2ア(11), (12)) and the identity
// checks made before their work (8.3.9).

const staffColumns = `s.id, s.contract_id, s.name, s.affiliation, s.workplace, s.trained_on, s.valid_from, s.valid_to, s.version`

func scanStaff(sc scanner) (contractors.Staff, error) {
	var s contractors.Staff
	var trained, from, to string
	err := sc.Scan(&s.ID, &s.Contract, &s.Name, &s.Affiliation, &s.Workplace, &trained, &from, &to, &s.Version)
	s.TrainedOn, s.From, s.To = parseDay(trained), parseDay(from), parseDay(to)
	return s, err
}

// ContractStaff returns the staff of a contract with their checks.
func (db *DB) ContractStaff(ctx context.Context, contract string) ([]contractors.Staff, error) {
	var out []contractors.Staff
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, "SELECT "+staffColumns+" FROM contract_staff s WHERE s.contract_id = ? ORDER BY s.id", []any{contract}, func(sc scanner) error {
			s, err := scanStaff(sc)
			out = append(out, s)
			return err
		}); err != nil {
			return err
		}
		return tx.fillChecks(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("read the staff of %s: %w", contract, err)
	}
	return out, nil
}

func (tx *Tx) fillChecks(ctx context.Context, ss []contractors.Staff) error {
	if len(ss) == 0 {
		return nil
	}
	at := map[string]int{}
	var ids []any
	for i, s := range ss {
		at[s.ID] = i
		ids = append(ids, s.ID)
	}
	err := tx.eachIn(ctx, "SELECT staff_id, checked_on, checker, shown FROM contract_staff_checks WHERE staff_id IN ", ids, func(sc scanner) error {
		var id, on string
		var c contractors.IdentityCheck
		if err := sc.Scan(&id, &on, &c.Checker, &c.Shown); err != nil {
			return err
		}
		c.On = parseDay(on)
		s := &ss[at[id]]
		s.Checks = append(s.Checks, c)
		return nil
	})
	for i := range ss {
		ss[i].Checks = contractors.SortChecks(ss[i].Checks)
	}
	return err
}

func (tx *Tx) staff(ctx context.Context, id string) (contractors.Staff, error) {
	s, err := scanStaff(tx.QueryRowContext(ctx, "SELECT "+staffColumns+" FROM contract_staff s WHERE s.id = ?", id))
	if err = errNoRows(err, "従事者番号 %s の従事者はありません", id); err != nil {
		return s, err
	}
	ss := []contractors.Staff{s}
	err = tx.fillChecks(ctx, ss)
	return ss[0], err
}

// CreateStaff adds a staff member to a contract whose 課 g keeps.
func (db *DB) CreateStaff(ctx context.Context, g Gate, s contractors.Staff) (contractors.Staff, error) {
	return db.saveStaff(ctx, g, Create, s)
}

// UpdateStaff changes a staff member at the version read.
func (db *DB) UpdateStaff(ctx context.Context, g Gate, s contractors.Staff) (contractors.Staff, error) {
	return db.saveStaff(ctx, g, Update, s)
}

func (db *DB) saveStaff(ctx context.Context, g Gate, m Mode, s contractors.Staff) (contractors.Staff, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var fe []kijun.FieldError
		var err error
		if s, fe, err = tx.saveStaff(ctx, g, m, s, true); err != nil {
			return err
		}
		return (&kijun.FieldErrors{Fields: fe}).AsError()
	})
	return s, err
}

// saveStaff checks and writes one staff member in tx; see saveContractor.
// Their 所属 must be the contract's contractor or one in its chain.
func (tx *Tx) saveStaff(ctx context.Context, g Gate, m Mode, s contractors.Staff, checkVersion bool) (contractors.Staff, []kijun.FieldError, error) {
	s.ID = strings.TrimSpace(s.ID)
	old, err := tx.staff(ctx, s.ID)
	found := err == nil
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return s, nil, err
	}
	switch {
	case m == Create && found:
		return s, []kijun.FieldError{{Field: contractors.FieldID, Message: inUse("従事者番号", s.ID)}}, nil
	case m == Update && !found:
		return s, nil, err
	}
	if found {
		c, err := tx.contract(ctx, old.Contract)
		if err != nil {
			return s, nil, err
		}
		if !g.Keeps(c.Unit) { // 8.2.1ア: the record as it is now
			return s, nil, errNotKept("従事者", s.ID)
		}
	}
	if fe := s.Check(); len(fe) > 0 {
		return s, fe, nil
	}
	c, err := tx.contract(ctx, s.Contract)
	if kijun.ErrorCode(err) == kijun.ENOTFOUND {
		return s, []kijun.FieldError{{Field: contractors.FieldContract, Message: fmt.Sprintf("契約番号 %s の契約はありません", s.Contract)}}, nil
	}
	if err != nil {
		return s, nil, err
	}
	if !g.Keeps(c.Unit) { // 8.2.1ア: and as it will be
		return s, []kijun.FieldError{{Field: contractors.FieldContract, Message: notKeptUnit(c.Unit)}}, nil
	}
	links, err := tx.links(ctx, s.Contract)
	if err != nil {
		return s, nil, err
	}
	if _, ok := contractors.NewChain(c.Contractor, links).Path(s.Affiliation); !ok {
		return s, []kijun.FieldError{{Field: contractors.FieldAffiliation, Message: fmt.Sprintf("事業者 %s はこの契約の相手方でも再委託先でもありません（10.1.2ア(11)）", s.Affiliation)}}, nil
	}
	s.Checks = contractors.SortChecks(s.Checks)
	if found {
		if checkVersion && old.Version != s.Version {
			return s, nil, kijun.Errorf(kijun.ECONFLICT, "従事者 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", s.ID, s.Version, old.Version)
		}
		s.Version = old.Version + 1
	} else {
		s.Version = 1
	}
	action := map[bool]string{true: "contract_staff.update", false: "contract_staff.create"}[found]
	if _, err := tx.ExecContext(ctx, `INSERT INTO contract_staff (id, contract_id, name, affiliation, workplace, trained_on, valid_from, valid_to, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET contract_id = excluded.contract_id, name = excluded.name,
		affiliation = excluded.affiliation, workplace = excluded.workplace, trained_on = excluded.trained_on,
		valid_from = excluded.valid_from, valid_to = excluded.valid_to, version = excluded.version`,
		s.ID, s.Contract, s.Name, s.Affiliation, s.Workplace, day(s.TrainedOn), day(s.From), day(s.To), s.Version); err != nil {
		return s, nil, fmt.Errorf("write staff %s: %w", s.ID, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM contract_staff_checks WHERE staff_id = ?", s.ID); err != nil {
		return s, nil, fmt.Errorf("write the checks of %s: %w", s.ID, err)
	}
	for i, ck := range s.Checks {
		if _, err := tx.ExecContext(ctx, "INSERT INTO contract_staff_checks (staff_id, seq, checked_on, checker, shown) VALUES (?, ?, ?, ?, ?)",
			s.ID, i+1, day(ck.On), ck.Checker, ck.Shown); err != nil {
			return s, nil, fmt.Errorf("write the checks of %s: %w", s.ID, err)
		}
	}
	_, err = tx.Record(ctx, Change{Action: action, Entity: "contract_staff", EntityID: s.ID, State: s, Provisions: []string{"10.1.2.ア.(11)", "8.3.9"}})
	return s, nil, err
}
