package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"kijun/internal/kijun"
	"kijun/internal/records"
	"kijun/internal/store"
)

// checkLedgerBeforeServing verifies the whole ledger against the signed
// tree heads kept beside the ledger key, and signs the head serve starts
// from. A ledger rewritten, cut short or replaced by an older copy since
// the last head stops serve before it signs anything (4.4).
func checkLedgerBeforeServing(ctx context.Context, e *env, db *store.DB) error {
	if db.LedgerHeads() == "" {
		return nil // no key attached: nothing is signed
	}
	start := time.Now()
	opts, err := headsOptions(db.LedgerHeads(), db.LedgerKey().Public(), false)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "記録台帳を検証できないため起動しません / not starting")
	}
	rep, err := db.VerifyLedger(ctx, opts)
	if err != nil {
		return kijun.Wrap(kijun.EINVALID, err, "記録台帳の検証に失敗したため起動しません。kijun verify で確認してください / the ledger fails verification: not starting")
	}
	h, err := db.SignTreeHead(ctx)
	if err != nil && kijun.ErrorCode(err) != kijun.ENOTFOUND {
		return kijun.Wrap(kijun.EINVALID, err, "記録台帳の木の先頭に署名できないため起動しません / not starting")
	}
	args := []any{"records", rep.Records, "root", rep.Tree.Hash.String(), "took", time.Since(start).Round(time.Millisecond).String(), "heads", db.LedgerHeads()}
	if h != nil {
		args = append(args, "signed_head", h.N)
	}
	e.log.Info("ledger verified", args...)
	return nil
}

// headsOptions reads the heads file at path with pub and returns the
// options that make VerifyLedger check the ledger against the heads that
// still bind it. A missing file is no error unless required.
func headsOptions(path string, pub ed25519.PublicKey, required bool) (store.VerifyOptions, error) {
	var opts store.VerifyOptions
	heads, err := records.ReadHeads(path, pub)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !required:
		return opts, nil
	case errors.Is(err, fs.ErrNotExist):
		return opts, fmt.Errorf("no signed tree head from key %s: the heads file %s does not exist", records.KeyID(pub), path)
	case err != nil:
		return opts, err
	case len(heads) == 0 && required:
		return opts, fmt.Errorf("no signed tree head from key %s in %s", records.KeyID(pub), path)
	}
	opts.Heads, _ = records.Current(heads)
	return opts, nil
}
