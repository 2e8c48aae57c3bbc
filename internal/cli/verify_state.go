package cli

import (
	"context"

	"kijun/internal/store"
)

func verifyState(ctx context.Context, e *env, db *store.DB) error { return nil }
