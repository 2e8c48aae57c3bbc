package store

import (
	"context"

	"kijun/internal/compliance"
	"kijun/internal/idcards"
)

// cards reads the ID cards still owed something (7.4.1ウ, エ, 7.1.1コ):
// those issued or returned (not lost, which cannot be handed back, nor
// destroyed) that a newer card replaced, or whose holder has left by the
// check's day. A re-check reads the cards it names (idcard:NUMBER).
func (r *factsReader) cards(ctx context.Context) error {
	day := dateArg(r.day)
	q := `SELECT c.number, c.kind, c.holder, c.unit_code, c.state, COALESCE(n.number, ''), COALESCE(n.issued_on, ''), COALESCE(p.name, ''),
		CASE WHEN p.status <> 'active' AND p.left_on <> '' AND p.left_on <= ? THEN p.left_on ELSE '' END
		FROM id_cards c LEFT JOIN id_cards n ON n.replaces = c.number LEFT JOIN org_people p ON p.staff_no = c.holder AND c.holder <> ''
		WHERE c.state IN ('issued', 'returned') AND (n.number IS NOT NULL OR p.status <> 'active' AND p.left_on <> '' AND p.left_on <= ?)`
	args := []any{day, day}
	if r.scope != nil {
		ids := r.scope.ids(compliance.KindCard)
		if len(ids) == 0 {
			return nil
		}
		q, args = q+" AND c.number IN "+inList(len(ids)), append(args, anys(ids)...)
	}
	return r.query(ctx, q+" ORDER BY c.number, n.issued_on", args, func(sc scanner) error {
		var c compliance.Card
		var kind string
		if err := sc.Scan(&c.Number, &kind, &c.Holder, &c.Unit, &c.State, &c.ReplacedBy, &c.ReplacedOn, &c.HolderName, &c.LeftOn); err != nil {
			return err
		}
		if n := len(r.f.Cards); n > 0 && r.f.Cards[n-1].Number == c.Number {
			return nil // replaced twice: the first replacement names it
		}
		c.KindLabel, c.HolderLeft = idcards.Kind(kind).Label(), c.LeftOn != ""
		r.f.Cards = append(r.f.Cards, c)
		return nil
	})
}
