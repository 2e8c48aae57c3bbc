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
	"kijun/internal/wareki"
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
	opts, err := headsOptions(db.LedgerHeads(), db.HeadKeys(), false)
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
func headsOptions(path string, pubs []ed25519.PublicKey, required bool) (store.VerifyOptions, error) {
	var opts store.VerifyOptions
	pub := pubs[len(pubs)-1]
	heads, err := records.ReadHeads(path, pubs...)
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

// stateCheckArgs is the job of the nightly check of the ledger against the
// registers.
type stateCheckArgs struct{}

func (stateCheckArgs) Kind() string { return "ledger.nightly" }

// nightlyLedgerCheck verifies the ledger against the signed heads and
// compares every register row with the state its last record holds, once a
// day from 2 a.m. JST (4.4). It records the result in the ledger, which is
// also how the next run knows this day is done, and logs each difference.
func nightlyLedgerCheck(ctx context.Context, e *env, db *store.DB) error {
	now := db.Now().In(wareki.JST())
	if now.Hour() < 2 {
		return nil
	}
	last, err := db.Records(ctx, store.RecordFilter{Entity: "ledger", EntityID: "nightly", Limit: 1})
	if err != nil {
		return err
	}
	if len(last) > 0 && last[0].At.In(wareki.JST()).Format(time.DateOnly) == now.Format(time.DateOnly) {
		return nil
	}
	result := struct {
		Ledger string   `json:"ledger"`
		State  []string `json:"state"`
	}{Ledger: "ok", State: []string{}}
	var opts store.VerifyOptions
	if db.LedgerKey() != nil && db.LedgerHeads() != "" {
		if opts, err = headsOptions(db.LedgerHeads(), db.HeadKeys(), false); err != nil {
			result.Ledger = err.Error()
		}
	}
	if result.Ledger == "ok" {
		if _, err := db.VerifyLedger(ctx, opts); err != nil {
			result.Ledger = err.Error()
		}
	}
	if result.Ledger != "ok" {
		e.log.Error("nightly ledger check: the ledger fails verification", "err", result.Ledger)
	}
	diffs, err := db.VerifyState(ctx)
	if err != nil {
		return err
	}
	for _, d := range diffs {
		result.State = append(result.State, d.String())
		e.log.Warn("nightly ledger check: a register row differs from its last record", "entity", d.Entity, "id", d.ID, "record", d.Seq, "what", d.What)
	}
	e.log.Info("nightly ledger check", "ledger", result.Ledger, "state_differences", len(diffs))
	ctx = kijun.WithActor(ctx, kijun.Actor{ID: kijun.SystemID})
	return db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Record(ctx, store.Change{Action: "ledger.check", Entity: "ledger", EntityID: "nightly", State: result, Provisions: []string{"4.4"}})
		return err
	})
}
