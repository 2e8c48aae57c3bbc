package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/organisation"
	"kijun/internal/records"
)

// The 委託事業者 register (10.1.1): the contractors of the organisation
// master, with their certifications and selection check.

const contractorColumns = `c.id, c.name, c.corporate_no, c.address, c.contact, c.selection_on, c.selection_by,
	c.selection_what, c.selection_evidence, c.created_at, c.updated_at, c.version`

func scanContractor(sc scanner) (contractors.Contractor, error) {
	var c contractors.Contractor
	var on, created, updated string
	err := sc.Scan(&c.ID, &c.Name, &c.CorporateNo, &c.Address, &c.Contact, &on, &c.Selection.CheckedBy,
		&c.Selection.What, &c.Selection.Evidence, &created, &updated, &c.Version)
	c.Selection.CheckedOn = parseDay(on)
	c.CreatedAt, c.UpdatedAt = parseStoredTime(created), parseStoredTime(updated)
	return c, err
}

// day writes an optional date: "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// parseDay reads what day wrote.
func parseDay(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// ContractorFilter selects a page of the contractor register.
type ContractorFilter struct {
	Q      string
	Offset int
	Limit  int
	// Keys continues the list from a cursor and gives the next one.
	Keys *Keyset
}

// ListContractors returns a page of contractors by ID, with their
// certifications, and how many match.
func (db *DB) ListContractors(ctx context.Context, f ContractorFilter) ([]contractors.Contractor, int, error) {
	var out []contractors.Contractor
	var total int
	err := db.View(ctx, func(tx *Tx) error {
		where, args := "", []any{}
		for _, w := range strings.Fields(f.Q) {
			where += " AND (instr(lower(c.id || ' ' || c.name || ' ' || c.corporate_no), ?) > 0)"
			args = append(args, strings.ToLower(w))
		}
		if db.Dialect == Postgres {
			where = strings.ReplaceAll(where, "instr(", "strpos(")
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_contractors c WHERE 1 = 1"+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count contractors: %w", err)
		}
		limit := f.Limit
		if limit <= 0 {
			limit = 100
		}
		if err := tx.pageInOrder(ctx, "org_contractors c", contractorColumns, "WHERE 1 = 1"+where, args, "c.id", limit, f.Offset, f.Keys, func(sc scanner) error {
			c, err := scanContractor(sc)
			out = append(out, c)
			return err
		}); err != nil {
			return fmt.Errorf("list contractors: %w", err)
		}
		return tx.fillCerts(ctx, out)
	})
	return out, total, err
}

// fillCerts reads the certifications of cs.
func (tx *Tx) fillCerts(ctx context.Context, cs []contractors.Contractor) error {
	if len(cs) == 0 {
		return nil
	}
	at := map[string]int{}
	var ids []any
	for i, c := range cs {
		at[c.ID] = i
		ids = append(ids, c.ID)
	}
	err := tx.eachIn(ctx, "SELECT contractor_id, kind, number, expires_on FROM contractor_certifications WHERE contractor_id IN ", ids, func(sc scanner) error {
		var id, kind, num, exp string
		if err := sc.Scan(&id, &kind, &num, &exp); err != nil {
			return err
		}
		c := &cs[at[id]]
		c.Certifications = append(c.Certifications, contractors.Certification{Kind: contractors.CertKind(kind), Number: num, Expires: parseDay(exp)})
		return nil
	})
	for i := range cs {
		slices.SortFunc(cs[i].Certifications, func(a, b contractors.Certification) int {
			return slices.Index(contractors.CertKinds(), a.Kind) - slices.Index(contractors.CertKinds(), b.Kind)
		})
	}
	return err
}

// ContractorEntry returns one contractor of the register, or ENOTFOUND.
func (db *DB) ContractorEntry(ctx context.Context, id string) (contractors.Contractor, error) {
	var c contractors.Contractor
	err := db.View(ctx, func(tx *Tx) (err error) {
		c, err = tx.contractor(ctx, id)
		return err
	})
	return c, err
}

func (tx *Tx) contractor(ctx context.Context, id string) (contractors.Contractor, error) {
	c, err := scanContractor(tx.QueryRowContext(ctx, "SELECT "+contractorColumns+" FROM org_contractors c WHERE c.id = ?", id))
	if err = errNoRows(err, "事業者ID %s の委託事業者はありません", id); err != nil {
		return c, err
	}
	cs := []contractors.Contractor{c}
	err = tx.fillCerts(ctx, cs)
	return cs[0], err
}

// AnyGate is a Gate that can also say whether its holder keeps any 課 at
// all: who may register a contractor no 課 has a contract with yet.
type AnyGate interface {
	Gate
	KeepsAny() bool
}

// contractorUnits returns the 課 of every contract the contractor is in:
// as its contractor, as a sub-contractor in its chain, or by its staff.
func (tx *Tx) contractorUnits(ctx context.Context, id string) ([]string, error) {
	var out []string
	err := tx.each(ctx, `SELECT DISTINCT k.unit_code FROM contracts k WHERE k.contractor_id = ?
		OR k.id IN (SELECT contract_id FROM subcontracts WHERE to_id = ? OR from_id = ?) ORDER BY 1`, []any{id, id, id}, func(sc scanner) error {
		var u string
		err := sc.Scan(&u)
		out = append(out, u)
		return err
	})
	return out, err
}

// mayWriteContractor says whether g may change the contractor: a
// contractor is the city's, not one 課's, so whoever keeps a contract it
// is in may change it, and anyone who keeps a 課 may register one no
// contract names yet (8.2.1ア).
func (tx *Tx) mayWriteContractor(ctx context.Context, g Gate, id string) (bool, error) {
	units, err := tx.contractorUnits(ctx, id)
	if err != nil {
		return false, err
	}
	for _, u := range units {
		if g.Keeps(u) {
			return true, nil
		}
	}
	if len(units) > 0 {
		return false, nil
	}
	a, ok := g.(AnyGate)
	return ok && a.KeepsAny(), nil
}

// CreateContractor registers a contractor, with its ledger record.
func (db *DB) CreateContractor(ctx context.Context, g Gate, c contractors.Contractor) (contractors.Contractor, error) {
	return db.saveContractor(ctx, g, Create, c)
}

// UpdateContractor changes a contractor at the version read.
func (db *DB) UpdateContractor(ctx context.Context, g Gate, c contractors.Contractor) (contractors.Contractor, error) {
	return db.saveContractor(ctx, g, Update, c)
}

func (db *DB) saveContractor(ctx context.Context, g Gate, m Mode, c contractors.Contractor) (contractors.Contractor, error) {
	err := db.Update(ctx, func(tx *Tx) error {
		var fe []kijun.FieldError
		var err error
		c, fe, err = tx.saveContractor(ctx, g, m, c, true)
		if err != nil {
			return err
		}
		return (&kijun.FieldErrors{Fields: fe}).AsError()
	})
	return c, err
}

// saveContractor checks and writes one contractor in tx. It returns the
// field errors of a change refused, and an error for anything else; a
// refusal writes nothing. checkVersion compares the version read with
// the stored one (an import matches by ID instead).
func (tx *Tx) saveContractor(ctx context.Context, g Gate, m Mode, c contractors.Contractor, checkVersion bool) (contractors.Contractor, []kijun.FieldError, error) {
	c.ID, c.Name = strings.TrimSpace(c.ID), strings.TrimSpace(c.Name)
	old, err := tx.contractor(ctx, c.ID)
	found := err == nil
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return c, nil, err
	}
	switch {
	case m == Create && found:
		return c, []kijun.FieldError{{Field: contractors.FieldID, Message: inUse("事業者ID", c.ID)}}, nil
	case m == Update && !found:
		return c, nil, err
	}
	// A new record's own errors come first, as a form's do; a stored one
	// is refused before anything is said of it.
	if fe := c.Check(); len(fe) > 0 && !found {
		return c, fe, nil
	}
	may, err := tx.mayWriteContractor(ctx, g, c.ID)
	if err != nil {
		return c, nil, err
	}
	if !may {
		return c, nil, kijun.Errorf(kijun.EFORBIDDEN, "委託事業者 %s を変更できるのは、この事業者と契約・再委託のある課です（8.2.1ア）", c.ID)
	}
	if fe := c.Check(); len(fe) > 0 {
		return c, fe, nil
	}
	now := tx.db.Now()
	action := "contractor.create"
	if found {
		if checkVersion && old.Version != c.Version {
			return c, nil, kijun.Errorf(kijun.ECONFLICT, "委託事業者 %s は他の人が変更しました（版 %d → %d）。読み込み直してから変更してください", c.ID, c.Version, old.Version)
		}
		c.CreatedAt, c.Version, action = old.CreatedAt, old.Version+1, "contractor.update"
	} else {
		c.CreatedAt, c.Version = now, 1
	}
	c.UpdatedAt = now
	s := c.Selection
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_contractors (id, name, corporate_no, address, contact, selection_on, selection_by,
		selection_what, selection_evidence, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, corporate_no = excluded.corporate_no, address = excluded.address,
		contact = excluded.contact, selection_on = excluded.selection_on, selection_by = excluded.selection_by,
		selection_what = excluded.selection_what, selection_evidence = excluded.selection_evidence,
		created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version`,
		c.ID, c.Name, c.CorporateNo, c.Address, c.Contact, day(s.CheckedOn), s.CheckedBy, s.What, s.Evidence,
		records.FormatTime(c.CreatedAt), records.FormatTime(c.UpdatedAt), c.Version); err != nil {
		return c, nil, fmt.Errorf("write contractor %s: %w", c.ID, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM contractor_certifications WHERE contractor_id = ?", c.ID); err != nil {
		return c, nil, fmt.Errorf("write certifications of %s: %w", c.ID, err)
	}
	for _, ct := range c.Certifications {
		if _, err := tx.ExecContext(ctx, "INSERT INTO contractor_certifications (contractor_id, kind, number, expires_on) VALUES (?, ?, ?, ?)",
			c.ID, string(ct.Kind), ct.Number, day(ct.Expires)); err != nil {
			return c, nil, fmt.Errorf("write certifications of %s: %w", c.ID, err)
		}
	}
	_, err = tx.Record(ctx, Change{Action: action, Entity: "contractor", EntityID: c.ID, State: c, Provisions: []string{"10.1.1"}})
	return c, nil, err
}

// contractorExists reports whether id is a registered contractor.
func (tx *Tx) contractorExists(ctx context.Context, id string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_contractors WHERE id = ?", id).Scan(&n)
	return n > 0, err
}

// dayOf is the calendar day of the store's clock (JST).
func (db *DB) dayOf() time.Time { return organisation.Day(db.Now()) }
