package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kijun/internal/assets"
	"kijun/internal/kijun"
	"kijun/internal/records"
)

// A staged import is written in short transactions, so that a city's
// register does not hold other people's saves for the length of its
// write, and stays all or nothing in outcome:
//
//  1. claim: the checked rows are stored as claims, a chunk to a
//     transaction, each chunk first comparing the versions of its assets
//     with those the check read. A claimed asset cannot be saved by
//     anyone else (saveAsset, and other imports' checks, refuse it). A
//     version that moved, or an asset another import has claimed, ends
//     the import here: its claims are dropped and nothing has been
//     written to the register.
//  2. commit point: one short transaction turns the import to applying.
//     From here on the import is decided: every row was checked, with
//     its 課 before and after (8.2.1ア), and no one can change its assets.
//  3. apply: the claims are written, a chunk to a transaction, each row
//     with its ledger record (4.4), each chunk's claims dropped with its
//     write. A write that stops (an error, a restart) is taken up again
//     where it stopped by ResumeImports, from the rows the claims hold.
//
// What people see while step 3 runs is the register part written: rows
// appear chunk by chunk over the seconds the write takes, as they would
// if the rows were saved one after another. What they never see is an
// import written in part for good: once it starts writing it is written
// to the end, and before that nothing of it is.
const (
	applyClaiming = "claiming"
	applyApplying = "applying"
)

// importChunk is how many rows a staged import claims or writes in one
// transaction: on SQLite, where every save waits for the one writer,
// about a second of work on a loaded machine.
func (db *DB) importChunk() int {
	if db.Dialect == Postgres {
		return 5000
	}
	return 1000
}

// staleClaiming is how long an import may stay claiming without a chunk
// before ResumeImports takes it for one whose process stopped.
const staleClaiming = 10 * time.Minute

type importIDKey struct{}

// WithImportID returns ctx naming the staged import it runs (the
// upload's ID), so that a job run again after a restart finds the import
// it started (ResumeImport).
func WithImportID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, importIDKey{}, id)
}

func importIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(importIDKey{}).(string)
	return id
}

// writeStaged writes checked rows: claimed in chunks, then applied in
// chunks (see the steps above). A row whose asset was saved by someone
// else since it was checked, or that another import is writing, makes
// the whole import an EINVALID error naming its row, and nothing is
// written, since the check that allowed the row was of the asset as it
// was.
func (db *DB) writeStaged(ctx context.Context, sheet string, columns map[string]string, st *stagedAssets, prog *ImportProgress) error {
	if len(st.writes) == 0 {
		return nil
	}
	id := importIDFrom(ctx)
	if id == "" {
		id = rand.Text()[:20]
	}
	if err := db.claimStaged(ctx, id, sheet, columns, st); err != nil {
		if derr := db.dropImport(context.WithoutCancel(ctx), id); derr != nil {
			return errors.Join(err, derr)
		}
		return err
	}
	// Past the commit point the import is written to the end: a write
	// that fails (a database that stopped answering a while) is tried
	// again, and failing still, is left for ResumeImports, which the next
	// server start runs. The person is told what is written so far.
	var err error
	for try := range applyTries {
		if try > 0 {
			time.Sleep(time.Duration(try) * time.Second)
		}
		if _, err = db.applyClaims(ctx, id, prog); err == nil {
			return nil
		}
	}
	return kijun.Wrap(kijun.EUNAVAILABLE, err, "取込みの書き込みが途中で止まりました（書き込んだ行は %d 行）。残りは確認済みで、サーバの再起動時に最後まで書き込まれます。それまで、この取込みの情報資産は保存できません",
		prog.Written.Load())
}

// applyTries is how many times writeStaged tries to write a decided
// import before leaving it for ResumeImports.
const applyTries = 3

// claimStaged stores the rows of st as claims of import id and turns the
// import to applying.
func (db *DB) claimStaged(ctx context.Context, id, sheet string, columns map[string]string, st *stagedAssets) error {
	actor := kijun.ActorFrom(ctx)
	now := records.FormatTime(db.Now())
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO import_applies (id, sheet, state, actor, on_behalf, rows_total, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, sheet, applyClaiming, actor.ID, actor.OnBehalfOf, len(st.writes), now, now)
		return err
	}); err != nil {
		return fmt.Errorf("start import %s: %w", id, err)
	}
	chunk := db.importChunk()
	for start := 0; start < len(st.writes); start += chunk {
		ws := st.writes[start:min(start+chunk, len(st.writes))]
		if err := db.Update(ctx, func(tx *Tx) error { return tx.claimChunk(ctx, id, sheet, columns, st, ws, start) }); err != nil {
			return err
		}
	}
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE import_applies SET state = ?, updated_at = ? WHERE id = ?", applyApplying, records.FormatTime(db.Now()), id)
		return err
	})
}

// claimChunk claims the assets of ws, the rows from start on, when each
// is still at the version its check read and no other import claims it.
func (tx *Tx) claimChunk(ctx context.Context, id, sheet string, columns map[string]string, st *stagedAssets, ws []assetWrite, start int) error {
	keys := make([]any, len(ws))
	for i, w := range ws {
		keys[i] = w.a.ID
	}
	now := map[string]int64{}
	if err := tx.eachIn(ctx, "SELECT id, version FROM assets WHERE id IN ", keys, func(sc scanner) error {
		var aid string
		var v int64
		err := sc.Scan(&aid, &v)
		now[aid] = v
		return err
	}); err != nil {
		return fmt.Errorf("read versions of assets: %w", err)
	}
	claimed := map[string]bool{}
	if err := tx.eachIn(ctx, "SELECT asset_id FROM import_asset_claims WHERE asset_id IN ", keys, func(sc scanner) error {
		var aid string
		err := sc.Scan(&aid)
		claimed[aid] = true
		return err
	}); err != nil {
		return fmt.Errorf("read claims of assets: %w", err)
	}
	ie := &kijun.ImportError{What: "情報資産台帳"}
	args := make([]any, 0, 6*len(ws))
	for i, w := range ws {
		was := st.versions[w.a.ID]
		switch {
		case claimed[w.a.ID]:
			ie.Add(sheet, was.line, columns[assets.FieldID], "管理番号 %s は他の取込みが書き込み中です。その取込みが終わってから取り込み直してください", w.a.ID)
		case now[w.a.ID] != was.version:
			ie.Add(sheet, was.line, columns[assets.FieldID], "管理番号 %s は確認の後に他の人が保存しました。取り込み直してください", w.a.ID)
		}
		row, err := json.Marshal(w.a)
		if err != nil {
			return fmt.Errorf("claim asset %s: %w", w.a.ID, err)
		}
		args = append(args, w.a.ID, id, start+i, boolInt(w.existed), boolInt(w.stageChanged), string(row))
	}
	if err := ie.AsError(); err != nil {
		return err
	}
	for off := 0; off < len(args); off += 6 * 400 {
		part := args[off:min(off+6*400, len(args))]
		if _, err := tx.ExecContext(ctx, "INSERT INTO import_asset_claims (asset_id, import_id, seq, existed, stage_changed, row_json) VALUES "+placeholders(len(part)/6, 6), part...); err != nil {
			return fmt.Errorf("claim assets: %w", err)
		}
	}
	return tx.execOnly(ctx, "UPDATE import_applies SET updated_at = ? WHERE id = ?", records.FormatTime(tx.db.Now()), id)
}

// execOnly runs a statement whose result is not needed.
func (tx *Tx) execOnly(ctx context.Context, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// applyClaims writes the claims of import id, a chunk to a transaction,
// each row with its ledger record in the name of the person who imported
// it, and ends the import. It returns how many rows it wrote.
func (db *DB) applyClaims(ctx context.Context, id string, prog *ImportProgress) (int, error) {
	var actor kijun.Actor
	if err := db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT actor, on_behalf FROM import_applies WHERE id = ?", id).Scan(&actor.ID, &actor.OnBehalfOf)
	}); err != nil {
		return 0, fmt.Errorf("load import %s: %w", id, err)
	}
	// 4.4: the records are the importer's, resumed or not.
	ctx = kijun.WithActor(ctx, actor)
	written := 0
	for {
		n, err := db.applyChunk(ctx, id)
		if err != nil {
			return written, fmt.Errorf("write import %s: %w", id, err)
		}
		if n == 0 {
			break
		}
		written += n
		if prog != nil {
			prog.Written.Add(int64(n))
		}
	}
	return written, db.dropImport(ctx, id)
}

// applyChunk writes the next chunk of import id's claims and drops them,
// in one transaction, and returns how many rows it wrote.
func (db *DB) applyChunk(ctx context.Context, id string) (int, error) {
	var n int
	err := db.Update(ctx, func(tx *Tx) error {
		var ws []assetWrite
		var cs []Change
		var last int64
		if err := tx.each(ctx, "SELECT seq, existed, stage_changed, row_json FROM import_asset_claims WHERE import_id = ? ORDER BY seq LIMIT ?",
			[]any{id, db.importChunk()}, func(sc scanner) error {
				var existed, changed int
				var row string
				if err := sc.Scan(&last, &existed, &changed, &row); err != nil {
					return err
				}
				var a assets.Asset
				if err := json.Unmarshal([]byte(row), &a); err != nil {
					return fmt.Errorf("read claimed row: %w", err)
				}
				ws = append(ws, assetWrite{a: a, existed: existed != 0, stageChanged: changed != 0})
				action := "asset.create"
				if existed != 0 {
					action = "asset.update"
				}
				cs = append(cs, assetChange(action, a))
				return nil
			}); err != nil {
			return err
		}
		if n = len(ws); n == 0 {
			return nil
		}
		if err := tx.writeAssets(ctx, ws); err != nil {
			return err
		}
		if err := tx.RecordMany(ctx, cs); err != nil {
			return err
		}
		return tx.execOnly(ctx, "DELETE FROM import_asset_claims WHERE import_id = ? AND seq <= ?", id, last)
	})
	return n, err
}

// dropImport removes import id and what it still claims.
func (db *DB) dropImport(ctx context.Context, id string) error {
	err := db.Update(ctx, func(tx *Tx) error {
		if err := tx.execOnly(ctx, "DELETE FROM import_asset_claims WHERE import_id = ?", id); err != nil {
			return err
		}
		return tx.execOnly(ctx, "DELETE FROM import_applies WHERE id = ?", id)
	})
	if err != nil {
		return fmt.Errorf("end import %s: %w", id, err)
	}
	return nil
}

// ResumeImport finishes import id when it stopped after its commit point
// (its rows are written to the end, and found reports true), and drops
// it when it stopped while claiming (nothing of it was written). An
// import that is not there leaves nothing to do.
func (db *DB) ResumeImport(ctx context.Context, id string) (written int, found bool, err error) {
	var state string
	err = db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, "SELECT state FROM import_applies WHERE id = ?", id).Scan(&state)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	} else if err != nil {
		return 0, false, fmt.Errorf("load import %s: %w", id, err)
	}
	if state != applyApplying {
		return 0, false, db.dropImport(ctx, id)
	}
	written, err = db.applyClaims(ctx, id, nil)
	return written, true, err
}

// ResumeImports finishes every import that stopped after its commit
// point, and drops those left claiming for longer than staleClaiming (a
// process that stopped before the point): a server calls it as it
// starts. It returns how many rows it wrote.
func (db *DB) ResumeImports(ctx context.Context) (int, error) {
	type pending struct{ id, state, updated string }
	var ps []pending
	if err := db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, "SELECT id, state, updated_at FROM import_applies ORDER BY created_at", nil, func(sc scanner) error {
			var p pending
			err := sc.Scan(&p.id, &p.state, &p.updated)
			ps = append(ps, p)
			return err
		})
	}); err != nil {
		return 0, fmt.Errorf("list stopped imports: %w", err)
	}
	total := 0
	for _, p := range ps {
		if p.state != applyApplying {
			if at, _ := time.Parse(records.TimeFormat, p.updated); db.Now().Sub(at) > staleClaiming {
				if err := db.dropImport(ctx, p.id); err != nil {
					return total, err
				}
			}
			continue
		}
		n, err := db.applyClaims(ctx, p.id, nil)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// refuseClaimed is a save's check that no import is writing the asset.
func (tx *Tx) refuseClaimed(ctx context.Context, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM import_asset_claims WHERE asset_id = ?", id).Scan(&n); err != nil {
		return fmt.Errorf("read claims of asset %s: %w", id, err)
	}
	if n > 0 {
		return kijun.Errorf(kijun.ECONFLICT, "情報資産 %s は取込みが書き込み中です。取込みが終わってから（数十秒ほど）もう一度保存してください", id)
	}
	return nil
}

// claimedByOthers returns the assets imports other than the one in ctx
// claim, for an import's check.
func (tx *Tx) claimedByOthers(ctx context.Context) (map[string]bool, error) {
	m := map[string]bool{}
	err := tx.each(ctx, "SELECT asset_id FROM import_asset_claims WHERE import_id <> ?", []any{importIDFrom(ctx)}, func(sc scanner) error {
		var id string
		err := sc.Scan(&id)
		m[id] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read claims of imports: %w", err)
	}
	return m, nil
}
