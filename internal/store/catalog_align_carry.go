package store

import (
	"context"
	"fmt"
)

// CarryAlignments carries the CISO's office's decisions on the alignment of
// a city's standard from edition fromEdition to toEdition, both loaded,
// for the provisions whose text the new edition leaves unchanged
// (unchanged names them): a decided provision is decided in the new
// edition as it was, by whom and when it was. A provision already decided
// in the new edition keeps that decision. The confirmed alignments
// themselves are the city's, not an edition's, and stay as they are. It
// returns how many decisions it carried.
func (db *DB) CarryAlignments(ctx context.Context, g CityWide, key, fromEdition, toEdition, toKey string, unchanged []string) (int, error) {
	if g == nil || !g.City() {
		return 0, errAlignForbidden()
	}
	carried := 0
	err := db.Update(ctx, func(tx *Tx) error {
		for _, ed := range []string{fromEdition, toEdition} {
			if err := tx.catalogLoaded(ctx, key, ed); err != nil {
				return err
			}
		}
		var ids []string
		for _, pid := range unchanged {
			if err := tx.provisionExists(ctx, key, toEdition, pid); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO catalog_alignments (from_key, from_edition, from_pid, to_key, to_edition, ord, candidates, doubt, status, decided_by, decided_at)
				SELECT from_key, ?, from_pid, to_key, to_edition, ord, candidates, doubt, status, decided_by, decided_at FROM catalog_alignments
				WHERE from_key = ? AND from_edition = ? AND from_pid = ? AND to_key = ? AND status <> 'proposed'
				ON CONFLICT (from_key, from_edition, from_pid, to_key) DO UPDATE SET to_edition = excluded.to_edition, ord = excluded.ord,
				candidates = excluded.candidates, doubt = excluded.doubt, status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at
				WHERE catalog_alignments.status = 'proposed'`,
				toEdition, key, fromEdition, pid, toKey)
			if err != nil {
				return fmt.Errorf("carry the alignment of %s: %w", pid, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				carried++
				ids = append(ids, pid)
			}
		}
		_, err := tx.Record(ctx, Change{Action: "catalog.alignment.carry_forward", Entity: "catalog_alignment",
			EntityID: key + "@" + fromEdition + ">" + key + "@" + toEdition + ">" + toKey, State: ids, Provisions: []string{"11.3"}})
		return err
	})
	return carried, err
}
