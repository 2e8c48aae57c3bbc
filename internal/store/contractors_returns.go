package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kijun/internal/contractors"
	"kijun/internal/kijun"
	"kijun/internal/records"
)

// 10.1.2ア(8): the return or disposal of each asset a contract entrusted,
// recorded as the work ends; the contract closes only once every one is
// accounted for.

// ContractReturns returns what became of the assets contract entrusted,
// by asset.
func (db *DB) ContractReturns(ctx context.Context, contract string) ([]contractors.Return, error) {
	var out []contractors.Return
	err := db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.contractReturns(ctx, contract)
		return err
	})
	return out, err
}

func (tx *Tx) contractReturns(ctx context.Context, contract string) ([]contractors.Return, error) {
	var out []contractors.Return
	err := tx.each(ctx, `SELECT contract_id, asset_id, outcome, done_on, certificate, note, recorded_by, created_at
		FROM contract_returns WHERE contract_id = ? ORDER BY asset_id`, []any{contract}, func(sc scanner) error {
		var r contractors.Return
		var outcome, on, created string
		err := sc.Scan(&r.Contract, &r.Asset, &outcome, &on, &r.Certificate, &r.Note, &r.RecordedBy, &created)
		r.Outcome, r.On, r.CreatedAt = contractors.Outcome(outcome), parseDay(on), parseStoredTime(created)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the returns of %s: %w", contract, err)
	}
	return out, nil
}

// RecordReturn records that an asset the contract entrusted was returned
// or disposed of (10.1.2ア(8)), for g, who must keep the contract's 課.
// An asset is recorded once: a second record of it is refused beside the
// field, as is an asset the contract does not entrust.
func (db *DB) RecordReturn(ctx context.Context, g Gate, r contractors.Return) (contractors.Return, error) {
	err := db.Update(ctx, func(tx *Tx) (err error) {
		r, err = tx.recordReturn(ctx, g, r)
		return err
	})
	return r, err
}

// recordReturn is RecordReturn within tx, for the page and the
// workbook's import alike.
func (tx *Tx) recordReturn(ctx context.Context, g Gate, r contractors.Return) (contractors.Return, error) {
	err := func() error {
		r.Contract, r.Asset = strings.TrimSpace(r.Contract), strings.TrimSpace(r.Asset)
		c, err := tx.contract(ctx, r.Contract)
		if err != nil {
			return err
		}
		if !g.Keeps(c.Unit) { // 8.2.1ア
			return errNotKept("契約", c.ID)
		}
		fe := &kijun.FieldErrors{Fields: r.Check()}
		if len(fe.Fields) == 0 {
			done, err := tx.contractReturns(ctx, c.ID)
			if err != nil {
				return err
			}
			switch {
			case !slices.Contains(c.Assets, r.Asset):
				fe.Add(contractors.FieldAsset, "情報資産 %s はこの契約で委託していません", r.Asset)
			case slices.ContainsFunc(done, func(d contractors.Return) bool { return d.Asset == r.Asset }):
				fe.Add(contractors.FieldAsset, "情報資産 %s の返還・廃棄は記録済みです", r.Asset)
			}
		}
		if err := fe.AsError(); err != nil {
			return err
		}
		r.RecordedBy, r.CreatedAt = kijun.ActorFrom(ctx).ID, tx.db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO contract_returns (contract_id, asset_id, outcome, done_on, certificate, note, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Contract, r.Asset, string(r.Outcome), day(r.On), r.Certificate, r.Note, r.RecordedBy,
			records.FormatTime(r.CreatedAt)); err != nil {
			return fmt.Errorf("record the return of %s under %s: %w", r.Asset, r.Contract, err)
		}
		_, err = tx.Record(ctx, Change{Action: "contract.return", Entity: "contract", EntityID: c.ID, State: r, Provisions: []string{"10.1.2.ア.(8)"}})
		return err
	}()
	return r, err
}

// checkClosing refuses to end contract c while an asset it entrusted is
// neither returned nor disposed of (10.1.2ア(8)), naming each one. Only a
// contract that becomes ended is asked; one already ended stays as it is.
func (tx *Tx) checkClosing(ctx context.Context, c contractors.Contract, wasEnded bool) ([]kijun.FieldError, error) {
	if c.State != contractors.StateEnded || wasEnded || len(c.Assets) == 0 {
		return nil, nil
	}
	done, err := tx.contractReturns(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	missing := c.Unaccounted(done)
	if len(missing) == 0 {
		return nil, nil
	}
	return []kijun.FieldError{{Field: contractors.FieldState, Message: fmt.Sprintf(
		"委託した情報資産 %s の返還・廃棄が記録されていないため、契約を終了できません（10.1.2ア(8)。契約の画面で返還・廃棄を記録してください）",
		strings.Join(missing, "、"))}}, nil
}
