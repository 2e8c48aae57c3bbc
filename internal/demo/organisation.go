package demo

import (
	"context"
	"math/rand/v2"

	"kijun/internal/store"
)

// generateOrganisation writes みなと市's organisation, staff and role holders.
func generateOrganisation(ctx context.Context, db *store.DB, rng *rand.Rand, opts Options, sum *Summary) error {
	return nil
}
