package store

import (
	"context"
	"fmt"

	"kijun/internal/contractors"
)

// ContractorRegister reads the whole register of chapter 10 in one read
// transaction, for an export: every contractor with its certifications,
// every contract with its checklist and what it entrusts, every link and
// every staff member with their checks, each by ID, and the contracts'
// periodic checks and returns and the external services. units limits the
// contracts, and the links and staff with them, to those 課 (nil: all);
// every contractor is read, as every member of staff may read them.
func (db *DB) ContractorRegister(ctx context.Context, units []string) (ContractorBook, error) {
	var b ContractorBook
	err := db.View(ctx, func(tx *Tx) error {
		var cs []contractors.Contractor
		if err := tx.each(ctx, "SELECT "+contractorColumns+" FROM org_contractors c ORDER BY c.id", nil, func(sc scanner) error {
			c, err := scanContractor(sc)
			cs = append(cs, c)
			return err
		}); err != nil {
			return err
		}
		if err := tx.fillCerts(ctx, cs); err != nil {
			return err
		}
		for _, c := range cs {
			b.Contractors = append(b.Contractors, BookRow[contractors.Contractor]{Item: c})
		}
		where, args := "", []any(nil)
		if units != nil {
			if len(units) == 0 {
				return tx.contractorExtras(ctx, &b, nil, units)
			}
			where, args = " WHERE unit_code IN "+inList(len(units)), anys(units)
		}
		var ids []string
		keep := map[string]bool{}
		if err := tx.each(ctx, "SELECT id FROM contracts"+where+" ORDER BY id", args, func(sc scanner) error {
			var id string
			err := sc.Scan(&id)
			ids, keep[id] = append(ids, id), true
			return err
		}); err != nil {
			return err
		}
		for _, id := range ids {
			c, err := tx.contract(ctx, id)
			if err != nil {
				return err
			}
			c.UnitName, c.ContractorName = "", ""
			b.Contracts = append(b.Contracts, BookRow[contractors.Contract]{Item: c})
		}
		if err := tx.each(ctx, "SELECT "+linkColumns+" FROM subcontracts l ORDER BY l.contract_id, l.id", nil, func(sc scanner) error {
			l, err := scanLink(sc)
			if keep[l.Contract] {
				b.Links = append(b.Links, BookRow[contractors.Link]{Item: l})
			}
			return err
		}); err != nil {
			return err
		}
		var staff []contractors.Staff
		if err := tx.each(ctx, "SELECT "+staffColumns+" FROM contract_staff s ORDER BY s.contract_id, s.id", nil, func(sc scanner) error {
			s, err := scanStaff(sc)
			if keep[s.Contract] {
				staff = append(staff, s)
			}
			return err
		}); err != nil {
			return err
		}
		if err := tx.fillChecks(ctx, staff); err != nil {
			return err
		}
		for _, s := range staff {
			b.Staff = append(b.Staff, BookRow[contractors.Staff]{Item: s})
		}
		return tx.contractorExtras(ctx, &b, keep, units)
	})
	if err != nil {
		return b, fmt.Errorf("read the contractor register: %w", err)
	}
	return b, nil
}
