package cli

import (
	"context"
	"fmt"

	"kijun/internal/kijun"
	"kijun/internal/store"
)

// verifyState compares every register row with the state its last ledger
// record holds and prints each difference (4.4): a direct edit of a table
// leaves the ledger's hashes intact, but not the digests it recorded.
func verifyState(ctx context.Context, e *env, db *store.DB) error {
	diffs, err := db.VerifyState(ctx)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprintln(e.stdout, "OK every register row is the state its last ledger record holds")
		return nil
	}
	for _, d := range diffs {
		fmt.Fprintln(e.stdout, "FAIL "+d.String())
	}
	return kijun.Errorf(kijun.EINVALID, "台帳の %d 行が記録台帳の最後の記録と一致しません（Kijun の外で変更されました） / %d register row(s) differ from their last ledger record", len(diffs), len(diffs))
}
