package store

import (
	"context"

	"kijun/internal/catalog"
	"kijun/internal/catalog/align"
)

// Crosswalk builds the crosswalk from the city's standard to the reference
// through the alignments the CISO's office confirmed (11.3): what checks,
// permits, questions and the statement of applicability follow.
func (db *DB) Crosswalk(ctx context.Context, city, ref *catalog.Catalog) (*align.Crosswalk, error) {
	confirmed, err := db.ConfirmedAlignments(ctx, city.Key, ref.Key)
	if err != nil {
		return nil, err
	}
	byCity := map[string][]string{}
	for from, ms := range confirmed {
		for _, m := range ms {
			byCity[from] = append(byCity[from], m.To)
		}
	}
	return align.NewCrosswalk(city, ref, byCity), nil
}
