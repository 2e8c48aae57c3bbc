package store

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"kijun/internal/assets"
	"kijun/internal/kijun"
)

// AssetRow is a row of an imported register: the asset and where it was.
type AssetRow struct {
	Line  int
	Asset assets.Asset
}

// AssetPlan is the plan of an asset import.
type AssetPlan = ImportPlan

// ImportPlan is what an import of a register does or would do.
type ImportPlan struct {
	Added     []string `json:"added"`
	Changed   []string `json:"changed"`
	Unchanged int      `json:"unchanged"`
	DryRun    bool     `json:"dry_run"`
}

// Describe says what the plan does, in Japanese.
func (p *ImportPlan) Describe() string {
	verb := "取り込みました"
	if p.DryRun {
		verb = "取り込むと"
	}
	return fmt.Sprintf("%s: 追加 %d 件、変更 %d 件、変更なし %d 件", verb, len(p.Added), len(p.Changed), p.Unchanged)
}

// ImportAssets checks every row, by the rules a save of it by the form
// applies (g is asked about each row's 課 before and after, as
// CreateAsset and UpdateAsset ask), and then, unless dryRun, adds the new
// assets and changes the changed ones in one transaction, each with its
// ledger record. Any wrong row is an EINVALID error wrapping a
// *kijun.ImportError that names its sheet, row, column and reason, and
// nothing is written. Rows match stored assets by 管理番号, so importing
// the same file again changes nothing.
func (db *DB) ImportAssets(ctx context.Context, g Gate, sheet string, rows []AssetRow, ss assets.Scales, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	return db.ImportAssetStream(ctx, g, sheet, slices.Values(rows), nil, ss, columns, dryRun)
}

// importBatch is how many rows an import writes at a time while it reads
// the rest.
const importBatch = 5000

// ImportAssetStream is ImportAssets for rows that are still being read: it
// checks and writes them as they come, so that reading a workbook and
// writing the register take their time together, and commits only when
// every row has been read and found right. read, when not nil, is called
// once the rows are all read and returns what the reader found wrong (a
// cell that could not be read, a unit the importer may not import):
// that error is returned instead of the store's own, and nothing is
// written, as when the reader fails before the import starts. A row
// that names as its original (原本) an asset further down the file is
// checked once the file is read.
//
// With an ImportProgress in ctx (WithImportProgress), the import counts
// its rows there and is staged: every row is read and checked in a read
// transaction, which holds up no one's saves, and only then written in
// short transactions of a chunk of rows each, after making sure no asset
// the file touches was saved by someone else since it was read; all or
// nothing in outcome (see writeStaged and assets_import_claims.go).
func (db *DB) ImportAssetStream(ctx context.Context, g Gate, sheet string, rows iter.Seq[AssetRow], read func() error, ss assets.Scales, columns map[string]string, dryRun bool) (*ImportPlan, error) {
	ie := &kijun.ImportError{What: "情報資産台帳"}
	plan := &ImportPlan{DryRun: dryRun}
	prog := ImportProgressFrom(ctx)
	staged := prog != nil && !dryRun
	var st *stagedAssets
	if staged {
		st = &stagedAssets{versions: map[string]stagedRow{}}
	}
	apply := func(tx *Tx) error {
		units, err := tx.unitCodes(ctx)
		if err != nil {
			return err
		}
		claimed, err := tx.claimedByOthers(ctx)
		if err != nil {
			return err
		}
		existing := map[string]assets.Asset{}
		if err := tx.eachAsset(ctx, "", nil, func(a assets.Asset) error { existing[a.ID] = a; return nil }); err != nil {
			return err
		}
		var indexes indexSet
		if !dryRun && !staged && len(existing) < bulkLoadBelow {
			if indexes, err = tx.dropSecondaryIndexes(ctx, "assets", "asset_holders", "asset_stages"); err != nil {
				return err
			}
		}
		now := db.Now()
		seen := map[string]int{}
		var copies []AssetRow // rows whose original is not registered, checked at the end
		var writes []assetWrite
		var changes []Change
		// Each batch is made ready here (prepareAssets) and written by w
		// while the next is read and checked.
		w := startWriter()
		defer w.stop()
		flush := func() error {
			if staged && len(ie.Errors) == 0 {
				// The records are made as the claims are written
				// (applyChunk).
				st.writes = append(st.writes, writes...)
				writes, changes = nil, nil
				return nil
			}
			if dryRun || staged || len(ie.Errors) > 0 || len(writes) == 0 {
				writes, changes = writes[:0], changes[:0]
				return nil
			}
			write, cs := tx.prepareAssets(ctx, writes), changes
			if err := w.do(func() error {
				if err := write(); err != nil {
					return err
				}
				return tx.RecordMany(ctx, cs)
			}); err != nil {
				return err
			}
			writes, changes = nil, nil
			return nil
		}
		n := 0
		for r := range rows {
			n++
			if prog != nil {
				prog.Checked.Add(1)
			}
			a := r.Asset
			for _, f := range a.Check(ss) {
				ie.Add(sheet, r.Line, columns[f.Field], "%s", f.Message)
			}
			if first, dup := seen[a.ID]; dup {
				ie.Add(sheet, r.Line, columns[assets.FieldID], "管理番号 %s は %d 行目と重複しています", a.ID, first)
			} else {
				seen[a.ID] = r.Line
			}
			if a.Unit != "" && !units[a.Unit] {
				ie.Add(sheet, r.Line, columns[assets.FieldUnit], "所管課コード %s の組織はありません", a.Unit)
			} else if a.Unit != "" && !g.Keeps(a.Unit) { // 8.2.1ア: the row's 課 as it will be
				ie.Add(sheet, r.Line, columns[assets.FieldUnit], "%s", notKeptUnit(a.Unit))
			}
			if claimed[a.ID] { // an asset another import is writing (writeStaged)
				ie.Add(sheet, r.Line, columns[assets.FieldID], "管理番号 %s は他の取込みが書き込み中です。その取込みが終わってから取り込み直してください", a.ID)
			}
			if _, ok := existing[a.OriginalID]; a.OriginalID != "" && !ok {
				copies = append(copies, r)
			}
			old, found := existing[a.ID]
			if staged {
				st.versions[a.ID] = stagedRow{version: old.Version, line: r.Line} // 0 when new
			}
			if found && !g.Keeps(old.Unit) { // 8.2.1ア: and the stored record's, as it is now
				ie.Add(sheet, r.Line, columns[assets.FieldID], "%s", notKeptRow("管理番号", a.ID))
				continue
			}
			if a.Stage == assets.StageDispose && (!found || old.Stage != assets.StageDispose) {
				// 4.2ケ: an asset is marked disposed only with its permit
				// and record, as the form asks, a new row as much as one
				// already registered. The writer gives up the transaction
				// first.
				if err := w.wait(); err != nil {
					return err
				}
				if err := tx.checkDisposal(ctx, a); err != nil {
					ie.Add(sheet, r.Line, columns[assets.FieldStage], "%s", kijun.ErrorMessage(err))
				}
			}
			// 4.4: the time is set before the record is made, so the state
			// the record holds is the row written.
			a.UpdatedAt = now
			switch {
			case found && old.Same(a):
				plan.Unchanged++
				continue
			case found:
				a.CreatedAt, a.Version = old.CreatedAt, old.Version+1
				plan.Changed = append(plan.Changed, a.ID)
				changes = append(changes, assetChange("asset.update", a))
			default:
				a.CreatedAt, a.Version = now, 1
				plan.Added = append(plan.Added, a.ID)
				changes = append(changes, assetChange("asset.create", a))
			}
			writes = append(writes, assetWrite{a: a, stageChanged: !found || old.Stage != a.Stage, existed: found})
			if len(writes) >= importBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if read != nil {
			if err := read(); err != nil {
				return err
			}
		}
		if n == 0 {
			ie.Add(sheet, 2, "", "取り込む行がありません")
		}
		for _, r := range copies {
			if _, ok := seen[r.Asset.OriginalID]; !ok {
				ie.Add(sheet, r.Line, columns[assets.FieldOriginalID], "原本の管理番号 %s の情報資産はありません", r.Asset.OriginalID)
			}
		}
		if err := ie.AsError(); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		if err := w.stop(); err != nil {
			return err
		}
		return indexes.build(ctx, tx)
	}
	if err := db.importTx(ctx, dryRun || staged, apply); err != nil {
		return nil, err
	}
	if staged {
		if err := db.writeStaged(ctx, sheet, columns, st, prog); err != nil {
			return nil, err
		}
	}
	return plan, nil
}
