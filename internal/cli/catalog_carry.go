package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
	"kijun/internal/catalog/convert"
	"kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// carryAlignments carries the alignment of a city's standard from edition
// a to its next edition b, both loaded (11.3): the decisions on provisions
// whose text is unchanged go forward as they were; the others, changed or
// new, are proposed again and listed for review.
func (c *catalogCmd) carryAlignments(ctx context.Context, a, b *catalog.Catalog, changes []catalog.Change, to string) error {
	if a.Key != b.Key {
		return kijun.Errorf(kijun.EINVALID, "catalog diff --carry needs two editions of one standard, not %s and %s", a.Key, b.Key)
	}
	if to == "" {
		to = "kobe-kijun@5.5"
	}
	key, edition, err := store.ParseCatalogRef(to)
	if err != nil {
		return err
	}
	ref, err := c.db.Catalog(ctx, key, edition)
	if err != nil {
		return err
	}
	review := map[string]bool{}
	for _, ch := range changes {
		if ch.Kind == catalog.Added || (ch.Kind == catalog.Changed && (slices.Contains(ch.Fields, "text") || slices.Contains(ch.Fields, "table"))) {
			review[ch.ID] = true
		}
	}
	var unchanged, again []string
	for _, p := range b.Provisions {
		if review[p.ID] {
			again = append(again, p.ID)
		} else {
			unchanged = append(unchanged, p.ID)
		}
	}
	n, err := c.db.CarryAlignments(ctx, registers.Console(), b.Key, a.Edition, b.Edition, ref.Key, unchanged)
	if err != nil {
		return err
	}
	// The rest are proposed afresh; a decision carried is kept.
	props := align.Align(b, ref, align.Options{Normalize: convert.DefaultRoles().Canonical})
	if err := c.db.SaveAlignmentProposals(ctx, registers.Console(), b.Key, b.Edition, ref.Key, ref.Edition, props); err != nil {
		return err
	}
	fmt.Fprintf(c.e.stdout, "carried forward: %d decision(s) on provisions whose text is unchanged / 本文に変更のない規定の対応を引継ぎ\n", n)
	fmt.Fprintf(c.e.stdout, "to review again: %d provision(s) changed or new / 変更・追加された規定の対応の再確認: %s\n", len(again), strings.Join(again, " "))
	fmt.Fprintf(c.e.stdout, "review: /catalog/%s/%s/align/%s\n", b.Key, b.Edition, ref.Key)
	return nil
}
